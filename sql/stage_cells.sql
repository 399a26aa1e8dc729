-- Every cell of every report to load, complete against its form: a template cell the parser
-- did not return is added as missing (rows printed one of two ways are not owed twice).
with reports as (
    select report_id, sha256, template from staged_reports
),
items as (
    select * from stg_items
),
parsed as (
    select reports.report_id, cells.*
    from parsed_cells as cells
    join reports using (sha256)
),
expected as (
    select reports.report_id, items.table_code, items.row_code, items.col_code, items.sort_order, items.optional
    from reports
    join items using (template)
),
present as (
    select parsed.*, expected.sort_order
    from parsed
    left join expected using (report_id, table_code, row_code, col_code)
),
absent as (
    select expected.report_id, expected.table_code, expected.row_code, expected.col_code,
        null::double as value, 'missing' as status, null as unit, null as raw_text, null as note,
        null::integer as source_line, 'none' as label_match, 0.0 as label_score, expected.sort_order
    from expected
    anti join parsed using (report_id, table_code, row_code, col_code)
    where not expected.optional
),
final as (
    select report_id, table_code, row_code, col_code, value, status, unit, raw_text, note, source_line,
        label_match, label_score, sort_order
    from present
    union all
    select report_id, table_code, row_code, col_code, value, status, unit, raw_text, note, source_line,
        label_match, label_score, sort_order
    from absent
)
select * exclude (sort_order) from final order by report_id, sort_order nulls last, table_code, row_code, col_code
