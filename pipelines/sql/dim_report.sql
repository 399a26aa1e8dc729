-- One row per report loaded, current or not: who, which year, which form, the file it came from,
-- and whether it is in the raw folder now.
with reports as (
    select * from stg_reports
),
agencies as (
    select agency_id, agency_name from dim_agency
),
final as (
    select
        report_id,
        agencies.agency_id,
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
    join agencies on agencies.agency_name = coalesce(reports.agency, '(unknown)')
)
select * from final order by report_id
