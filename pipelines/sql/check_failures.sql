-- The failures of one rule ($rule_id), with who, which file and the numbers on both sides.
with results as (
    select * from check_result where rule_id = $rule_id and status = 'fail'
),
reports as (
    select report_id, agency, report_year, source_name from dim_report
),
final as (
    select
        results.report_id,
        reports.agency,
        reports.report_year,
        reports.source_name,
        results.scope,
        results.left_value,
        results.right_value,
        results.difference,
        results.failure_kind,
        results.detail
    from results
    join reports using (report_id)
)
select * from final order by source_name, scope
