"""Bytes to clean text.

Choice for undecodable UTF-8: French sources that are not UTF-8 are almost always
Windows-1252 / Latin-9 (old CMSs, Excel exports), and a generic detector tends to pick
a Central-European or Cyrillic code page for them ("à" -> "ŕ"). So the legacy code pages
French text uses are tried first, then charset-normalizer limited to Latin-script code
pages; a decoding counts only if it reads like Latin-script text (few non-ASCII
characters, mostly letters). Otherwise the input is reported, never decoded into mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

LEGACY_ENCODINGS = ("cp1252", "iso-8859-15")
DETECTABLE_ENCODINGS = ("cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850")
# Latin-script text: at most this share of non-ASCII characters, and most of those letters
# or the typographic marks French uses.
MAX_NON_ASCII_SHARE = 0.3
MIN_NON_ASCII_LETTERS = 0.6
TYPOGRAPHY = frozenset("«»‘’“”–—…°€\u00a0\u202f")
SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.02
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")
_ODD = frozenset(("Cc", "Co", "Cn"))  # controls, private use, unassigned
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


class DecodeError(ValueError):
    """Raised with the human reason a reader turns into a `ReadError`."""


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes at the start: an image, archive or executable."""
    head = data[:SNIFF_BYTES]
    if not head or bom_encoding(head) in ("utf-16", "utf-32"):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    return controls / len(head) > MAX_CONTROL_SHARE


def decode(data: bytes) -> str:
    """Decode and normalise (see `normalize`); raise `DecodeError` when it is not text."""
    bom = bom_encoding(data)
    if bom:
        try:
            text = data.decode(bom)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid text: broken {bom} ({exc.reason})") from None
        if not _few_controls(text):
            raise DecodeError(f"not valid text: {bom} mark but no readable text")
        return normalize(text)
    if looks_binary(data):
        raise DecodeError("not text (binary content)")
    try:
        return normalize(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    legacy = _decode_legacy(data)
    if legacy is None:
        raise DecodeError("not valid text: not UTF-8 and no plausible encoding found")
    return normalize(legacy)


def _decode_legacy(data: bytes) -> str | None:
    for name in LEGACY_ENCODINGS:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _latin_text(text):
            return text
    best = from_bytes(data, cp_isolation=list(DETECTABLE_ENCODINGS)).best()
    if best is None:
        return None
    text = str(best)
    return text if _latin_text(text) else None


def _few_controls(text: str) -> bool:
    odd = sum(1 for c in text if unicodedata.category(c) in _ODD and c not in "\t\n\r\f")
    return odd <= len(text) * MAX_CONTROL_SHARE


def _latin_text(text: str) -> bool:
    non_ascii = [c for c in text if ord(c) > 127]
    if len(non_ascii) > len(text) * MAX_NON_ASCII_SHARE:
        return False
    letters = sum(1 for c in non_ascii if c.isalpha() or c in TYPOGRAPHY)
    return letters >= len(non_ascii) * MIN_NON_ASCII_LETTERS and _few_controls(text)


def normalize(text: str) -> str:
    """One text convention for every reader: ``\\n`` newlines, NFC, no invisible marks.

    NFC makes "é" one code point whatever the source did, so offsets and string matches
    agree across readers; soft hyphens and zero-width spaces are dropped because they
    split words for search yet carry no content.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
