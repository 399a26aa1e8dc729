-- Every review recorded (reviews.csv, in the order made): which content was checked, by whom, when.
with reviews as (
    select * from stg_reviews
),
final as (
    select seq, report_sha256, reviewed_by, reviewed_at, note from reviews
)
select * from final order by seq
