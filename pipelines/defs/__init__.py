"""Dagster definitions, one module per stage: thin wrappers around the plain library."""
