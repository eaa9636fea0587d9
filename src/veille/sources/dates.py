"""Dates from any reader to ISO strings as precise as the input ('YYYY-MM-DD', 'YYYY-MM', 'YYYY').

A date is kept as the publisher wrote it (no time-zone shift): the day printed on the
article is the one a reader of the timeline expects.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_tz

# Month words as data: French first (the corpus language), English for feeds and exports.
MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip

_ISO = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\D.*)?")
_WORDS = re.compile(
    r"(?:[^\W\d]+\.?,?\s+)?"  # weekday
    r"(?:(\d{1,2})(?:er)?\s+)?([^\W\d]+)\.?\s+(\d{4})(?:\D.*)?"  # [day] month year
)


def normalize_date(value: object) -> str | None:
    """ISO date string at the input's precision, or None when the value is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%d", value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return _from_iso(text) or _from_day_first(text) or _from_rfc2822(text) or _from_words(text)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def _num(group: str | None) -> int | None:
    return int(group) if group else None


def _from_iso(text: str) -> str | None:
    m = _ISO.fullmatch(text)
    return _iso(int(m[1]), _num(m[2]), _num(m[3])) if m else None


def _from_day_first(text: str) -> str | None:
    m = _DAY_FIRST.fullmatch(text)
    return _iso(int(m[3]), int(m[2]), int(m[1])) if m else None


def _from_rfc2822(text: str) -> str | None:
    parts = parsedate_tz(text)
    return _iso(parts[0], parts[1], parts[2]) if parts else None


def _from_words(text: str) -> str | None:
    m = _WORDS.fullmatch(text.lower())
    if not m or m[2] not in MONTHS:
        return None
    return _iso(int(m[3]), MONTHS[m[2]], _num(m[1]))
