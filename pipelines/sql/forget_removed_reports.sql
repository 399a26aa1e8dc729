-- An incremental load starts from a copy of the previous warehouse: the rows of reports no longer
-- in the raw folder (removed, or changed: a new content is a new report id) are deleted from every
-- table that holds rows per report.
delete from fact_active_disclosure where report_id in (select report_id from removed_reports);
delete from fact_request where report_id in (select report_id from removed_reports);
delete from fact_review_litigation where report_id in (select report_id from removed_reports);
delete from report_text where report_id in (select report_id from removed_reports);
delete from parse_warning where report_id in (select report_id from removed_reports);
delete from table_reading where report_id in (select report_id from removed_reports);
delete from check_result where report_id in (select report_id from removed_reports);
