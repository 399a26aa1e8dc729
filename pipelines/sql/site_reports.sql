-- The site's sources: every current report of every agency, with its file and its review status.
with reports as (
    select report_id, agency_id, agency, report_year, published_on, timeliness, days_after_deadline, format,
        source_path
    from dim_report
    where is_current
),
queue as (
    select report_id, review_status from v_review_queue
),
final as (
    select reports.*, queue.review_status
    from reports
    left join queue using (report_id)
)
select * from final order by agency_id, report_year
