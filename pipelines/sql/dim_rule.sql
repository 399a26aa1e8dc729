-- Every rule the warehouse checks, from invariants.toml: within one report, or across years.
with rules as (
    select * from stg_rules
),
final as (
    select rule_id, kind, table_code, description from rules
)
select * from final order by kind desc, rule_id
