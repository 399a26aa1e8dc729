-- Every cell of every report in one long shape, whichever table of the form holds it: what the
-- chain check, the corrections, the series and the region views read.
create or replace view v_cell as
with active as (
    select report_id, item_id, 't2_active' as table_code, item_code as row_code, measure_code as col_code,
        value, status, label_match, parsed_value, parsed_status, value_source
    from fact_active_disclosure
),
requests as (
    select report_id, item_id, 't3_requests', row_code, applicant_code,
        value, status, label_match, parsed_value, parsed_status, value_source
    from fact_request
),
disputes as (
    select report_id, item_id, 't4_review_litigation', proceeding_code, outcome_code,
        value, status, label_match, parsed_value, parsed_status, value_source
    from fact_review_litigation
),
final as (
    select * from active
    union all
    select * from requests
    union all
    select * from disputes
)
select * from final
