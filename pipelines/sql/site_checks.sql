-- The site's overview: every rule, with its scopes passed, failed by kind, and not assessable.
with rules as (
    select rule_id, kind, description from dim_rule
),
results as (
    select rule_id, status, failure_kind
    from check_result
    join dim_report using (report_id)
    where dim_report.is_current
),
final as (
    select
        rules.rule_id,
        rules.description,
        count(*) filter (where results.status = 'pass') as passed,
        count(*) filter (where results.failure_kind = 'agency_arithmetic') as failed_agency_arithmetic,
        count(*) filter (where results.failure_kind = 'extraction_suspect') as failed_extraction_suspect,
        count(*) filter (where results.status = 'not_assessable') as not_assessable
    from rules
    left join results using (rule_id)
    group by all
)
select * from final order by rule_id
