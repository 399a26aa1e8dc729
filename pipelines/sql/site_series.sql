-- The site's charts: every agency's series of the measures charted, year by year.
with series as (
    select agency_id, report_year, measure, value from v_series
),
final as (
    select agency_id, report_year, measure, value
    from series
    where measure in ('requests_received', 'requests_handled', 'requests_granted', 'requests_partially_granted',
        'requests_denied', 'requests_unavailable', 'requests_not_processed', 'requests_other_handling',
        'admin_reviews', 'admin_reviews_corrected', 'lawsuits', 'lawsuits_corrected')
)
select * from final order by agency_id, measure, report_year
