-- The seven applicant columns of table 3; five of them make up 法人或其他组织.
with items as (
    select * from stg_items where table_code = 't3_requests'
),
final as (
    select distinct on (col_code)
        col_code as applicant_code,
        col_label as label,
        col_group as group_label,
        col_code = 'total' as is_total,
        col_sort as sort_order
    from items
    order by col_code, template desc
)
select * from final order by sort_order
