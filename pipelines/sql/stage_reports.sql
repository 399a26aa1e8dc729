-- Every report the raw folder has held (each content once), from the history of its paths: the
-- current ones under their path now, the others under the last path that held them, with when
-- they were first seen and, when gone from the raw folder, removed.
with history as (
    select * from report_history
),
current_reports as (
    select * from current_reports
),
parsed as (
    select * from parsed_reports
    qualify row_number() over (partition by report_id order by sha256) = 1
),
spans as (
    select
        report_id,
        min(valid_from) as first_seen_at,
        max(valid_to) as last_valid_to,
        bool_or(valid_to is null) as is_current,
        arg_max(source_path, valid_from) as last_path
    from history
    group by report_id
),
final as (
    select
        spans.report_id,
        coalesce(current_reports.source_path, spans.last_path) as source_path,
        coalesce(current_reports.source_name, regexp_extract(spans.last_path, '[^/]*$')) as source_name,
        parsed.sha256,
        parsed.agency,
        parsed.agency_id,
        parsed.agency_canonical,
        parsed.agency_body,
        parsed.agency_kind,
        parsed.division_code,
        parsed.agency_resolution,
        parsed.agency_note,
        parsed.report_year,
        parsed.published_on,
        parsed.template,
        parsed.encoding,
        parsed.format,
        parsed.layout,
        parsed.spam,
        parsed.warning_count,
        spans.is_current,
        spans.first_seen_at,
        case when not spans.is_current then spans.last_valid_to end as removed_at
    from spans
    join parsed using (report_id)
    left join current_reports using (report_id)
)
select * from final order by report_id
