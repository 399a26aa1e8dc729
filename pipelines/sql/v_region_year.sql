-- Per year and administrative division, at each level (province, prefecture, county): reports
-- loaded, agencies reporting, requests and their outcomes, reviews and lawsuits and how many
-- corrected the agency, rules failed by kind, reports published late. Only agencies placed in a
-- division are counted (dim_agency.resolution = 'resolved').
create or replace view v_region_year as
with reports as (
    select report_id, agency_id, report_year, timeliness from dim_report where is_current
),
agencies as (
    select agency_id, province_code, prefecture_code, county_code from dim_agency where resolution = 'resolved'
),
divisions as (
    select division_code, division_name, level, province_name from dim_division
),
series as (
    select report_id, measure_code as measure, whole_count(value) as value from series_value where unit = '件'
),
checks as (
    select
        report_id,
        count(*) filter (where status = 'fail' and failure_kind = 'agency_arithmetic') as failed_agency_arithmetic,
        count(*) filter (where status = 'fail' and failure_kind = 'extraction_suspect') as failed_extraction_suspect
    from check_result
    group by report_id
),
per_report as (
    select
        reports.report_id,
        reports.agency_id,
        reports.report_year,
        reports.timeliness,
        agencies.province_code,
        agencies.prefecture_code,
        agencies.county_code,
        max(series.value) filter (where series.measure = 'requests_received') as requests_received,
        max(series.value) filter (where series.measure = 'requests_handled') as requests_handled,
        max(series.value) filter (where series.measure = 'requests_granted') as requests_granted,
        max(series.value) filter (where series.measure = 'requests_partially_granted') as requests_partially_granted,
        max(series.value) filter (where series.measure = 'requests_denied') as requests_denied,
        max(series.value) filter (where series.measure = 'admin_reviews') as admin_reviews,
        max(series.value) filter (where series.measure = 'admin_reviews_corrected') as admin_reviews_corrected,
        max(series.value) filter (where series.measure = 'lawsuits') as lawsuits,
        max(series.value) filter (where series.measure = 'lawsuits_corrected') as lawsuits_corrected,
        coalesce(any_value(checks.failed_agency_arithmetic), 0) as failed_agency_arithmetic,
        coalesce(any_value(checks.failed_extraction_suspect), 0) as failed_extraction_suspect
    from reports
    join agencies using (agency_id)
    left join series using (report_id)
    left join checks using (report_id)
    group by all
),
placed as (
    select 'province' as level, province_code as division_code, * from per_report
    union all
    select 'prefecture', prefecture_code, * from per_report where prefecture_code is not null
    union all
    select 'county', county_code, * from per_report where county_code is not null
),
final as (
    select
        placed.level,
        placed.division_code,
        divisions.division_name,
        divisions.province_name,
        placed.report_year,
        count(*) as reports,
        count(distinct placed.agency_id) as agencies,
        sum(placed.requests_received)::bigint as requests_received,
        sum(placed.requests_handled)::bigint as requests_handled,
        sum(placed.requests_granted)::bigint as requests_granted,
        sum(placed.requests_partially_granted)::bigint as requests_partially_granted,
        sum(placed.requests_denied)::bigint as requests_denied,
        sum(placed.admin_reviews)::bigint as admin_reviews,
        sum(placed.admin_reviews_corrected)::bigint as admin_reviews_corrected,
        sum(placed.lawsuits)::bigint as lawsuits,
        sum(placed.lawsuits_corrected)::bigint as lawsuits_corrected,
        sum(placed.failed_agency_arithmetic)::bigint as rules_failed_agency_arithmetic,
        sum(placed.failed_extraction_suspect)::bigint as rules_failed_extraction_suspect,
        count(*) filter (where placed.timeliness = 'late') as reports_late,
        count(*) filter (where placed.timeliness = 'unknown') as reports_timeliness_unknown
    from placed
    join divisions using (division_code)
    group by all
)
select * from final order by level, division_code, report_year
