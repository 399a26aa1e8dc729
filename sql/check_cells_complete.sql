-- Reports lacking a template cell (neither read nor marked missing): should be none.
with reports as (
    select report_id, template from staged_report_rows
),
items as (
    select * from stg_items where not optional
),
present as (
    select distinct report_id, table_code, row_code, col_code from cells
),
expected as (
    select reports.report_id, items.table_code, items.row_code, items.col_code
    from reports
    join items using (template)
),
lacking as (
    select * from expected anti join present using (report_id, table_code, row_code, col_code)
),
final as (
    select report_id, count(*) as cells_lacking, min(table_code || '/' || row_code) as first_row
    from lacking
    group by report_id
)
select * from final order by report_id
