-- How each table of each report was read, and with what confidence.
with readings as (
    select * from stg_readings
),
final as (
    select report_id, table_code, reading, confidence, readings_tried, disputed, optional_columns
    from readings
)
select * from final
