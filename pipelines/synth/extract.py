"""Generated PDFs turned into text by the extractors users run, so the accuracy bench measures the
text people actually feed the parser: poppler's `pdftotext -layout` and `-raw` (where poppler is
installed), pdfplumber's and PDFium's (pypdfium2) `extract_text`.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable


def _pdftotext(mode: str) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        out = subprocess.run(["pdftotext", mode, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                             check=True, timeout=60)
        return out.stdout.decode("utf-8")

    return run


def _pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _pdfium(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


# layout name -> (extractor, whether it needs poppler's pdftotext on the PATH)
EXTRACTORS: dict[str, tuple[Callable[[bytes], str], bool]] = {
    "pdftotext_layout": (_pdftotext("-layout"), True),
    "pdftotext_raw": (_pdftotext("-raw"), True),
    "pdfplumber_text": (_pdfplumber, False),
    "pdfium_text": (_pdfium, False),
}


def available(layout: str) -> bool:
    """Whether this machine can make text of this extractor (poppler may not be installed)."""
    return not EXTRACTORS[layout][1] or shutil.which("pdftotext") is not None


def extract(layout: str, pdf: bytes) -> str:
    return EXTRACTORS[layout][0](pdf)
