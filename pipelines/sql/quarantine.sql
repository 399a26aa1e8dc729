-- Files that could not be loaded as reports, with the reason. Nothing is dropped silently.
with quarantined as (
    select * from stg_quarantine
),
final as (
    select source_path, source_name, sha256, reason from quarantined
)
select * from final order by source_path
