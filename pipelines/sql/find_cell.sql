-- One cell of one report, as parsed.
select parsed_value, parsed_status, value, value_source
from v_cell
where report_id = $report_id and table_code = $table_code and row_code = $row_code and col_code = $col_code
