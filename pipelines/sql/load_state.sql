-- Which SQL and forms this warehouse was loaded with: a later load builds on it only when unchanged.
create or replace table _load_state as
select $version as version
