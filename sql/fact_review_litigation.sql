-- Table 4 (行政复议、行政诉讼): one row per cell of one report.
with cells as (
    select * from stg_cells where table_code = 't4_review_litigation'
),
reports as (
    select report_id, template from stg_reports
),
final as (
    select
        cells.report_id,
        reports.template || '/' || cells.table_code || '/' || cells.row_code || '/' || cells.col_code as item_id,
        cells.row_code as proceeding_code,
        cells.col_code as outcome_code,
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
