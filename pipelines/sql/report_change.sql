-- Each file whose content changed under the same path: the version replaced, the one replacing it,
-- and the cells whose values differ between them (a cell printed in one and not the other counts).
with versions as (
    select source_path, report_id as old_report_id, superseded_by as new_report_id, valid_to as changed_at
    from stg_history
    where superseded_by is not null
),
cells as (
    select report_id, table_code, row_code, col_code, value from v_cell
),
old_cells as (
    select versions.*, cells.table_code, cells.row_code, cells.col_code, cells.value
    from versions
    join cells on cells.report_id = versions.old_report_id
),
new_cells as (
    select versions.*, cells.table_code, cells.row_code, cells.col_code, cells.value
    from versions
    join cells on cells.report_id = versions.new_report_id
),
compared as (
    select
        coalesce(old.source_path, new.source_path) as source_path,
        coalesce(old.old_report_id, new.old_report_id) as old_report_id,
        coalesce(old.new_report_id, new.new_report_id) as new_report_id,
        coalesce(old.changed_at, new.changed_at) as changed_at,
        coalesce(old.table_code, new.table_code) || '/' || coalesce(old.row_code, new.row_code) || '/'
            || coalesce(old.col_code, new.col_code) as cell,
        old.value as old_value,
        new.value as new_value
    from old_cells as old
    full join new_cells as new
        on new.source_path = old.source_path
        and new.old_report_id = old.old_report_id
        and new.new_report_id = old.new_report_id
        and new.changed_at = old.changed_at
        and new.table_code = old.table_code
        and new.row_code = old.row_code
        and new.col_code = old.col_code
    where old.value is distinct from new.value
),
final as (
    select
        source_path,
        old_report_id,
        new_report_id,
        changed_at,
        count(cell) as cells_changed,
        list(cell || ': ' || coalesce(old_value::varchar, '-') || ' -> ' || coalesce(new_value::varchar, '-')
             order by cell) as changes
    from versions
    left join compared using (source_path, old_report_id, new_report_id, changed_at)
    group by all
)
select * from final order by changed_at, source_path
