-- One comparable series per agency and measure across the years, whichever form each year's
-- report is on (series_mapping): the value, the form it was read from and how.
create or replace view v_series as
with series as (
    select * from series_value
),
agencies as (
    select agency_id, canonical_name from dim_agency
),
final as (
    select
        series.agency_id,
        agencies.canonical_name as agency,
        series.report_year,
        series.measure_code as measure,
        case when series.unit <> '万元' then whole_count(series.value) end as value,
        case when series.unit = '万元' then series.value::decimal(18, 6) end as amount_wan_yuan,
        series.template as form,
        series.how,
        series.cells_read,
        series.cells_mapped,
        series.report_id
    from series
    join agencies using (agency_id)
)
select * from final
