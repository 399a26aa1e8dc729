-- The headline figures of a run: files, reports, quarantine, cells.
with counts as (
    select
        (select count(*) from raw_file) as files_crawled,
        (select count(*) from dim_report) as reports_loaded,
        (select count(*) from quarantine) as files_quarantined,
        (select count(*) from fact_active_disclosure) + (select count(*) from fact_request)
            + (select count(*) from fact_review_litigation) as cells,
        (select count(*) from fact_active_disclosure where status = 'missing')
            + (select count(*) from fact_request where status = 'missing')
            + (select count(*) from fact_review_litigation where status = 'missing') as cells_missing
),
final as (
    select * from counts
)
select * from final
