"""French temporal expressions, normalised against the article date (TIMEX3-style values).

Why a normaliser of our own: figures need a period ("depuis le 7 octobre", "en 28 jours
de guerre", "annoncés le 8 mars") to be put in a series, and the events stage needs the
same dates; both must resolve relative expressions ("jeudi", "hier", "la semaine
dernière") against the date of the article they appear in, which only the pipeline knows.

Values follow TIMEX3: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYY-Www``, ``YYYY-Www-WE``,
``YYYY-SU`` (seasons), ``196X`` (decades), ``18XX`` (centuries), ``YYYY-MM-DDTEV`` (parts
of days, type TIME), ``P28D`` (durations). An expression whose anchor the text does not
date ("depuis le début de la guerre") is kept with ``value=None`` and its ``anchor`` text,
so that a later stage can resolve it.

Every word comes from ``data/<lang>/dates.yaml``; this module only holds the grammar.
Direction of bare weekdays and months (last Tuesday or next?) comes from the tense of
the nearest verb when a spaCy ``Doc`` is given (:func:`tense_reader`), else from the
news default: the past.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any, Literal

from text_to_num import text2num

from veille.resources import load_yaml

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Direction = Literal["past", "future"] | None
TenseReader = Callable[[int], Direction]

_SP = r"[\s\u00a0\u202f]+"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression at ``start:end`` of the text and its normalised value.

    ``since`` is true when the text opens a period with it ("depuis le 7 octobre");
    ``anchor`` names an event the text does not date ("début de la guerre").
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str | None
    mod: str | None = None
    since: bool = False
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class DateLexicon:
    months: dict[str, int]
    abbreviations: dict[str, int]
    weekdays: dict[str, int]
    deictic: dict[str, int]
    parts: dict[str, str]
    past: frozenset[str]
    future: frozenset[str]
    this: frozenset[str]
    units: dict[str, str]
    seasons: dict[str, str]
    mods: dict[str, str]
    since: tuple[str, ...]
    events: tuple[str, ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


def _alt(words: Any) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@cache
def lexicon(lang: str = "fr") -> DateLexicon:
    d = load_yaml(lang, "dates")
    from veille.extractors.numbers import grammar

    number = rf"(?:\d+|{grammar(lang).words.pattern})"
    mon, abbr = _alt(d["months"]), _alt(d["month_abbreviations"])
    wd, parts = _alt(d["weekdays"]), _alt(d["day_parts"])
    rel = _alt([*d["past_markers"], *d["future_markers"]])
    this = _alt(d["this_markers"])
    units = _alt(d["units"])
    seasons = _alt(d["seasons"])
    mods = _alt(d["period_mods"])
    deictic = _alt(d["deictic_days"])
    events = _alt(d["anchor_events"])
    det = rf"(?:(?P<det>le|les|l['’]|{this}){_SP})?"
    day = r"(?P<day>1er|1ᵉʳ|premier|[12]\d|3[01]|0?[1-9])"
    mod = rf"(?:(?P<mod>{mods})[\s-]+(?:de{_SP}|d['’]|du{_SP})?)?"
    year2 = r"(?P<year>\d{4}|['’]?\d{2}(?![\d\s]*[^\W\d]))"
    patterns: list[tuple[str, str]] = [
        (
            "daymonth",
            rf"{det}(?:(?P<wd>{wd}){_SP})?{day}"
            rf"(?:{_SP}(?:et|,){_SP}(?:le{_SP})?(?P<day2>[12]\d|3[01]|0?[1-9]))?"
            rf"{_SP}(?P<month>{mon}|(?:{abbr})\.?)(?:{_SP}(?P<year>\d{{4}}))?"
            rf"(?:{_SP}(?P<rel>{rel}))?",
        ),
        ("monthyear", rf"{mod}(?P<month>{mon}){_SP}{year2}"),
        ("month", rf"{mod}(?P<month>{mon})(?:{_SP}(?P<rel>{rel}))?"),
        ("decade", rf"(?:(?P<mod>{mods}){_SP}des{_SP}|les{_SP})?années{_SP}(?P<dec>\d{{1,3}}0)\b"),
        (
            "century",
            rf"(?:(?:la|le){_SP}(?P<mod>{mods}){_SP}du{_SP})?(?P<roman>[IVXLC]+)"
            rf"(?:{_alt(d['century_suffixes'])}){_SP}siècle",
        ),
        ("year", rf"{mod}(?P<year>1[89]\d\d|20\d\d)"),
        ("yearshort", r"(?<=\ben )(?P<year>\d{2})"),
        (
            "weekday",
            rf"{det}(?P<wd>{wd})(?:{_SP}(?P<part>{parts}))?(?:{_SP}(?P<rel>{rel}))?",
        ),
        ("deictic", rf"(?P<deic>{deictic})(?:{_SP}(?P<part>{parts}))?"),
        ("thispart", rf"(?:{this}){_SP}(?P<part>{parts})"),
        (
            "relunit",
            rf"(?P<det>la{_SP}|le{_SP}|l['’]|(?:{this}){_SP})(?P<unit>{units})"
            rf"(?:-ci|{_SP}(?P<rel>{rel}))?",
        ),
        (
            "periodmod",
            rf"(?:(?:la|le){_SP})?(?P<mod>{mods}){_SP}(?:de{_SP}l['’]|du{_SP}|de{_SP}la{_SP})"
            rf"(?P<unit>{units})(?:{_SP}(?P<rel>{rel}))?",
        ),
        ("ago", rf"il{_SP}y{_SP}a{_SP}(?P<n>{number}){_SP}(?P<unit>{units})"),
        ("ahead", rf"dans{_SP}(?P<n>{number}){_SP}(?P<unit>{units})"),
        (
            "season",
            rf"(?P<det>l['’]|le{_SP}|ce{_SP}|cet{_SP}|au{_SP}|en{_SP})(?P<season>{seasons})"
            rf"(?:{_SP}(?P<year>\d{{4}})|{_SP}(?P<rel>{rel}))?",
        ),
        (
            "eventstart",
            rf"(?:le{_SP})?(?P<mod>{mods}){_SP}(?:de{_SP}la|du|des|de{_SP}l['’]|de)"
            rf"{_SP}?(?P<event>{events})\b",
        ),
        ("duration", rf"(?P<n>{number}){_SP}(?P<unit>{units})\b"),
    ]
    return DateLexicon(
        months={k.lower(): int(v) for k, v in d["months"].items()},
        abbreviations={k.lower(): int(v) for k, v in d["month_abbreviations"].items()},
        weekdays={k.lower(): int(v) for k, v in d["weekdays"].items()},
        deictic={k.lower(): int(v) for k, v in d["deictic_days"].items()},
        parts={k.lower(): str(v) for k, v in d["day_parts"].items()},
        past=frozenset(d["past_markers"]),
        future=frozenset(d["future_markers"]),
        this=frozenset(d["this_markers"]),
        units={k.lower(): str(v) for k, v in d["units"].items()},
        seasons={k.lower(): str(v) for k, v in d["seasons"].items()},
        mods={k.lower(): str(v) for k, v in d["period_mods"].items()},
        since=tuple(sorted(d["since_words"], key=len, reverse=True)),
        events=tuple(d["anchor_events"]),
        patterns=tuple(
            (name, re.compile(rf"(?<!\w)(?:{p})(?!\w)", re.IGNORECASE)) for name, p in patterns
        ),
    )


def parse_anchor(value: str | None) -> date | None:
    """The article date ('YYYY-MM-DD', 'YYYY-MM' or 'YYYY') as a day (first of the period)."""
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if m is None:
        return None
    return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))


def find_timexes(
    text: str,
    anchor: str | date | None,
    lang: str = "fr",
    tense: TenseReader | None = None,
) -> list[Timex]:
    """All temporal expressions of ``text`` in order, not overlapping, with their values.

    ``anchor`` is the article date; without it relative expressions keep ``value=None``.
    ``tense`` maps a character offset to the direction of its clause's verb.
    """
    lex = lexicon(lang)
    day0 = anchor if isinstance(anchor, date) else parse_anchor(anchor)
    out: list[Timex] = []
    taken_end = -1
    context_year: dict[int, int] = {}
    for start, _neg, _rank, name, m in _candidates(text, lang):
        if start < taken_end:
            continue
        reader = _Reader(text, lex, day0, tense, context_year)
        found = reader.read(name, m)
        if not found:
            continue
        out.extend(found)
        taken_end = m.end()
    return out


@lru_cache(maxsize=256)
def _candidates(text: str, lang: str) -> tuple[tuple[int, int, int, str, re.Match[str]], ...]:
    """Every pattern match in ``text``, by start, longest first, then pattern rank.
    Cached: figures and events read the same article's dates (with the same anchor)."""
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    low = _lowered(text)
    needles = _needles(lang)
    for rank, (name, pattern) in enumerate(lexicon(lang).patterns):
        wanted = needles.get(name)
        if low is not None and wanted and not any(w in low for w in wanted):
            continue  # every match of this pattern holds one of these words: none here
        for m in pattern.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), rank, name, m))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    return tuple(candidates)


@cache
def _needles(lang: str) -> dict[str, tuple[str, ...]]:
    """For a pattern, words one of which every match of it contains (lowercase): a text
    without any of them is not scanned with it (most hold no decade, century, season…)."""
    d = load_yaml(lang, "dates")

    def words(*keys: str) -> tuple[str, ...]:
        return tuple(str(w).lower() for k in keys for w in d[k])

    months, units = words("months"), words("units")
    return {
        "daymonth": months + words("month_abbreviations"),
        "monthyear": months,
        "month": months,
        "decade": ("années",),
        "century": ("siècle",),
        "year": ("18", "19", "20"),
        "yearshort": ("en ",),
        "weekday": words("weekdays"),
        "deictic": words("deictic_days"),
        "thispart": words("day_parts"),
        "relunit": units,
        "periodmod": units,
        "ago": units,
        "ahead": units,
        "season": words("seasons"),
        "eventstart": words("anchor_events"),
        "duration": units,
    }


_CASE_TWINS = str.maketrans({"ı": "i", "ſ": "s"})


def _lowered(text: str) -> str | None:
    """``text`` lowercased as the patterns' IGNORECASE compares it, or None when a
    character's lowercase is longer than one character (then every pattern runs)."""
    low = text.lower()
    if len(low) != len(text):
        return None
    return low.translate(_CASE_TWINS)  # re's extra case equivalences ("ı" is an "I")


class _Reader:
    """Turns one pattern match into Timex values (a match may give two: 'les 6 et 13 avril')."""

    def __init__(
        self,
        text: str,
        lex: DateLexicon,
        anchor: date | None,
        tense: TenseReader | None,
        context_year: dict[int, int],
    ) -> None:
        self.text = text
        self.lex = lex
        self.anchor = anchor
        self.tense = tense
        self.context_year = context_year

    def read(self, name: str, m: re.Match[str]) -> list[Timex]:
        handler = getattr(self, f"_{name}")
        result: list[Timex] | Timex | None = handler(m)
        if result is None:
            return []
        items = result if isinstance(result, list) else [result]
        return [self._with_since(t) for t in items]

    # -- helpers -----------------------------------------------------------------------

    def _make(
        self,
        m: re.Match[str],
        type_: TimexType,
        value: str | None,
        mod: str | None = None,
        start: int | None = None,
        end: int | None = None,
        anchor: str | None = None,
    ) -> Timex:
        s = m.start() if start is None else start
        e = m.end() if end is None else end
        det = m.groupdict().get("det")
        if start is None and det and det.strip().lower() in {"au", "en"}:
            s = m.start("det") + len(det)
        return Timex(s, e, self.text[s:e], type_, value, mod, False, anchor)

    def _with_since(self, t: Timex) -> Timex:
        before = self.text[max(0, t.start - 16) : t.start].lower().rstrip()
        since = any(before.endswith(w) for w in self.lex.since)
        if not since:
            return t
        return Timex(t.start, t.end, t.text, t.type, t.value, t.mod, True, t.anchor)

    def _direction(self, m: re.Match[str]) -> Direction:
        rel = (m.groupdict().get("rel") or "").lower()
        if rel in self.lex.past:
            return "past"
        if rel in self.lex.future or rel.startswith("à venir"):
            return "future"
        return self.tense(m.start()) if self.tense is not None else None

    def _mod(self, m: re.Match[str]) -> str | None:
        raw = m.groupdict().get("mod")
        return self.lex.mods.get(raw.lower()) if raw else None

    def _month_number(self, word: str) -> int | None:
        w = word.lower().rstrip(".")
        return self.lex.months.get(w) or self.lex.abbreviations.get(w)

    def _year_near(self, pos: int) -> int | None:
        """A year written earlier in the same sentence ('en 97 (en janvier …)')."""
        sent_start = max(self.text.rfind(". ", 0, pos), self.text.rfind("\n", 0, pos), pos - 60)
        years = [y for p, y in self.context_year.items() if sent_start < p < pos]
        return years[-1] if years else None

    # -- patterns ----------------------------------------------------------------------

    def _daymonth(self, m: re.Match[str]) -> list[Timex] | None:
        month = self._month_number(m.group("month"))
        day = _day(m.group("day"))
        if month is None or day is None:
            return None
        rel = (m.group("rel") or "").lower()
        direction: Direction = (
            "past" if rel in self.lex.past else "future" if rel in self.lex.future else None
        )
        years = [int(m.group("year"))] if m.group("year") else []
        weekday = self.lex.weekdays.get((m.group("wd") or "").lower())
        out: list[Timex] = []
        second_start = m.start("day")
        if m.group("day2"):
            first_end = m.end("day")
            v1 = self._day_value(day, month, years, direction, m.start(), None, bool(rel))
            out.append(self._make(m, "DATE", v1, end=first_end))
            day = int(m.group("day2"))
            second_start = m.start("day2")
        value = self._day_value(day, month, years, direction, m.start(), weekday, bool(rel))
        if out:
            out.append(self._make(m, "DATE", value, start=second_start))
        else:
            out.append(self._make(m, "DATE", value))
        return out

    def _day_value(
        self,
        day: int,
        month: int,
        years: list[int],
        direction: Direction,
        pos: int,
        weekday: int | None = None,
        marked: bool = False,
    ) -> str | None:
        """Day and month → a day: the written year, a year just before, the year whose
        calendar puts the written weekday on that day, else the year nearest the article."""
        if years:
            return _iso(years[0], month, day)
        near = None if marked else self._year_near(pos)
        if near is not None:
            return _iso(near, month, day)
        if self.anchor is None:
            return f"XXXX-{month:02d}-{day:02d}"
        if weekday is not None and direction is None:
            fits = [
                y
                for y in (self.anchor.year, self.anchor.year + 1, self.anchor.year - 1)
                if _iso(y, month, day) and date(y, month, day).weekday() == weekday
            ]
            if fits:
                return _iso(fits[0], month, day)
        year = _closest_year(self.anchor, month, day, direction)
        return _iso(year, month, day)

    def _monthyear(self, m: re.Match[str]) -> Timex | None:
        month = self._month_number(m.group("month"))
        year = _year(m.group("year"), self.anchor)
        if month is None or year is None:
            return None
        self.context_year[m.start()] = year
        return self._make(m, "DATE", f"{year}-{month:02d}", self._mod(m))

    def _month(self, m: re.Match[str]) -> Timex | None:
        month = self._month_number(m.group("month"))
        if month is None or not m.group("month")[0].isalpha():
            return None
        word = m.group("month")
        if word[0].isupper() and word.lower() == "mars" and m.start() > 0:
            return None  # "Mars", the planet or the name
        near = None if m.group("rel") else self._year_near(m.start())
        if near is not None:
            return self._make(m, "DATE", f"{near}-{month:02d}", self._mod(m))
        if self.anchor is None:
            return self._make(m, "DATE", f"XXXX-{month:02d}", self._mod(m))
        year = _closest_year(self.anchor, month, 15, self._direction(m), whole_month=True)
        return self._make(m, "DATE", f"{year}-{month:02d}", self._mod(m))

    def _decade(self, m: re.Match[str]) -> Timex:
        dec = m.group("dec")
        prefix = dec[:-1] if len(dec) == 4 else ("19" + dec[0] if len(dec) == 2 else dec[:-1])
        return self._make(m, "DATE", f"{prefix}X", self._mod(m))

    def _century(self, m: re.Match[str]) -> Timex | None:
        n = _roman(m.group("roman"))
        if n is None or not 1 <= n <= 21:
            return None
        return self._make(m, "DATE", f"{n - 1:02d}XX", self._mod(m))

    def _year(self, m: re.Match[str]) -> Timex | None:
        after = self.text[m.end() : m.end() + 30]
        before = self.text[max(0, m.start() - 3) : m.start()]
        if re.match(r"[.,]\d|[\s\u00a0\u202f]*(?:%|€|\$)", after) or re.search(r"\d[\s.]$", before):
            return None  # part of a bigger number or an amount
        nxt = re.match(rf"{_SP}([^\W\d]+)", after)
        if nxt and nxt.group(1).lower().endswith(("s", "x")) and nxt.group(1).islower():
            word = nxt.group(1).lower()
            if word not in self.lex.months and word not in {"avais", "après", "dans", "sous"}:
                return None  # "2000 personnes": a count, not a year
        year = int(m.group("year"))
        self.context_year[m.start()] = year
        return self._make(m, "DATE", str(year), self._mod(m))

    def _yearshort(self, m: re.Match[str]) -> Timex | None:
        after = self.text[m.end() : m.end() + 12]
        if re.match(r"[\s\u00a0\u202f]*(?:[^\W\d]|%|[.,]\d)", after):
            return None  # "en 28 jours", "en 10 %": not a year
        year = _year(m.group("year"), self.anchor)
        if year is None:
            return None
        self.context_year[m.start()] = year
        return self._make(m, "DATE", str(year))

    def _weekday(self, m: re.Match[str]) -> Timex | None:
        wd = self.lex.weekdays[m.group("wd").lower()]
        det = (m.group("det") or "").strip().lower()
        part = self.lex.parts.get((m.group("part") or "").lower())
        if self.anchor is None:
            return self._make(m, "DATE", None)
        direction = self._direction(m)
        delta = wd - self.anchor.weekday()
        if det in {"le", "les"}:
            return None  # "le mercredi", "les lundis": habits, not a date
        if det in self.lex.this:
            day = self.anchor + timedelta(days=delta)
        elif direction == "future":
            day = self.anchor + timedelta(days=delta % 7)
        else:  # news default: the last such day, the article's own day included
            day = self.anchor - timedelta(days=(-delta) % 7)
        if part:
            return self._make(m, "TIME", f"{day.isoformat()}T{part}")
        return self._make(m, "DATE", day.isoformat())

    def _deictic(self, m: re.Match[str]) -> Timex:
        offset = self.lex.deictic[m.group("deic").lower().replace("’", "'")]
        part = self.lex.parts.get((m.group("part") or "").lower())
        if self.anchor is None:
            return self._make(m, "DATE", None)
        day = (self.anchor + timedelta(days=offset)).isoformat()
        return self._make(m, "TIME", f"{day}T{part}") if part else self._make(m, "DATE", day)

    def _thispart(self, m: re.Match[str]) -> Timex:
        part = self.lex.parts[m.group("part").lower()]
        value = f"{self.anchor.isoformat()}T{part}" if self.anchor else None
        return self._make(m, "TIME", value)

    def _relunit(self, m: re.Match[str]) -> Timex | None:
        det = m.group("det").lower().replace("’", "'").strip()
        unit = self.lex.units[m.group("unit").lower()]
        rel = (m.group("rel") or "").lower()
        ci = m.group(0).lower().endswith("-ci")
        if rel in self.lex.past:
            step = -1
        elif rel in self.lex.future:
            step = 1
        elif det in self.lex.this or ci:
            step = 0
            if unit == "WE" and self.anchor is not None and self.anchor.weekday() < 5:
                step = -1 if self._direction(m) == "past" else 0
        else:
            return None  # "la semaine", "l'année": no date without a marker
        if self.anchor is None:
            return self._make(m, "DATE", None)
        return self._make(m, "DATE", _shift_value(self.anchor, unit, step))

    def _periodmod(self, m: re.Match[str]) -> Timex | None:
        unit = self.lex.units[m.group("unit").lower()]
        rel = (m.group("rel") or "").lower()
        step = -1 if rel in self.lex.past else 1 if rel in self.lex.future else 0
        value = _shift_value(self.anchor, unit, step) if self.anchor else None
        return self._make(m, "DATE", value, self._mod(m))

    def _ago(self, m: re.Match[str]) -> Timex | None:
        return self._offset(m, -1)

    def _ahead(self, m: re.Match[str]) -> Timex | None:
        return self._offset(m, 1)

    def _offset(self, m: re.Match[str], sign: int) -> Timex | None:
        n = _number(m.group("n"))
        unit = self.lex.units[m.group("unit").lower()]
        if n is None or unit == "WE":
            return None
        if self.anchor is None:
            return self._make(m, "DATE", None)
        if unit == "D":
            value = (self.anchor + timedelta(days=sign * n)).isoformat()
        elif unit == "W":
            value = (self.anchor + timedelta(weeks=sign * n)).isoformat()
        elif unit == "M":
            y, mo = divmod(self.anchor.year * 12 + self.anchor.month - 1 + sign * n, 12)
            value = f"{y}-{mo + 1:02d}"
        else:
            value = str(self.anchor.year + sign * n)
        return self._make(m, "DATE", value)

    def _season(self, m: re.Match[str]) -> Timex | None:
        season = self.lex.seasons[m.group("season").lower()]
        if m.group("year"):
            return self._make(m, "DATE", f"{m.group('year')}-{season}")
        if self.anchor is None:
            return self._make(m, "DATE", None)
        direction = self._direction(m)
        year = self.anchor.year
        rel = (m.group("rel") or "").lower()
        order = ["WI", "SP", "SU", "FA"]
        now = order[(self.anchor.month % 12) // 3]
        if rel and direction == "past" and order.index(season) >= order.index(now):
            year -= 1
        elif rel and direction == "future" and order.index(season) <= order.index(now):
            year += 1
        return self._make(m, "DATE", f"{year}-{season}")

    def _eventstart(self, m: re.Match[str]) -> Timex:
        return self._make(m, "DATE", None, self._mod(m), anchor=m.group("event").lower())

    def _duration(self, m: re.Match[str]) -> Timex | None:
        n = _number(m.group("n"))
        unit = self.lex.units[m.group("unit").lower()]
        if n is None or unit == "WE":
            return None
        return self._make(m, "DURATION", f"P{n}{unit}")


# -- calendar helpers -----------------------------------------------------------------


def _day(raw: str) -> int | None:
    raw = raw.lower()
    if raw.startswith(("1er", "1ᵉʳ", "premier")):
        return 1
    return int(raw) if raw.isdigit() else None


def _iso(year: int, month: int, day: int) -> str | None:
    if day > calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _year(raw: str, anchor: date | None) -> int | None:
    raw = raw.lstrip("'’")
    if len(raw) == 4:
        return int(raw)
    if len(raw) != 2:
        return None
    yy = int(raw)
    ref = anchor.year if anchor else 2000
    century = ref // 100 * 100
    year = century + yy
    return year - 100 if year > ref + 10 else year


def _closest_year(
    anchor: date, month: int, day: int, direction: Direction, whole_month: bool = False
) -> int:
    """The year that puts day/month nearest the article date, in the tense's direction."""
    best: tuple[int, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = min(day, calendar.monthrange(year, month)[1])
        when = date(year, month, d)
        if whole_month and (year, month) == (anchor.year, anchor.month):
            gap = 0
        else:
            gap = (when - anchor).days
            if direction == "past" and gap > 0 and not whole_month:
                continue
            if direction == "future" and gap < 0 and not whole_month:
                continue
            if whole_month and direction == "past" and (year, month) > (anchor.year, anchor.month):
                continue
            if (
                whole_month
                and direction == "future"
                and (year, month)
                < (
                    anchor.year,
                    anchor.month,
                )
            ):
                continue
        cand = (abs(gap), year)
        if best is None or cand < best:
            best = cand
    return best[1] if best is not None else anchor.year


def _shift_value(anchor: date, unit: str, step: int) -> str:
    if unit == "D":
        return (anchor + timedelta(days=step)).isoformat()
    if unit in {"W", "WE"}:
        y, w, _ = (anchor + timedelta(weeks=step)).isocalendar()
        return f"{y}-W{w:02d}" + ("-WE" if unit == "WE" else "")
    if unit == "M":
        y, mo = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
        return f"{y}-{mo + 1:02d}"
    return str(anchor.year + step)


def _roman(raw: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(raw.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total += -v if v < prev else v
        prev = max(prev, v)
    return total


def _number(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    low = raw.lower()
    if low in {"un", "une"}:
        return 1
    try:
        return int(text2num(low, "fr"))
    except ValueError:
        return None


def shift(value: str, days: int) -> str | None:
    """A day value moved by ``days`` ('2023-11-04', -28 → '2023-10-07'); None if not a day."""
    try:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    except ValueError:
        return None


def duration_days(value: str) -> int | None:
    """Days in a TIMEX duration ('P28D' → 28, 'P3W' → 21); None for months and years."""
    m = re.fullmatch(r"P(\d+)([DW])", value)
    if m is None:
        return None
    return int(m.group(1)) * (7 if m.group(2) == "W" else 1)


# -- tense from a parse ---------------------------------------------------------------


_TIMEX_KEY = "veille_timexes"


def doc_timexes(doc: Any, date: str | None, lang: str = "fr") -> list[Timex]:
    """``find_timexes`` over a Doc's text, computed once per Doc and date: the figures and
    events extractors both read them."""
    from veille.nlp import doc_text

    cached = doc.user_data.get(_TIMEX_KEY)
    if cached is not None and cached[0] == (date, lang):
        return list(cached[1])
    found = find_timexes(doc_text(doc), date, lang, tense_reader(doc))
    doc.user_data[_TIMEX_KEY] = ((date, lang), tuple(found))
    return found


def tense_reader(doc: Any) -> TenseReader:
    """Direction of the verb nearest a character offset in its sentence, from spaCy's
    morphology: future and conditional → future; past, imperfect and passé composé → past.
    """

    def read(offset: int) -> Direction:
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None:
            return None
        tok = span[0]
        verbs = [t for t in tok.sent if t.pos_ in {"VERB", "AUX"}]
        if not verbs:
            return None
        for v in sorted(verbs, key=lambda t: abs(t.i - tok.i)):
            d = _verb_direction(v)
            if d is not None:
                return d
        return None

    return read


def _verb_direction(v: Any) -> Direction:
    tense = v.morph.get("Tense")
    mood = v.morph.get("Mood")
    if "Fut" in tense or "Cnd" in mood:
        return "future"
    if "Past" in tense or "Imp" in tense:
        return "past"
    if v.lemma_ in {"aller", "devoir"} and any(
        c.morph.get("VerbForm") == ["Inf"] for c in v.head.children
    ):
        return "future"
    aux = [c for c in v.children if c.dep_ in {"aux", "aux:tense", "aux:pass"}]
    if v.morph.get("VerbForm") == ["Part"] and aux:
        if any("Fut" in a.morph.get("Tense") for a in aux):
            return "future"
        return "past"
    if v.lemma_ in {"aller"} and "Pres" in tense:
        return "future"
    return None
