-- Current reports whose agency is not placed in a division: a name several divisions share that
-- nothing in the report settles (ambiguous), or a name with no division in it (unknown).
with reports as (
    select report_id, agency_id, agency, report_year, source_name from dim_report where is_current
),
agencies as (
    select agency_id, resolution, resolution_note from dim_agency
),
final as (
    select
        reports.source_name,
        reports.agency,
        reports.report_year,
        agencies.resolution,
        agencies.resolution_note
    from reports
    join agencies using (agency_id)
    where agencies.resolution <> 'resolved'
)
select * from final order by resolution, agency, report_year
