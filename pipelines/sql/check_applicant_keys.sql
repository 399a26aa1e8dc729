-- Rows of fact_request whose applicant column is missing from dim_applicant.
with facts as (
    select report_id, item_id, applicant_code from fact_request
),
applicants as (
    select applicant_code from dim_applicant
),
final as (
    select report_id, item_id, 'applicant ' || applicant_code || ' not in dim_applicant' as problem
    from facts
    where applicant_code not in (select applicant_code from applicants)
)
select * from final order by report_id, item_id
