-- Report ids held by more than one row of dim_report (each report is one row).
with reports as (
    select report_id, source_path from dim_report
),
final as (
    select report_id, count(*) as copies, string_agg(source_path, ', ' order by source_path) as source_paths
    from reports
    group by report_id
    having count(*) > 1
)
select * from final order by report_id
