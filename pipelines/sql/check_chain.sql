-- Every across-report rule (`chains` in invariants.toml) for every current report: the value a
-- report carries over must be what the same agency's report of the year before carried forward
-- (the same agency_id: one body under any of its names).
-- $tolerance, $failure_sure and $failure_unsure are the settings of invariants.toml.
with chains as (
    select * from stg_chains
),
reports as (
    select report_id, agency_id, report_year from dim_report where is_current
),
chain_rows as (
    select table_code, this_year as row_code from chains
    union
    select table_code, previous_year from chains
),
cells as (
    -- only the rows the chains compare
    select report_id, table_code, row_code, col_code, value, status
    from v_cell
    where (table_code, row_code) in (select (table_code, row_code) from chain_rows)
),
chain_cells as (
    select
        cur.report_id,
        chains.rule_id,
        this_cell.col_code as scope,
        this_cell.value as left_value,
        prev_cell.value as right_value,
        prev.report_id as previous_report_id,
        this_cell.status = 'missing' or prev_cell.status = 'missing' as suspect
    from chains
    join reports as cur on true
    join cells as this_cell
        on this_cell.report_id = cur.report_id
        and this_cell.table_code = chains.table_code
        and this_cell.row_code = chains.this_year
    left join reports as prev
        on prev.agency_id = cur.agency_id and prev.report_year = cur.report_year - 1
    left join cells as prev_cell
        on prev_cell.report_id = prev.report_id
        and prev_cell.table_code = chains.table_code
        and prev_cell.row_code = chains.previous_year
        and prev_cell.col_code = this_cell.col_code
),
final as (
    select
        report_id,
        rule_id,
        scope,
        left_value,
        right_value,
        left_value - right_value as difference,
        case
            when previous_report_id is null or left_value is null or right_value is null then 'not_assessable'
            when abs(left_value - right_value) < $tolerance then 'pass'
            else 'fail'
        end as status,
        coalesce(suspect, false) as suspect,
        case
            when previous_report_id is not null and abs(left_value - right_value) >= $tolerance
            then (case when suspect then $failure_unsure else $failure_sure end)
        end as failure_kind,
        case
            when previous_report_id is null then 'no report of the same agency for the year before'
            else 'previous report ' || previous_report_id
        end as detail
    from chain_cells
)
select * from final
