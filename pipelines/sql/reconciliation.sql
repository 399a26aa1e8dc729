-- Files crawled that are neither loaded as a report nor quarantined (should be none), and
-- files counted twice (in both).
with files as (
    select source_path from raw_file
),
loaded as (
    select source_path from dim_report where is_current
),
quarantined as (
    select source_path from quarantine
),
final as (
    select source_path, 'neither loaded nor quarantined' as problem
    from files
    where source_path not in (select source_path from loaded)
      and source_path not in (select source_path from quarantined)
    union all
    select source_path, 'both loaded and quarantined' as problem
    from loaded
    where source_path in (select source_path from quarantined)
)
select * from final order by source_path
