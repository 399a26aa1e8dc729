-- The reports with a corrected cell: their rules are evaluated again on the corrected values.
select distinct report_id from v_cell where value_source = 'corrected'
