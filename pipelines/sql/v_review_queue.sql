-- The review queue: every current report with its review status, those needing review first, by
-- impact. A report needs review when a table was read with less than full confidence or a rule
-- failed where a cell may be misread (extraction_suspect); it leaves the queue once a reviewer
-- marks its content reviewed (python -m pipelines.correct review).
create or replace view v_review_queue as
with reports as (
    select report_id, sha256, agency_id, agency, report_year, source_name from dim_report where is_current
),
readings as (
    select report_id, count(*) filter (where confidence <> 'full') as tables_unsure
    from table_reading
    group by report_id
),
checks as (
    select
        report_id,
        count(*) filter (where status = 'fail' and failure_kind = 'extraction_suspect') as suspect_failures,
        sum(abs(difference)) filter (where status = 'fail' and failure_kind = 'extraction_suspect') as suspect_gap
    from check_result
    group by report_id
),
reviews as (
    select report_sha256 as sha256, arg_max(reviewed_by, seq) as reviewed_by, max(reviewed_at) as reviewed_at
    from review_log
    group by report_sha256
),
corrected as (
    select report_id, count(*) as cells_corrected from v_cell where value_source = 'corrected' group by report_id
),
summary as (
    select report_id, requests_received from v_report_summary
),
judged as (
    select
        reports.*,
        coalesce(readings.tables_unsure, 0) as tables_unsure,
        coalesce(checks.suspect_failures, 0) as suspect_failures,
        coalesce(checks.suspect_gap, 0) as suspect_gap,
        summary.requests_received,
        coalesce(corrected.cells_corrected, 0) as cells_corrected,
        case
            when reviews.sha256 is not null then 'reviewed'
            when readings.tables_unsure > 0 or checks.suspect_failures > 0 then 'needs_review'
            else 'not_needed'
        end as review_status,
        reviews.reviewed_by,
        reviews.reviewed_at
    from reports
    left join readings using (report_id)
    left join checks using (report_id)
    left join reviews using (sha256)
    left join corrected using (report_id)
    left join summary using (report_id)
),
final as (
    select
        case when review_status = 'needs_review' then row_number() over (
            partition by review_status
            order by suspect_failures desc, suspect_gap desc, tables_unsure desc, requests_received desc nulls last
        ) end as queue_position,
        *
    from judged
)
select * from final order by queue_position nulls last, report_id
