-- Every invariant (pipelines/templates/invariants.toml) for every report and scope.
-- status: pass / fail / not_assessable; a failure touching a cell the parser was unsure of
-- (missing, or its label matched fuzzily) is a `parser_unsure` failure, else `agency_arithmetic`.
create or replace table check_result as
with terms as (
    select * from stg_invariant_terms
),
chains as (
    select * from stg_chains
),
cells as (
    select * from stg_cells
),
reports as (
    select report_id, agency, report_year from stg_reports
),
rule_cells as (
    select
        cells.report_id,
        terms.rule_id,
        case when terms.per = 'col' then cells.col_code else cells.row_code end as scope,
        terms.side,
        cells.value,
        cells.status = 'missing' or cells.label_match = 'fuzzy' as unsure,
        cells.row_code || '/' || cells.col_code as cell
    from terms
    join cells
        on cells.table_code = terms.table_code
        and ((terms.per = 'col' and cells.row_code = terms.item)
             or (terms.per = 'row' and cells.col_code = terms.item))
),
sides as (
    select
        report_id,
        rule_id,
        scope,
        coalesce(sum(value) filter (where side = 'left'), 0) as left_value,
        coalesce(sum(value) filter (where side = 'right'), 0) as right_value,
        count(value) filter (where side = 'left') as left_known,
        count(value) filter (where side = 'right') as right_known,
        bool_or(unsure) as suspect,
        string_agg(cell, ', ' order by cell) filter (where unsure) as unsure_cells
    from rule_cells
    group by report_id, rule_id, scope
),
within_report as (
    select
        report_id,
        rule_id,
        scope,
        left_value,
        right_value,
        case
            when left_known = 0 or right_known = 0 then 'not_assessable'
            when abs(left_value - right_value) < 1e-6 then 'pass'
            else 'fail'
        end as status,
        suspect,
        case when unsure_cells is not null then 'unsure cells: ' || unsure_cells end as detail
    from sides
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
        on prev.agency = cur.agency and prev.report_year = cur.report_year - 1
    left join cells as prev_cell
        on prev_cell.report_id = prev.report_id
        and prev_cell.table_code = chains.table_code
        and prev_cell.row_code = chains.previous_year
        and prev_cell.col_code = this_cell.col_code
),
across_reports as (
    select
        report_id,
        rule_id,
        scope,
        left_value,
        right_value,
        case
            when previous_report_id is null or left_value is null or right_value is null then 'not_assessable'
            when abs(left_value - right_value) < 1e-6 then 'pass'
            else 'fail'
        end as status,
        coalesce(suspect, false) as suspect,
        case
            when previous_report_id is null then 'no report of the same agency for the year before'
            else 'previous report ' || previous_report_id
        end as detail
    from chain_cells
),
unioned as (
    select * from within_report
    union all
    select * from across_reports
),
final as (
    select
        report_id,
        rule_id,
        scope,
        left_value,
        right_value,
        left_value - right_value as difference,
        status,
        suspect,
        case when status = 'fail' then (case when suspect then 'parser_unsure' else 'agency_arithmetic' end)
        end as failure_kind,
        detail
    from unioned
)
select * from final order by report_id, rule_id, scope
