-- Each rule's tally over all reports.
with results as (
    select * from check_result
),
final as (
    select
        rule_id,
        count(*) filter (where status = 'pass') as passed,
        count(*) filter (where status = 'fail') as failed,
        count(*) filter (where status = 'not_assessable') as not_assessable
    from results
    group by rule_id
)
select * from final order by rule_id
