-- Cells of one fact table ($fact_table) stored more than once: its grain is one row per report
-- and cell of the form (item_id is template/table/row/column).
with facts as (
    select report_id, item_id from query_table($fact_table)
),
final as (
    select report_id, item_id, count(*) as copies
    from facts
    group by report_id, item_id
    having count(*) > 1
)
select * from final order by report_id, item_id
