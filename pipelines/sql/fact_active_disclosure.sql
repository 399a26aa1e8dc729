-- Table 2 (主动公开): one row per cell of one report.
with cells as (
    select * from stg_fact_cells where table_code = 't2_active'
),
final as (
    select * exclude (table_code) rename (row_code as item_code, col_code as measure_code) from cells
)
select * from final
