-- The cells of the reports whose rules are evaluated again (stg_rule_reports), as the rules read
-- them, with the cells each table's reading disputed.
with reports as (
    select report_id from stg_rule_reports
),
cells as (
    select report_id, table_code, row_code, col_code, value, status, label_match, value_source from v_cell
),
final as (
    select cells.*
    from cells
    join reports using (report_id)
)
select * from final order by report_id
