-- The applied corrections (correction_log) into the fact tables: the value and status a
-- reviewer read in the report, the parsed ones kept beside (parsed_value, parsed_status).
update fact_active_disclosure as fact
set value = log.value, status = case when log.value is null then 'blank' else 'ok' end, value_source = 'corrected'
from correction_log as log
where log.status = 'applied' and log.report_id = fact.report_id and log.table_code = 't2_active'
    and log.row_code = fact.item_code and log.col_code = fact.measure_code;
update fact_request as fact
set value = log.value, status = case when log.value is null then 'blank' else 'ok' end, value_source = 'corrected'
from correction_log as log
where log.status = 'applied' and log.report_id = fact.report_id and log.table_code = 't3_requests'
    and log.row_code = fact.row_code and log.col_code = fact.applicant_code;
update fact_review_litigation as fact
set value = log.value, status = case when log.value is null then 'blank' else 'ok' end, value_source = 'corrected'
from correction_log as log
where log.status = 'applied' and log.report_id = fact.report_id and log.table_code = 't4_review_litigation'
    and log.row_code = fact.proceeding_code and log.col_code = fact.outcome_code;
