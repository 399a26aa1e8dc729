-- Table 4 (行政复议、行政诉讼): one row per cell of one report.
with cells as (
    select * from stg_fact_cells where table_code = 't4_review_litigation'
),
final as (
    select * exclude (table_code) rename (row_code as proceeding_code, col_code as outcome_code) from cells
)
select * from final
