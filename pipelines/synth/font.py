"""A TrueType font covering the characters reports print, for the generator's PDFs to embed.

Reports are exported from WPS and Word with their Chinese fonts embedded as subsets, the text
recoverable through the subset's ToUnicode map; a PDF using a font the reader must supply (the
PDF standard CID fonts) reads differently (PDFium drops a character standing alone on a line in
one). No CJK font file ships with Python or this machine, so the generator builds one with
fontTools: every glyph a plain box, which is all a text layer needs; the widths are those of a
Song face (Chinese and full-width forms one em, Latin half).
"""

from __future__ import annotations

import io
from functools import cache

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

UNITS = 1000
ASCENT, DESCENT = 880, -120
# ASCII, punctuation, circled numbers, shapes, CJK symbols, the unified ideographs, full-width forms
RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x206F), (0x2460, 0x24FF), (0x25A0, 0x25FF),
          (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF01, 0xFF5E))


def _box(width: int) -> object:
    pen = TTGlyphPen(None)
    inset = width // 10
    pen.moveTo((inset, 0))
    pen.lineTo((inset, 700))
    pen.lineTo((width - inset, 700))
    pen.lineTo((width - inset, 0))
    pen.closePath()
    return pen.glyph()


@cache  # one build per process (about a second for 21,000 glyphs); every generated PDF embeds it
def song_font() -> bytes:
    """The font file (TrueType), as bytes."""
    codes = [c for lo, hi in RANGES for c in range(lo, hi + 1)]
    names = [f"uni{c:04X}" for c in codes]
    fb = FontBuilder(UNITS, isTTF=True)
    fb.setupGlyphOrder([".notdef", "space", *names])
    fb.setupCharacterMap({0x20: "space", **{c: n for c, n in zip(codes, names, strict=True) if c != 0x20}})
    half, full = _box(UNITS // 2), _box(UNITS)
    empty = TTGlyphPen(None).glyph()
    widths = {n: UNITS // 2 if c < 0x2000 else UNITS for c, n in zip(codes, names, strict=True)}
    fb.setupGlyf({".notdef": full, "space": empty, **{n: half if w < UNITS else full for n, w in widths.items()}})
    fb.setupHorizontalMetrics({".notdef": (UNITS, 0), "space": (UNITS // 2, 0),
                               **{n: (w, w // 10) for n, w in widths.items()}})
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    fb.setupNameTable({"familyName": "SynthSong", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT)
    fb.setupPost()
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()
