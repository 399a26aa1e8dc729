-- What the parser could not read with confidence, per report.
with warnings as (
    select * from stg_warnings
),
final as (
    select report_id, code, message, source_line from warnings
)
select * from final
