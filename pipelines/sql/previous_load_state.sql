-- The version the previous warehouse was loaded with (see load_state).
select version from _load_state
