-- Rows of one fact table ($fact_table) whose report or cell of the form is missing from its
-- dimension (dim_report, dim_item).
with facts as (
    select report_id, item_id from query_table($fact_table)
),
reports as (
    select report_id from dim_report
),
items as (
    select item_id from dim_item
),
final as (
    select report_id, item_id, 'report not in dim_report' as problem
    from facts
    where report_id not in (select report_id from reports)
    union all
    select report_id, item_id, 'cell of the form not in dim_item' as problem
    from facts
    where item_id not in (select item_id from items)
)
select * from final order by report_id, item_id
