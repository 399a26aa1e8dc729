-- One row per report loaded, current or not: who, which year, which form, the file it came from,
-- and whether it is in the raw folder now.
with reports as (
    select * from stg_reports
),
final as (
    select
        report_id,
        agency_id,
        agency,
        report_year,
        template,
        published_on,
        source_path,
        source_name,
        sha256,
        encoding,
        format,
        layout,
        len(spam) > 0 as has_spam,
        spam,
        warning_count,
        is_current,
        first_seen_at,
        removed_at
    from reports
)
select * from final order by report_id
