-- Every name an agency was printed under, with the report that printed it: the bridge from the
-- names as written to dim_agency.
with reports as (
    select * from stg_reports
),
final as (
    select
        agency_id,
        coalesce(agency, '(unknown)') as name_as_printed,
        report_id,
        report_year
    from reports
)
select * from final order by agency_id, report_year, report_id
