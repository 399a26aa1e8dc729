-- Every corrected cell back to its parsed value, before the corrections are applied afresh (a
-- correction since gone stale, or superseded, must not linger).
update fact_active_disclosure set value = parsed_value, status = parsed_status, value_source = 'parsed'
where value_source = 'corrected';
update fact_request set value = parsed_value, status = parsed_status, value_source = 'parsed'
where value_source = 'corrected';
update fact_review_litigation set value = parsed_value, status = parsed_status, value_source = 'parsed'
where value_source = 'corrected';
