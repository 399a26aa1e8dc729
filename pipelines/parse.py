"""The parser's command line: `python -m pipelines.parse FILE...`.

Prints one JSON object per file, one per line, in the format of the golden files (plus
provenance, warnings and sections). A file that is not a report prints `{"source", "error"}`
instead and the exit status is 1, so a script can tell; the other files are still parsed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipelines.model import NotAReportError
from pipelines.parsing import parse_path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipelines.parse", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path, help="report files to parse")
    ap.add_argument("--brief", action="store_true", help="leave out cells provenance and sections")
    args = ap.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            doc = parse_path(path).to_json()
            if args.brief:
                doc.pop("cells", None)
                doc.pop("sections", None)
        except NotAReportError as exc:
            doc, status = {"source": path.name, "error": str(exc)}, 1
            print(f"{path}: {exc}", file=sys.stderr)
        except OSError as exc:
            doc, status = {"source": path.name, "error": f"cannot read the file: {exc.strerror}"}, 1
            print(f"{path}: {exc}", file=sys.stderr)
        print(json.dumps(doc, ensure_ascii=False), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
