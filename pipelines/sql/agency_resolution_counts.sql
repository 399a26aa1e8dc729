-- How many agencies are placed in their division, and how many are not (and why), for the UI.
with agencies as (
    select resolution from dim_agency
),
final as (
    select
        count(*) filter (where resolution = 'resolved') as resolved,
        count(*) filter (where resolution = 'ambiguous') as ambiguous,
        count(*) filter (where resolution = 'unknown') as unknown
    from agencies
)
select * from final
