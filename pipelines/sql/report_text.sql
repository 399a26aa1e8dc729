-- The text of every section of every report, for full-text reading.
with sections as (
    select * from stg_sections
),
final as (
    select report_id, section_code, heading, start_line, end_line, found_by, text from sections
)
select * from final
