-- Which content (report) each path of the raw folder has held, and when.
with history as (
    select * from stg_history
),
final as (
    select source_path, report_id, valid_from, valid_to, superseded_by, valid_to is null as is_current
    from history
)
select * from final order by source_path, valid_from
