"""Reports rendered from known values: test fixtures now, the accuracy corpus later."""
