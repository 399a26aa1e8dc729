-- Which content each path has held, and when ($now: this run's time). A path whose content
-- changed, or that is gone, has its open version closed (valid_to), naming the content that
-- replaced it; a (path, content) pair not open yet is opened. Closed versions are kept as they were.
with previous as (
    select * from previous_history
),
current_reports as (
    select source_path, report_id from current_reports
),
still_open as (
    select * from previous where valid_to is null
),
kept as (
    select still_open.*
    from still_open
    join current_reports using (source_path, report_id)
),
closed_now as (
    select
        still_open.source_path,
        still_open.report_id,
        still_open.valid_from,
        $now::timestamptz as valid_to,
        current_reports.report_id as superseded_by
    from still_open
    left join current_reports using (source_path)
    where current_reports.report_id is distinct from still_open.report_id
),
opened_now as (
    select
        current_reports.source_path,
        current_reports.report_id,
        $now::timestamptz as valid_from,
        null::timestamptz as valid_to,
        null::varchar as superseded_by
    from current_reports
    left join still_open using (source_path, report_id)
    where still_open.report_id is null
),
closed_before as (
    select * from previous where valid_to is not null
),
final as (
    select * from closed_before
    union all
    select * from kept
    union all
    select * from closed_now
    union all
    select * from opened_now
)
select * from final order by source_path, valid_from, report_id
