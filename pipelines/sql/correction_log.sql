-- Every correction ever made (corrections.csv, in the order made), with what became of it:
-- applied; superseded by a later correction of the same cell; or stale, and not applied, when its
-- report is no longer in the raw folder or the cell's parsed value is no longer the one the
-- correction was made against.
with corrections as (
    select * from stg_corrections
),
reports as (
    select report_id, sha256 from dim_report where is_current
),
cells as (
    select report_id, table_code, row_code, col_code, parsed_value, parsed_status from v_cell
),
matched as (
    select
        corrections.*,
        reports.report_id,
        cells.parsed_value as parsed_value_now,
        cells.report_id is not null as cell_found
    from corrections
    left join reports on reports.sha256 = corrections.report_sha256
    left join cells
        on cells.report_id = reports.report_id
        and cells.table_code = corrections.table_code
        and cells.row_code = corrections.row_code
        and cells.col_code = corrections.col_code
),
judged as (
    select
        *,
        case
            when report_id is null then 'stale'
            when not cell_found then 'stale'
            when parsed_value_now is distinct from parsed_value then 'stale'
            when seq < max(seq) over (partition by report_sha256, table_code, row_code, col_code) then 'superseded'
            else 'applied'
        end as status,
        case
            when report_id is null then 'the report (this content) is no longer in the raw folder'
            when not cell_found then 'the report has no such cell'
            when parsed_value_now is distinct from parsed_value then
                'the cell is now parsed as ' || coalesce(parsed_value_now::varchar, 'blank') || ', not '
                || coalesce(parsed_value::varchar, 'blank') || ' as when corrected'
            when seq < max(seq) over (partition by report_sha256, table_code, row_code, col_code) then
                'a later correction of the same cell'
        end as status_reason
    from matched
),
final as (
    select
        seq,
        report_sha256,
        report_id,
        table_code,
        row_code,
        col_code,
        value,
        parsed_value,
        parsed_value_now,
        corrected_by,
        corrected_at,
        reason,
        status,
        status_reason
    from judged
)
select * from final order by seq
