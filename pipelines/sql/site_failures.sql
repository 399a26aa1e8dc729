-- The site's evidence: every rule an agency's current reports fail, both sides and the detail.
with results as (
    select * from check_result where status = 'fail'
),
reports as (
    select report_id, agency_id, report_year, source_name from dim_report where is_current
),
final as (
    select
        reports.agency_id,
        reports.report_year,
        results.rule_id,
        results.scope,
        results.left_value,
        results.right_value,
        results.difference,
        results.failure_kind,
        results.detail,
        reports.source_name
    from results
    join reports using (report_id)
)
select * from final order by agency_id, report_year, rule_id, scope
