-- How one rule ($rule_id) came out over all reports: scopes passed, failed, not assessable, and
-- failures that may be our misread ($failure_unsure, from invariants.toml).
with results as (
    select * from check_result where rule_id = $rule_id
),
final as (
    select
        count(*) filter (where status = 'pass') as passed,
        count(*) filter (where status = 'fail') as failed,
        count(*) filter (where status = 'not_assessable') as not_assessable,
        count(*) filter (where status = 'fail' and failure_kind = $failure_unsure) as failed_extraction_suspect,
        count(distinct report_id) filter (where status = 'fail') as reports_failing
    from results
)
select * from final
