-- The site's agencies: every agency with a current report, where it is, and how its reports fare.
with agencies as (
    select * from dim_agency where report_count > 0
),
queue as (
    select agency_id, count(*) filter (where review_status = 'needs_review') as needing_review
    from v_review_queue
    group by agency_id
),
failures as (
    select dim_report.agency_id, count(*) as rules_failed
    from check_result
    join dim_report using (report_id)
    where dim_report.is_current and check_result.status = 'fail'
    group by dim_report.agency_id
),
final as (
    select
        agencies.agency_id,
        agencies.canonical_name,
        agencies.kind,
        agencies.resolution,
        agencies.resolution_note,
        agencies.division_code,
        agencies.province_name,
        agencies.prefecture_name,
        agencies.county_name,
        agencies.report_count,
        agencies.first_year,
        agencies.last_year,
        coalesce(queue.needing_review, 0) as needing_review,
        coalesce(failures.rules_failed, 0) as rules_failed
    from agencies
    left join queue using (agency_id)
    left join failures using (agency_id)
)
select * from final order by province_name nulls last, canonical_name
