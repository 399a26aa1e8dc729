"""Parquet -> the DuckDB star schema, and the checks of the reports' own arithmetic."""
