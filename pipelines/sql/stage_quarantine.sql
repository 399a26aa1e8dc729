-- Every crawled file that is not loaded, with the reason: unreadable or unsupported files,
-- duplicates of an earlier path, files the parser refused, and any file not parsed at all.
with files as (
    select * from raw_files
),
readable as (
    select * from files where problem is null and sha256 is not null
),
first_path as (
    select sha256, min(path) as path from readable group by sha256
),
loaded as (
    select source_path from current_reports
),
unreadable as (
    select path, name, sha256, problem as reason from files where problem is not null or sha256 is null
),
duplicates as (
    select readable.path, readable.name, readable.sha256,
        'duplicate of ' || first_path.path || ' (same content)' as reason
    from readable
    join first_path using (sha256)
    where readable.path <> first_path.path
),
refused as (
    select readable.path, readable.name, readable.sha256, any_value(parsed_refusals.reason) as reason
    from readable
    join first_path on first_path.path = readable.path
    join parsed_refusals on parsed_refusals.sha256 = readable.sha256
    where readable.path not in (select source_path from loaded)
    group by all
),
final as (
    select path as source_path, name as source_name, sha256, reason from unreadable
    union all
    select path, name, sha256, reason from duplicates
    union all
    select path, name, sha256, reason from refused
)
select * from final order by source_path
