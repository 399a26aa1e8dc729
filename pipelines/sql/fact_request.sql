-- Table 3 (依申请公开): one row per cell of one report.
with cells as (
    select * from stg_fact_cells where table_code = 't3_requests'
),
final as (
    select * exclude (table_code) rename (row_code as row_code, col_code as applicant_code) from cells
)
select * from final
