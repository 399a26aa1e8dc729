-- The site's review queue: the reports needing review, in queue order.
select queue_position, report_id, agency_id, agency, report_year, tables_unsure, suspect_failures, source_name
from v_review_queue
where review_status = 'needs_review'
order by queue_position
