-- The per-report rule outcomes of the reports whose rules are evaluated again (stg_rule_reports).
delete from check_result
where report_id in (select report_id from stg_rule_reports)
    and rule_id in (select rule_id from stg_rules where kind = 'within');
