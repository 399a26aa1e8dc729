-- Every per-report invariant for each report loaded, each scope: pass / fail / not_assessable,
-- as evaluated where the report was parsed (pipelines/invariants.py, rules in invariants.toml).
with checks as (
    select * from stg_checks
),
final as (
    select report_id, rule_id, scope, left_value, right_value, difference, status, suspect, failure_kind, detail
    from checks
)
select * from final
