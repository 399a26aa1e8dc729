-- Every measure of series_mapping for every current report, as its form's cells add up (built
-- whole after the facts and their corrections; v_series and v_region_year read it).
with reports as (
    select report_id, agency_id, report_year, template from dim_report where is_current
),
mapping as (
    select * from series_mapping
),
cells as (
    -- only the cells a measure adds up; one printed blank adds up as 0, as in the rules, one not
    -- printed at all stays null
    select report_id, item_id, case when status = 'blank' then 0 else value end as value
    from v_cell
    where item_id in (select item_id from mapping)
),
final as (
    select
        reports.report_id,
        reports.agency_id,
        reports.report_year,
        mapping.measure_code,
        any_value(mapping.unit) as unit,
        reports.template,
        any_value(mapping.how) as how,
        sum(cells.value) as value,
        count(cells.value) as cells_read,
        count(*) as cells_mapped
    from reports
    join mapping on mapping.template = reports.template
    left join cells on cells.report_id = reports.report_id and cells.item_id = mapping.item_id
    group by reports.report_id, reports.agency_id, reports.report_year, mapping.measure_code, reports.template
)
select * from final
