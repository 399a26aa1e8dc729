-- Files crawled, reports loaded and files quarantined: what reconciliation compares.
with counts as (
    select
        (select count(*) from raw_file) as files_crawled,
        (select count(*) from dim_report where is_current) as reports_loaded,
        (select count(*) from quarantine) as files_quarantined
),
final as (
    select * from counts
)
select * from final
