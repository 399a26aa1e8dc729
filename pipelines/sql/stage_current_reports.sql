-- The reports in the raw folder now: every parsed content hash still there, under its first path
-- (their metadata is added with every other report's, in stage_reports).
with files as (
    select * from raw_files where problem is null and sha256 is not null
),
first_path as (
    select sha256, min(path) as path from files group by sha256
),
parsed as (
    select distinct report_id, sha256 from parsed_reports
),
final as (
    select
        parsed.report_id,
        files.path as source_path,
        files.name as source_name,
        parsed.sha256
    from parsed
    join first_path using (sha256)
    join files on files.path = first_path.path
)
select * from final order by report_id
