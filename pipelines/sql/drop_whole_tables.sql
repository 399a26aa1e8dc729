-- The small tables are rebuilt whole on every load (dimensions, the crawl, the quarantine, the
-- rules, the files' versions and what changed between them), and the across-report results
-- recomputed: what an incremental load clears first.
drop table if exists raw_file;
drop table if exists dim_division;
drop table if exists dim_agency;
drop table if exists agency_alias;
drop table if exists dim_report;
drop table if exists dim_item;
drop table if exists dim_applicant;
drop table if exists dim_rule;
drop table if exists series_mapping;
drop table if exists quarantine;
drop table if exists report_version;
drop table if exists report_change;
drop table if exists series_value;
drop table if exists correction_log;
drop table if exists review_log;
delete from check_result where rule_id in (select rule_id from stg_rules where kind = 'chain');
