-- The measures comparable across the two forms (series.toml): for each measure and form, the
-- cells of the form it is read from and how (one cell exact, several summed).
with mapping as (
    select * from stg_series
),
items as (
    select item_id from dim_item
),
final as (
    select
        mapping.measure_code,
        mapping.measure_label,
        mapping.unit,
        mapping.template,
        mapping.item_id,
        mapping.how
    from mapping
    join items using (item_id)
)
select * from final order by measure_code, template, item_id
