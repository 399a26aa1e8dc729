-- The headline figures of a run: files, reports (in the raw folder now, and earlier versions
-- kept), quarantine, cells of the current reports.
with current_reports as (
    select report_id from dim_report where is_current
),
cells as (
    select report_id, status from fact_active_disclosure
    union all
    select report_id, status from fact_request
    union all
    select report_id, status from fact_review_litigation
),
counts as (
    select
        (select count(*) from raw_file) as files_crawled,
        (select count(*) from current_reports) as reports_loaded,
        (select count(*) from dim_report where not is_current) as reports_kept_from_before,
        (select count(*) from quarantine) as files_quarantined,
        (select count(*) from cells where report_id in (select report_id from current_reports)) as cells,
        (select count(*) from cells
         where status = 'missing' and report_id in (select report_id from current_reports)) as cells_missing
),
final as (
    select * from counts
)
select * from final
