-- What the parser could not read with confidence, per report.
create or replace table parse_warning as
with warnings as (
    select * from stg_warnings
),
final as (
    select report_id, code, message, source_line from warnings
)
select * from final order by report_id, source_line nulls first, code
