-- How many corrections the load applied.
select count(*) from correction_log where status = 'applied'
