-- The section texts of the reports to load.
with reports as (
    select report_id, sha256 from staged_reports
),
sections as (
    select * from parsed_sections
),
final as (
    select reports.report_id, sections.section_code, sections.heading, sections.start_line,
        sections.end_line, sections.found_by, sections.text
    from sections
    join reports using (sha256)
)
select * from final order by report_id, start_line, section_code
