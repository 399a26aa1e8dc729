-- The corrections as the last load left them, for the command line.
select seq, report_id, table_code || '/' || row_code || '/' || col_code as cell, parsed_value, value, status,
    status_reason, corrected_by, reason
from correction_log
order by seq
