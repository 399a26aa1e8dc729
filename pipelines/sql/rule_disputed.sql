-- The cells each table's reading disputed (table/row/col), for the reports whose rules are
-- evaluated again (stg_rule_reports).
with reports as (
    select report_id from stg_rule_reports
),
readings as (
    select report_id, table_code, unnest(disputed) as cell from table_reading
),
final as (
    select readings.report_id, readings.table_code || '/' || readings.cell as cell
    from readings
    join reports using (report_id)
)
select * from final
