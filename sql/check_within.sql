-- Every per-report invariant (pipelines/templates/invariants.toml) for each report loaded, each
-- scope: pass / fail / not_assessable. A failure touching a cell the parser was unsure of
-- (missing, or its label matched fuzzily) is a `parser_unsure` failure, else `agency_arithmetic`.
with terms as (
    select * from stg_invariant_terms
),
cells as (
    select * from stg_cells
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
    from within_report
)
select * from final
