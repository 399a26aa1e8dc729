comment on column _load_state.version is 'Version of the SQL, forms and rules this warehouse was loaded with: a load builds on it only when they are unchanged.';
