-- whole_count(x): a count read as a number, as an integer; null when it is not a whole number
-- (a misread is left for the checks to find, never rounded into a plausible count).
create or replace macro whole_count(x) as case when x = trunc(x) then x::bigint end;
