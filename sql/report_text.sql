-- The text of every section of every report, for full-text reading.
create or replace table report_text as
with sections as (
    select * from stg_sections
),
final as (
    select report_id, section_code, heading, start_line, end_line, found_by, text from sections
)
select * from final order by report_id, start_line
