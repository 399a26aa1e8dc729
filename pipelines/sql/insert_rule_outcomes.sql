-- The per-report rule outcomes evaluated again on corrected values (stg_rule_outcomes).
insert into check_result by name
select * from stg_rule_outcomes
