-- One row per report loaded, current or not: who, which year, which form, the file it came from,
-- whether it is in the raw folder now, and whether it was published by the statutory deadline
-- ($deadline_month, $deadline_day of the year after the report's year: document.toml).
with reports as (
    select * from stg_reports
),
due as (
    select
        report_id,
        make_date(report_year + 1, $deadline_month::integer, $deadline_day::integer) as deadline
    from reports
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
        removed_at,
        due.deadline,
        (published_on - due.deadline)::integer as days_after_deadline,
        case
            when due.deadline is null or published_on is null then 'unknown'
            when published_on <= due.deadline then 'on_time'
            else 'late'
        end as timeliness,
        case
            when report_year is null then 'no report year was read'
            when published_on is null then 'no publication date was read'
        end as timeliness_note
    from reports
    join due using (report_id)
)
select * from final order by report_id
