-- Per agency and year: requests received and handled, and the change from the year before. An
-- agency is one body under any of its names (dim_agency), named here as dim_agency spells it.
create or replace view v_agency_year as
with summary as (
    select * from v_report_summary
),
agencies as (
    select agency_id, canonical_name from dim_agency
),
per_year as (
    select
        agency_id,
        report_year,
        sum(requests_received) as requests_received,
        sum(requests_handled) as requests_handled,
        sum(admin_reviews) as admin_reviews,
        sum(lawsuits) as lawsuits
    from summary
    group by agency_id, report_year
),
final as (
    select
        cur.agency_id,
        agencies.canonical_name as agency,
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
    join agencies using (agency_id)
    left join per_year as prev
        on prev.agency_id = cur.agency_id and prev.report_year = cur.report_year - 1
)
select * from final order by agency, report_year
