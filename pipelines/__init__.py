"""The disclosure-report warehouse.

The folders are the flow, each layer importing only the ones before it:
`parsing` (bytes -> Report) <- `staging` (raw folder -> Parquet) <- `warehouse` (Parquet ->
DuckDB) <- `defs` (the Dagster assets, thin wrappers). Beneath them all: the vocabulary
(`model`), the forms and rules as data (`templates`, `invariants`), the SQL (`sql`) and where
data lives (`config`).
"""
