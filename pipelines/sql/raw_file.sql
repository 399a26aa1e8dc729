-- Every file crawled from data/raw/, loaded or not: the base of reconciliation.
with files as (
    select * from stg_raw_files
),
final as (
    select path as source_path, name as source_name, suffix, format, size, sha256, modified_at, encoding, problem
    from files
)
select * from final order by source_path
