"""`python -m pipelines.query "SQL"`: run read-only SQL on the warehouse and print the result.

For analysts without the DuckDB command line: the connection is read-only, so a query never
blocks or breaks a pipeline run (which swaps a new file in rather than writing this one).
"""

from __future__ import annotations

import sys

import duckdb

from pipelines.config import data_paths


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with duckdb.connect(str(data_paths().database), read_only=True) as con:
        con.sql(args[0]).show(max_rows=200, max_width=200)
    return 0


if __name__ == "__main__":
    sys.exit(main())
