-- The reports in the raw folder now: every parsed content hash still there, under its first path.
with files as (
    select * from raw_files where problem is null and sha256 is not null
),
first_path as (
    select sha256, min(path) as path from files group by sha256
),
parsed as (
    select * from parsed_reports
    qualify row_number() over (partition by sha256 order by sha256) = 1
),
final as (
    select
        parsed.report_id,
        files.path as source_path,
        files.name as source_name,
        parsed.sha256,
        parsed.agency,
        parsed.report_year,
        parsed.published_on,
        parsed.template,
        parsed.encoding,
        parsed.format,
        parsed.layout,
        parsed.spam,
        parsed.warning_count
    from parsed
    join first_path using (sha256)
    join files on files.path = first_path.path
)
select * from final order by report_id
