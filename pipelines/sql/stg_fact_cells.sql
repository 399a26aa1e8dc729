-- The cells being loaded, each with the id of its cell of the form: what the three fact
-- tables are cut from.
with cells as (
    select * from stg_cells
),
reports as (
    select report_id, template from stg_reports
),
final as (
    select
        cells.report_id,
        reports.template || '/' || cells.table_code || '/' || cells.row_code || '/' || cells.col_code as item_id,
        cells.table_code,
        cells.row_code,
        cells.col_code,
        cells.value,
        cells.status,
        cells.unit,
        cells.raw_text,
        cells.note,
        cells.source_line,
        cells.label_match,
        cells.label_score
    from cells
    join reports using (report_id)
)
select * from final
