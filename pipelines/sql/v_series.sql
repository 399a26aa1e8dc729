-- One comparable series per agency and measure across the years, whichever form each year's
-- report is on (series_mapping): the value, the form it was read from and how.
create or replace view v_series as
with reports as (
    select report_id, agency_id, report_year, template from dim_report where is_current
),
agencies as (
    select agency_id, canonical_name from dim_agency
),
mapping as (
    select * from series_mapping
),
cells as (
    -- a cell printed blank adds up as 0, as in the rules; a cell not printed at all stays null
    select report_id, item_id, case when status = 'blank' then 0 else value end as value from v_cell
),
per_report as (
    select
        reports.agency_id,
        reports.report_year,
        reports.report_id,
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
    group by reports.agency_id, reports.report_year, reports.report_id, mapping.measure_code, reports.template
),
final as (
    select
        per_report.agency_id,
        agencies.canonical_name as agency,
        per_report.report_year,
        per_report.measure_code as measure,
        case when per_report.unit <> '万元' then whole_count(per_report.value) end as value,
        case when per_report.unit = '万元' then per_report.value::decimal(18, 6) end as amount_wan_yuan,
        per_report.template as form,
        per_report.how,
        per_report.cells_read,
        per_report.cells_mapped,
        per_report.report_id
    from per_report
    join agencies using (agency_id)
)
select * from final order by agency, measure, report_year
