-- One row per reporting body, named as the reports write it (spam stripped).
with reports as (
    select * from stg_reports
),
named as (
    select coalesce(agency, '(unknown)') as agency_name, report_year, is_current from reports
),
final as (
    select
        md5(agency_name)[:16] as agency_id,
        agency_name,
        (count(*) filter (where is_current))::integer as report_count,
        min(report_year) filter (where is_current) as first_year,
        max(report_year) filter (where is_current) as last_year
    from named
    group by agency_name
)
select * from final order by agency_name
