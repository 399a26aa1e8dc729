-- The site's overview: reports loaded per year and province (agencies not placed in a province
-- under their own heading).
with reports as (
    select report_id, agency_id, report_year from dim_report where is_current
),
agencies as (
    select agency_id, coalesce(province_name, '(not placed)') as province from dim_agency
),
final as (
    select report_year, province, count(*) as reports
    from reports
    join agencies using (agency_id)
    group by all
)
select * from final order by report_year, province
