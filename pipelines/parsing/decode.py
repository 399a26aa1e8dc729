"""Bytes -> text, with the encoding recorded.

Government files come as UTF-8 (with or without BOM), GBK/GB18030 (most older files) and
UTF-16 (Word's "Unicode text"). A BOM decides; else strict UTF-8, the common case, is tried
first because it is both fast and unambiguous; anything else goes to charset-normalizer,
a maintained detector, rather than to guesses of our own.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from pipelines.model import NotAReportError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# GBK text is read as GB18030, its superset, so that no rare character breaks the decode.
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030"}
_CHINESE_CANDIDATES = ["utf_8", "gb18030", "gbk", "big5", "utf_16", "utf_16_le", "utf_16_be"]


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes in every other position."""
    sample = data[:4000]
    if len(sample) < 4 or b"\x00" not in sample:  # no NUL byte: not UTF-16 (the common case, found fast)
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes) -> Decoded:
    """Decode a report's bytes; raise NotAReportError when they are not text in any encoding."""
    if not data or data.isspace():
        raise NotAReportError("the file is empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(name, errors="replace"), name.replace("-sig", "") + " (BOM)")
    guess = _utf16_without_bom(data)
    if guess:
        return Decoded(data.decode(guess, errors="replace"), guess)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    match = from_bytes(data, cp_isolation=_CHINESE_CANDIDATES).best()
    if match is None:
        raise NotAReportError("the bytes are not text in any Chinese or Unicode encoding")
    detected = codecs.lookup(match.encoding).name
    return Decoded(data.decode(_SUPERSETS.get(detected, detected), errors="replace"), detected)
