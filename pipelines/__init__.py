"""The disclosure-report warehouse: parsing library, staging, warehouse and Dagster definitions."""

from pipelines._compiled import prefer_fresh_sources

prefer_fresh_sources()
