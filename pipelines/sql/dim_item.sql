-- Every cell of every form: table, row and column codes with their labels and hierarchy.
with items as (
    select * from stg_items
),
final as (
    select
        item_id,
        template,
        table_code,
        row_code,
        col_code,
        row_label,
        col_label,
        parent_label,
        row_path,
        section_label,
        col_group,
        sort_order
    from items
)
select * from final order by template, sort_order
