-- One row per reporting body: every name it was printed under comes to the same agency_id
-- (pipelines/agencies), placed in its administrative division where the name and the report
-- say which.
with reports as (
    select * from stg_reports
),
divisions as (
    select * from dim_division
),
agencies as (
    select
        agency_id,
        -- the latest report's reading, should two readings of one body differ
        arg_max(agency_canonical, report_year) as canonical_name,
        arg_max(agency_body, report_year) as body,
        arg_max(agency_kind, report_year) as kind,
        arg_max(division_code, report_year) as division_code,
        arg_max(agency_resolution, report_year) as resolution,
        arg_max(agency_note, report_year) as resolution_note,
        count(distinct agency)::integer as names_seen,
        (count(*) filter (where is_current))::integer as report_count,
        min(report_year) filter (where is_current) as first_year,
        max(report_year) filter (where is_current) as last_year
    from reports
    group by agency_id
),
final as (
    select
        agencies.agency_id,
        agencies.canonical_name,
        agencies.body,
        agencies.kind,
        agencies.resolution,
        agencies.resolution_note,
        agencies.division_code,
        divisions.level as division_level,
        divisions.province_code,
        divisions.province_name,
        divisions.prefecture_code,
        divisions.prefecture_name,
        divisions.county_code,
        divisions.county_name,
        agencies.names_seen,
        agencies.report_count,
        agencies.first_year,
        agencies.last_year
    from agencies
    left join divisions using (division_code)
)
select * from final order by canonical_name
