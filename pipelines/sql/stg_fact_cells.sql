-- The cells being loaded, each with the id of its cell of the form: what the three fact
-- tables are cut from. Each starts as parsed; reviewers' corrections are applied after the load
-- (apply_corrections.sql), keeping the parsed value beside.
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
        cells.label_score,
        cells.value as parsed_value,
        cells.status as parsed_status,
        'parsed' as value_source
    from cells
    join reports using (report_id)
)
select * from final
