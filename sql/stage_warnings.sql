-- The parser's warnings on the reports to load.
with reports as (
    select report_id, sha256 from staged_reports
),
warnings as (
    select * from parsed_warnings
),
final as (
    select reports.report_id, warnings.code, warnings.message, warnings.source_line
    from warnings
    join reports using (sha256)
)
select * from final order by report_id, source_line nulls first, code, message
