-- The first files quarantined, with the reason, for the run summary.
with quarantined as (
    select source_path, source_name, reason from quarantine
),
final as (
    select source_name, reason from quarantined order by source_path limit 10
)
select * from final
