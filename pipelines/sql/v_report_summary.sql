-- One row per report in the raw folder now, with the headline numbers an analyst asks for first.
create or replace view v_report_summary as
with reports as (
    select * from dim_report where is_current
),
requests as (
    select
        report_id,
        max(value) filter (where row_code = 'new_received') as requests_received,
        max(value) filter (where row_code = 'carried_over') as requests_carried_over,
        max(value) filter (where row_code = 'total_handled') as requests_handled,
        max(value) filter (where row_code = 'granted') as requests_granted,
        max(value) filter (where row_code = 'partially_granted') as requests_partially_granted,
        max(value) filter (where row_code = 'carried_forward') as requests_carried_forward
    from fact_request
    where applicant_code = 'total'
    group by report_id
),
disputes as (
    select
        report_id,
        max(value) filter (where proceeding_code = 'admin_review') as admin_reviews,
        sum(value) filter (where proceeding_code like 'litigation%') as lawsuits,
        sum(value) filter (where outcome_code = 'corrected') as corrected
    from fact_review_litigation
    where outcome_code in ('total', 'corrected')
    group by report_id
),
checks as (
    select
        report_id,
        count(*) filter (where status = 'fail') as checks_failed,
        count(*) filter (where status = 'pass') as checks_passed
    from check_result
    group by report_id
),
final as (
    select
        reports.report_id,
        reports.agency_id,
        reports.agency,
        reports.report_year,
        reports.template,
        reports.published_on,
        whole_count(requests.requests_received) as requests_received,
        whole_count(requests.requests_carried_over) as requests_carried_over,
        whole_count(requests.requests_handled) as requests_handled,
        whole_count(requests.requests_granted) as requests_granted,
        whole_count(requests.requests_partially_granted) as requests_partially_granted,
        whole_count(requests.requests_carried_forward) as requests_carried_forward,
        whole_count(disputes.admin_reviews) as admin_reviews,
        whole_count(disputes.lawsuits) as lawsuits,
        coalesce(checks.checks_failed, 0) as checks_failed,
        coalesce(checks.checks_passed, 0) as checks_passed,
        reports.warning_count,
        reports.source_name
    from reports
    left join requests using (report_id)
    left join disputes using (report_id)
    left join checks using (report_id)
)
select * from final
