-- Per agency and year: requests received and handled, and the change from the year before.
create or replace view v_agency_year as
with summary as (
    select * from v_report_summary
),
per_year as (
    select
        agency,
        report_year,
        sum(requests_received) as requests_received,
        sum(requests_handled) as requests_handled,
        sum(admin_reviews) as admin_reviews,
        sum(lawsuits) as lawsuits
    from summary
    group by agency, report_year
),
final as (
    select
        cur.agency,
        cur.report_year,
        cur.requests_received,
        cur.requests_handled,
        cur.admin_reviews,
        cur.lawsuits,
        prev.requests_received as requests_received_prev_year,
        cur.requests_received - prev.requests_received as requests_received_change,
        case when prev.requests_received > 0
            then round(100.0 * (cur.requests_received - prev.requests_received) / prev.requests_received, 1)
        end as requests_received_change_pct
    from per_year as cur
    left join per_year as prev
        on prev.agency = cur.agency and prev.report_year = cur.report_year - 1
)
select * from final order by agency, report_year
