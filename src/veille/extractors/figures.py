"""Figures: reported numbers with their qualifier, what they count, who gives them and when.

A journalist following a death toll needs every reported count, and nothing else: so the
extractor first reads all number expressions (``numbers.find_numbers``), then removes
what only looks like a count — dates and times (found by ``dates.find_timexes``), ages,
durations, ordinals, codes and phone numbers, addresses, list markers, numbers inside
names ("la résolution 1405", "Paris 8"), distances that locate ("à 15 km de"),
dimensions, sports scores, fixed phrases ("24 heures sur 24") — and spelled-out numbers
that count nothing. For each figure left it reads:

* the qualifier from the words before ("plus de" → more_than), or after ("1 200 environ");
* what is counted from the first noun after the number (through "de" after a scale), or
  the verb the counted noun depends on, normalised through the category lexicon;
* ranges ("entre 200 et 300", "10 à 15.000" → value 10 000, value_max 15 000), fractions
  ("la moitié des 2,3 millions") and "dont" subsets (``part_of``);
* the source: the speaker of the quote it sits in, else "selon X" / "d'après X" (the body
  named inside a document phrase: "selon un sondage de l'IFOP" → IFOP), else the subject
  of a reporting verb whose clause holds the figure ("X a fait état de…", "X estime que…");
* the period: "depuis le 7 octobre" (start), "en 28 jours" (start = end − 28 days), a date
  in the clause ("annoncés le 8 mars"), else the article date (``doc.user_data["date"]``
  when the pipeline sets it).

Every word list lives in ``data/<lang>/figures.yaml`` and ``dates.yaml``.
Exposed as the spaCy component ``veille_figures``: results land on ``doc._.figures``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille.extractors.dates import Timex, duration_days, find_timexes, shift, tense_reader
from veille.extractors.names import (
    DocumentNames,
    description_head,
    strip_title,
    title_prefix,
)
from veille.extractors.numbers import SPACES, NumberMatch, find_numbers
from veille.records import Figure, FigureSource, Qualifier, Quote
from veille.resources import load_yaml

_WINDOW = 40  # characters looked at before a number for its qualifier
_SP = f"[{SPACES}]"


@dataclass(frozen=True, slots=True)
class FigureLexicon:
    qualifiers: tuple[tuple[str, Qualifier], ...]
    post_qualifiers: tuple[tuple[str, Qualifier], ...]
    categories: dict[str, str]
    generic: frozenset[str]
    singular: frozenset[str]
    not_units: frozenset[str]
    months: frozenset[str]
    not_before: frozenset[str]
    year_lo: int
    year_hi: int
    source_preps: tuple[str, ...]
    source_verbs: frozenset[str]
    source_phrases: tuple[tuple[str, str], ...]
    source_documents: frozenset[str]
    survey_nouns: frozenset[str]
    opinion_preps: tuple[str, ...]
    comparison_words: tuple[str, ...]
    subset_words: tuple[str, ...]
    source_stop: re.Pattern[str]
    technical: frozenset[str]
    dimensions: frozenset[str]
    distances: frozenset[str]
    identifiers: frozenset[str]
    address: re.Pattern[str]
    score_cues: frozenset[str]
    phrases: tuple[re.Pattern[str], ...]


@cache
def lexicon(lang: str) -> FigureLexicon:
    d = load_yaml(lang, "figures")
    quals = sorted(d["qualifiers"].items(), key=lambda kv: len(kv[0]), reverse=True)
    post = sorted(d["post_qualifiers"].items(), key=lambda kv: len(kv[0]), reverse=True)
    address = "|".join(re.escape(w) for w in d["address_words"])
    return FigureLexicon(
        qualifiers=tuple(quals),
        post_qualifiers=tuple(post),
        categories={k.lower(): v for k, v in d["categories"].items()},
        generic=frozenset(d["generic_categories"]),
        singular=frozenset(d["singular_categories"]),
        not_units=frozenset(u.lower() for u in d["not_figure_units"]),
        months=frozenset(d["months"]),
        not_before=frozenset(w.lower() for w in d["not_figure_before"]),
        year_lo=int(d["year_range"][0]),
        year_hi=int(d["year_range"][1]),
        source_preps=tuple(d["source_preps"]),
        source_verbs=frozenset(d["source_verbs"]),
        source_phrases=tuple(_pair(p) for p in d["source_phrases"]),
        source_documents=frozenset(d["source_documents"]),
        survey_nouns=frozenset(d["survey_nouns"]),
        opinion_preps=tuple(d["opinion_preps"]),
        comparison_words=tuple(d["comparison_words"]),
        subset_words=tuple(d["subset_words"]),
        source_stop=re.compile(
            r"[,.;:()«»\"]|\s(?:" + "|".join(map(re.escape, d["source_stops"])) + r")\b"
        ),
        technical=frozenset(w.lower() for w in d["technical_units"]),
        dimensions=frozenset(d["dimension_words"]),
        distances=frozenset(d["distance_units"]),
        identifiers=frozenset(w.lower() for w in d["identifier_nouns"]),
        address=re.compile(rf"{_SP}*,?{_SP}*(?:{address})\b", re.IGNORECASE),
        score_cues=frozenset(d["score_cues"]),
        phrases=tuple(re.compile(p, re.IGNORECASE) for p in d["not_figure_phrases"]),
    )


@dataclass(slots=True)
class _Candidate:
    num: NumberMatch
    tokens: list[Token]
    value_max: float | None = None
    end: int = 0


class FigureExtractor:
    """Finds reported figures in a parsed document."""

    def __init__(self, lang: str = "fr") -> None:
        self.lang = lang
        self.lex = lexicon(lang)

    def __call__(
        self, doc: Doc, quotes: list[Quote] | None = None, date: str | None = None
    ) -> list[Figure]:
        text = doc.text
        date = date or doc.user_data.get("date")
        timexes = find_timexes(text, date, self.lang, tense_reader(doc))
        blocked = self._blocked_spans(text, timexes)
        names = DocumentNames(doc)
        candidates: list[_Candidate] = []
        score_sents: set[int] = set()
        for num in find_numbers(text, self.lang):
            if any(s <= num.start and num.end <= e for s, e in blocked):
                continue
            tokens = _tokens(doc, num.start, num.end)
            if not tokens:
                continue
            sent = tokens[0].sent
            if sent.start in score_sents or self._is_score_sentence(sent, text):
                score_sents.add(sent.start)
                continue
            if self._is_figure(doc, num, tokens):
                candidates.append(_Candidate(num, tokens, None, num.end))
        figures: list[Figure] = []
        for cand in self._ranges(text, candidates):
            figure = self._figure(doc, cand, names, quotes or [], figures, timexes, date)
            if figure is not None:
                figures.append(figure)
        self._fraction_parents(text, figures)
        self._comparisons(text, figures)
        return self._survey_sources(text, figures)

    def _comparisons(self, text: str, figures: list[Figure]) -> None:
        """'1 200 morts, contre 1 400 annoncés le 8 mars': a compared figure with no noun
        counts what the figure before it counts, and comes from the same source."""
        for i in range(1, len(figures)):
            f, prev = figures[i], figures[i - 1]
            if f.what != "other" or f.unit is not None:
                continue
            gap = text[prev.end : f.start].lower()
            if len(gap) > 40 or re.search(r"[.;!?]", gap):
                continue
            if re.search(rf"(?:{'|'.join(map(re.escape, self.lex.comparison_words))}){_SP}*$", gap):
                source = f.source if f.source.name else prev.source
                figures[i] = replace(f, what=prev.what, source=source)

    def _survey_sources(self, text: str, figures: list[Figure]) -> list[Figure]:
        """In a poll's paragraph, the percentages that follow are the poll's: a percent
        without a source inherits the survey credited earlier in the same paragraph."""
        current: FigureSource | None = None
        out = []
        for f in figures:
            src = f.source
            if src.name and src.text and self._is_survey(src.text):
                current = src
            elif current is not None and src.name is None and f.what == "percent":
                f = replace(f, source=current)
            out.append(f)
        return out

    def _is_survey(self, mention: str) -> bool:
        words = re.findall(r"[\w-]+", mention.lower())[:3]
        return any(w in self.lex.survey_nouns for w in words)

    # -- is it a figure? -------------------------------------------------------------

    def _blocked_spans(self, text: str, timexes: list[Timex]) -> list[tuple[int, int]]:
        spans = [(t.start, t.end) for t in timexes if t.type in {"DATE", "TIME", "SET"}]
        for pattern in self.lex.phrases:
            spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
        return spans

    def _is_score_sentence(self, sent: Span, text: str) -> bool:
        """A sports result: a score cue and a score ("93 à 83", "1-0")."""
        if not any(t.lemma_.lower() in self.lex.score_cues for t in sent):
            return False
        return re.search(r"\b\d{1,3}\s*(?:à|-)\s*\d{1,3}\b", sent.text) is not None

    def _is_figure(self, doc: Doc, num: NumberMatch, tokens: list[Token]) -> bool:
        text = doc.text
        if num.vague:
            return False  # "des milliers de personnes": no number was reported
        if num.fraction:
            return True
        raw = text[num.start : num.end]
        after = text[num.end : num.end + 30]
        before = text[max(0, num.start - 30) : num.start]
        word = _next_word(after)
        low_word = word.lower()
        if low_word in self.lex.not_units or low_word in self.lex.months or word == "°":
            return False
        if not num.spelled and (
            text[num.end : num.end + 1].isalpha() or before[-1:] in {"-", "°", "@", "#", "/"}
        ):
            return False  # ordinals (3e), codes (A320, F-16), glued to letters
        if num.spelled and text[num.end : num.end + 1] == "-":
            return False  # "Deux-Sèvres", "Trois-Rivières"
        if re.match(r"[./:]\d|-\d", after) or re.search(r"\d[./:-]$", before):
            return False  # phone numbers, codes, scores "1-0", age brackets "0-6 ans"
        if re.match(r"0\d", raw):
            return False  # leading zero: a code or a phone number
        if self._list_marker(text, num):
            return False
        if self.lex.address.match(after) and not num.spelled:
            return False
        if low_word in self.lex.technical and not num.scaled:
            return False
        if low_word in self.lex.distances | self.lex.technical | {"m"}:
            if re.match(
                rf"{_SP}*\S+{_SP}+de{_SP}+(?:{'|'.join(self.lex.dimensions)})\b", after.lower()
            ):
                return False
            if re.search(rf"\bà{_SP}+(?:(?:environ|quelque|près{_SP}+de){_SP}+)?$", before.lower()):
                return False  # "à 15 km au nord d'Angers": a location
        prev = _prev_word(before)
        if prev.lower() in self.lex.identifiers or prev.lower() in self.lex.not_before - {
            "à",
            "de",
            "en",
            "depuis",
            "vers",
        }:
            return False
        if self._inside_name(doc, tokens, prev, before):
            return False
        is_year = (
            not num.percent
            and num.value.is_integer()
            and self.lex.year_lo <= num.value <= self.lex.year_hi
            and re.fullmatch(r"\d{4}", raw) is not None
        )
        if is_year and self._counted(tokens)[0] is None:
            return False
        if num.spelled and not num.scaled:
            return self._spelled_counts(tokens, num)
        return True

    def _list_marker(self, text: str, num: NumberMatch) -> bool:
        """'1. à la Teille, 2. au chêne', '4- activer…', '(1)': enumerations and notes."""
        after = text[num.end : num.end + 3]
        before = text[max(0, num.start - 3) : num.start]
        raw = text[num.start : num.end]
        if before.endswith("(") and after.startswith(")") and raw.isdigit() and num.value < 100:
            return True
        line_start = (
            before == "" or before.rstrip(" \t").endswith(("\n", ":", ";", ",")) or (num.start == 0)
        )
        if re.match(r"-\s*[^\W\d]|\)\s*[^\W\d]", after) and (line_start or before.endswith("\n")):
            return True
        return bool(re.match(r"\.\s+[a-zà-ÿ]", after)) and line_start

    def _inside_name(self, doc: Doc, tokens: list[Token], prev: str, before: str) -> bool:
        """'Paris 8', 'RD 184', 'March 16': a number right after a capitalised word or an
        abbreviation identifies, unless the number is followed by what it counts."""
        if not prev or not re.search(rf"{re.escape(prev)}{_SP}+$", before):
            return False
        first = tokens[0]
        if first.i == 0:
            return False
        left = doc[first.i - 1]
        if left.pos_ == "ADJ" and first.i > 1 and doc[first.i - 2].lower_ in self.lex.identifiers:
            return True  # "la base militaire 921"
        if not left.text[:1].isupper() or (left.is_sent_start and left.pos_ != "PROPN"):
            return False
        if left.lower_ in self.lex.categories:
            return False
        category, noun = self._counted(tokens)
        return category is None and noun is None

    def _spelled_counts(self, tokens: list[Token], num: NumberMatch) -> bool:
        """A spelled-out number is a figure when it counts a noun ('deux voitures',
        'trois des cinq notables'); 'un'/'une' only for casualties ('un mort')."""
        category, noun = self._counted(tokens)
        if num.value == 1:
            return category in self.lex.singular and noun is not None and noun.i == tokens[-1].i + 1
        if noun is not None:
            return noun.lemma_.lower() not in self.lex.not_units
        nxt = tokens[-1].nbor(1) if tokens[-1].i + 1 < len(tokens[-1].doc) else None
        return nxt is not None and nxt.lower_ in {"des", "d'", "de"} and self._partitive(nxt)

    def _partitive(self, tok: Token) -> bool:
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and (nxt.pos_ in {"NOUN", "NUM"} or nxt.like_num)

    # -- ranges ----------------------------------------------------------------------

    def _ranges(self, text: str, cands: list[_Candidate]) -> list[_Candidate]:
        """'entre 200 et 300', '10 à 15.000', 'de 185 à 240 millions': one figure, two ends."""
        out: list[_Candidate] = []
        i = 0
        while i < len(cands):
            c = cands[i]
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            if nxt is not None and not c.num.percent and not c.num.fraction:
                gap = text[c.num.end : nxt.num.start].lower()
                lead = text[max(0, c.num.start - 8) : c.num.start].lower()
                between = re.fullmatch(rf"{_SP}+et{_SP}+", gap) and re.search(
                    rf"\bentre{_SP}+$", lead
                )
                to = re.fullmatch(rf"{_SP}+à{_SP}+", gap)
                if between or to:
                    low, high = c.num.value, nxt.num.value
                    if nxt.num.scaled and not c.num.scaled and low < high / 100:
                        low *= high / _mantissa(text[nxt.num.start : nxt.num.end], high)
                    elif high >= 1000 and low < 1000 and low * 1000 <= high < low * 10000:
                        low *= 1000
                    change = re.search(rf"\bde{_SP}+$", lead) and not nxt.num.scaled
                    if low < high and not change:
                        out.append(
                            _Candidate(replace(c.num, value=low), c.tokens, high, nxt.num.end)
                        )
                        i += 2
                        continue
            out.append(c)
            i += 1
        return out

    # -- reading one figure ----------------------------------------------------------

    def _figure(
        self,
        doc: Doc,
        cand: _Candidate,
        names: DocumentNames,
        quotes: list[Quote],
        previous: list[Figure],
        timexes: list[Timex],
        date: str | None,
    ) -> Figure | None:
        num, tokens = cand.num, cand.tokens
        text = doc.text
        start, qualifier = self._qualifier(text, num.start)
        end = cand.end
        if num.vague and qualifier == "exactly":
            qualifier = "at_least"
        if qualifier == "exactly":
            qualifier = self._post_qualifier(text, end)
        if cand.value_max is not None:
            lead = text[max(0, start - 8) : start].lower()
            if re.search(rf"\bentre{_SP}+$", lead):
                start -= len(lead) - lead.rfind("entre")
        category, noun = self._counted(
            tokens if cand.value_max is None else _tokens(doc, num.start, end)
        )
        if num.unit is not None:
            category = num.unit
        if num.percent:
            category = "percent"
        sent = tokens[0].sent
        part_of = self._part_of(text, start, sent, previous)
        plural_name = noun is not None and noun.pos_ == "PROPN" and "Plur" in noun.morph.get(
            "Number", []
        )
        if category is None and plural_name:
            category = "people"  # "cinq millions de Français"
        if part_of is None and (category is None or category in self.lex.generic):
            category = self._verb_category(tokens, noun) or category
        unit = noun.lemma_.lower() if noun is not None and not num.percent else num.unit
        period_start, period_end = self._period(sent, num.start, timexes, date)
        return Figure(
            start=start,
            end=end,
            text=text[start:end],
            value=cand.num.value,
            qualifier=qualifier,
            what=category or "other",
            location=self._location(sent, num),
            source=self._source(doc, sent, num, tokens, names, quotes),
            part_of=part_of,
            unit=unit,
            value_max=cand.value_max,
            period_start=period_start,
            period_end=period_end,
        )

    def _qualifier(self, text: str, start: int) -> tuple[int, Qualifier]:
        before = text[max(0, start - _WINDOW) : start]
        low = before.lower().replace("’", "'")
        for expr, qual in self.lex.qualifiers:
            m = re.search(rf"(?:^|[\s(«\"']|à ){re.escape(expr)}{_SP}*$", low)
            if m:
                offset = len(before) - len(low[m.start() :].lstrip(" («\"'").removeprefix("à "))
                return start - (len(before) - offset), qual
        return start, "exactly"

    def _post_qualifier(self, text: str, end: int) -> Qualifier:
        after = text[end : end + 40].lower()
        for expr, qual in self.lex.post_qualifiers:  # "1 200 environ"
            if qual != "exactly" and re.match(rf"{_SP}+{re.escape(expr)}\b", after):
                return qual
        return "exactly"

    def _counted(self, tokens: list[Token]) -> tuple[str | None, Token | None]:
        """The noun a number counts and its category: the first noun after it, through
        adjectives and, after a scale, 'de'/'d'' ('2,3 millions d'habitants')."""
        doc = tokens[0].doc
        i = tokens[-1].i + 1
        limit = min(len(doc), i + 5)
        while i < limit:
            tok = doc[i]
            low, lemma = tok.lower_, tok.lemma_.lower()
            for key in (low, lemma):
                if key in self.lex.categories and (
                    tok.pos_ != "VERB" or tok.dep_ in {"amod", "acl"}
                ):
                    return self.lex.categories[key], tok
            if tok.is_punct or tok.pos_ in {"VERB", "AUX", "NUM", "PRON", "CCONJ", "SCONJ"}:
                return None, None
            if tok.pos_ in {"NOUN", "PROPN"} and low not in {"millions", "milliards", "milliers"}:
                return None, tok
            if tok.pos_ == "ADP" and low not in {"de", "d'", "d’", "des", "du"}:
                return None, None
            if tok.pos_ not in {"ADJ", "ADP", "DET", "NOUN", "ADV"} and not tok.is_space:
                return None, None
            i += 1
        return None, None

    def _verb_category(self, tokens: list[Token], noun: Token | None) -> str | None:
        """'1.400 personnes ont été tuées' → killed: the verb or adjective the counted noun
        (or the number) depends on, or that depends on it."""
        anchor = noun if noun is not None else tokens[-1]
        seen: list[Token] = [anchor.head, anchor.head.head]
        seen += [
            c
            for c in anchor.children
            if c.pos_ in {"VERB", "ADJ"} and c.dep_ in {"acl", "amod", "acl:relcl"}
        ]
        for tok in seen:
            if tok.pos_ in {"VERB", "ADJ", "NOUN"} and tok.i != anchor.i:
                cat = self.lex.categories.get(tok.lemma_.lower()) or self.lex.categories.get(
                    tok.lower_
                )
                if cat is not None and cat not in self.lex.generic and cat != "percent":
                    return cat
        return None

    def _part_of(self, text: str, start: int, sent: Span, previous: list[Figure]) -> int | None:
        lead = text[max(sent.start_char, start - 25) : start].lower()
        if not any(re.search(rf"\b{re.escape(w)}\s*$", lead) for w in self.lex.subset_words):
            return None
        for i in range(len(previous) - 1, -1, -1):
            if previous[i].start >= sent.start_char:
                return i
        return None

    def _fraction_parents(self, text: str, figures: list[Figure]) -> None:
        """'la moitié des 2,3 millions': the fraction is part of the figure that follows."""
        for i, f in enumerate(figures):
            if f.what != "percent" or f.part_of is not None or i + 1 >= len(figures):
                continue
            gap = text[f.end : figures[i + 1].start].lower()
            if re.fullmatch(rf"{_SP}*(?:des|de|d['’]){_SP}*(?:[^\W\d]+{_SP}+)?", gap):
                figures[i] = replace(f, part_of=i + 1)

    def _location(self, sent: Span, num: NumberMatch) -> str | None:
        places = [e for e in sent.ents if e.label_ in {"LOC", "GPE"}]
        after = [e for e in places if e.start_char >= num.end]
        chosen = after[0] if after else (places[-1] if places else None)
        return chosen.text if chosen is not None else None

    # -- when ------------------------------------------------------------------------

    def _period(
        self, sent: Span, at: int, timexes: list[Timex], date: str | None
    ) -> tuple[str | None, str | None]:
        """(start, end) of the period a figure covers, as TIMEX values."""
        inside = [t for t in timexes if sent.start_char <= t.start < sent.end_char]
        start: str | None = None
        end: str | None = None
        for t in inside:
            if t.since and t.type == "DATE":
                start = t.value or (f"start of {t.anchor}" if t.anchor else None)
        text = sent.doc.text
        dated = [
            t
            for t in inside
            if t.type == "DATE"
            and not t.since
            and t.value
            and (
                (
                    at < t.start < at + 60
                    and not re.search(r"\d", text[at : t.start].lstrip("0123456789., \u00a0\u202f"))
                )
                or (t.start - sent.start_char < 3 and not re.search(r"\d", text[t.end : at]))
            )
        ]
        if dated:
            end = min(dated, key=lambda t: abs(t.start - at)).value
        end = end or date
        for t in inside:
            lead = sent.doc.text[max(0, t.start - 4) : t.start].lower()
            if t.type == "DURATION" and t.value and lead.endswith("en ") and start is None:
                days = duration_days(t.value)
                if days is not None and end is not None:
                    start = shift(end, -days)
        return start, end

    # -- who gives it ----------------------------------------------------------------

    def _source(
        self,
        doc: Doc,
        sent: Span,
        num: NumberMatch,
        tokens: list[Token],
        names: DocumentNames,
        quotes: list[Quote],
    ) -> FigureSource:
        inside = [q for q in quotes if q.start <= num.start < q.end and q.speaker.name]
        for q in inside:
            if q.kind in {"direct", "mixed"}:
                return _speaker_source(q)
        prep = self._prep_source(doc, sent)
        if prep is not None:
            return prep
        verb = self._verb_source(doc, sent, tokens, names)
        if verb.name is not None:
            return verb
        for q in inside:  # an indirect quote whose cue is a reporting verb
            if q.verb in self.lex.source_verbs:
                return _speaker_source(q)
        return verb

    def _prep_source(self, doc: Doc, sent: Span) -> FigureSource | None:
        low = sent.text.lower().replace("’", "'")
        lead = re.match(
            rf"\s*(?:{'|'.join(map(re.escape, self.lex.opinion_preps))})\s+([^,]{{2,80}}),", low
        )
        if lead is not None:  # "Pour l'UNAPEI, il manque 250 postes"
            start, end = sent.start_char + lead.start(1), sent.start_char + lead.end(1)
            mention = doc.text[start:end]
            ents = [e for e in doc.ents if start <= e.start_char and e.end_char <= end]
            if ents and ents[0].label_ in {"ORG", "PER"}:
                return FigureSource(
                    mention, strip_title(description_head(mention), self.lang), None, start, end
                )
        for prep in self.lex.source_preps:
            for m in re.finditer(rf"(?<!\w){re.escape(prep)}\s+", low):
                start = sent.start_char + m.end()
                end = self._phrase_end(doc.text, start, sent.end_char)
                if end <= start:
                    continue
                mention = doc.text[start:end]
                if mention.split()[0].lower() in {"lui", "elle", "eux", "elles", "moi", "nous"}:
                    return FigureSource(mention, None, None, start, end)
                name = self._document_body(doc, start, end) or self._possessor(doc, start, end)
                name = name or strip_title(description_head(mention), self.lang)
                return FigureSource(mention, name, None, start, end)
        return None

    def _possessor(self, doc: Doc, start: int, end: int) -> str | None:
        """'selon son estimation' → the body named last before it ('l'UNAPEI')."""
        first = doc.text[start:end].split()[0].lower()
        if first not in {"son", "sa", "ses", "leur", "leurs"}:
            return None
        before = [e for e in doc.ents if e.end_char <= start and e.label_ in {"ORG", "PER"}]
        return before[-1].text if before and start - before[-1].end_char < 400 else None

    def _document_body(self, doc: Doc, start: int, end: int) -> str | None:
        """'un sondage … réalisé par l'IFOP' → 'IFOP': a document credited to a body."""
        words = re.findall(r"[\w-]+", doc.text[start:end].lower())
        if not words or not any(w in self.lex.source_documents for w in words[:3]):
            return None
        clause = re.compile(r"[,;:.()]").search(doc.text, end)
        limit = clause.start() if clause else end
        by = re.compile(r"\bpar\s+").search(doc.text, start, limit)
        if by is not None:  # "publié dimanche par le ministère valdorien de l'Intérieur"
            b_end = self._phrase_end(doc.text, by.end(), limit)
            if b_end > by.end():
                return strip_title(description_head(doc.text[by.end() : b_end]), self.lang)
        for ent in doc.ents:
            if (
                start <= ent.start_char
                and ent.end_char <= max(limit, end)
                and ent.label_
                in {
                    "ORG",
                    "PER",
                    "MISC",
                }
            ):
                return ent.text
        return None

    def _verb_source(
        self, doc: Doc, sent: Span, tokens: list[Token], names: DocumentNames
    ) -> FigureSource:
        verb = self._reporting_verb(tokens, sent)
        if verb is None:
            return FigureSource()
        subj = None
        for v in (verb, *verb.ancestors):  # "X a revu le bilan, faisant état de 1 200 morts"
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is not None or v.dep_ not in {"advcl", "xcomp", "acl", "conj"}:
                break
        if subj is not None and subj.lower_ in {"qui", "lequel", "laquelle"}:
            return self._antecedent_source(doc, sent, subj)
        if subj is None or subj.pos_ == "PRON":
            return FigureSource()
        start = subj.left_edge.idx
        end = self._phrase_end(doc.text, start, subj.right_edge.idx + len(subj.right_edge.text))
        if start <= tokens[0].idx < end or any(t.like_num for t in subj.subtree):
            return FigureSource()  # a misparse: the figure or a number inside its source
        mention = doc.text[start:end]
        titled = strip_title(mention, self.lang) != mention
        name = names.full_name(mention, start) if subj.pos_ == "PROPN" or titled else None
        return FigureSource(mention, name or description_head(mention), None, start, end)

    def _antecedent_source(self, doc: Doc, sent: Span, pron: Token) -> FigureSource:
        """'… par la Société valdorienne de secours (SVS), qui dénombre 1.100 décès': the
        noun phrase before the relative pronoun, from 'par', a comma or the sentence start."""
        text = doc.text
        stop = pron.idx
        while stop > sent.start_char and text[stop - 1] in SPACES + ",":
            stop -= 1
        head = text[sent.start_char : stop]
        cut = max(head.rfind(", "), head.rfind(" par "), head.rfind(" selon "))
        start = sent.start_char + (
            cut + (2 if head[cut : cut + 2] == ", " else 5) if cut >= 0 else 0
        )
        start = max(start, sent.start_char)
        while start < stop and text[start] in SPACES:
            start += 1
        end = self._phrase_end(text, start, stop)
        mention = text[start:end]
        if not mention or any(ch.isdigit() for ch in mention):
            return FigureSource()
        return FigureSource(mention, description_head(mention), None, start, end)

    def _reporting_verb(self, tokens: list[Token], sent: Span) -> Token | None:
        """The reporting verb that governs the figure: an ancestor of the number."""
        for anc in tokens[-1].ancestors:
            lemma = anc.lemma_.lower()
            if anc.pos_ not in {"VERB", "AUX"}:
                continue
            if lemma in self.lex.source_verbs:
                return anc
            for verb, word in self.lex.source_phrases:
                if lemma == verb and any(c.lower_ == word for c in anc.subtree):
                    return anc
        return None

    def _phrase_end(self, text: str, start: int, limit: int) -> int:
        """End of a source phrase: before punctuation or a word that opens a clause."""
        title = title_prefix(self.lang).match(text, start, limit)  # "selon M. Vesselic"
        head = title.end() if title else start
        first_word = re.compile(r"[\w'’-]+").match(text, head, limit)
        skip = (first_word.end() if first_word else head) - start
        m = self.lex.source_stop.search(text, start + skip, limit)
        end = m.start() if m else limit
        while end > start and text[end - 1] in SPACES:
            end -= 1
        return end


def _pair(phrase: str) -> tuple[str, str]:
    verb, _, word = phrase.partition(" ")
    return verb, word


def _speaker_source(q: Quote) -> FigureSource:
    s = q.speaker
    return FigureSource(s.text, s.name, s.actor_id, s.start, s.end)


def _mantissa(raw: str, value: float) -> float:
    """'240 millions' → 240: the number before its scale word."""
    m = re.match(r"[\d.,\s\u00a0\u202f]+", raw)
    if m is None:
        return value
    try:
        return float(
            re.sub(r"[.\s\u00a0\u202f](?=\d{3})", "", m.group(0).strip()).replace(",", ".")
        )
    except ValueError:
        return value


def _next_word(after: str) -> str:
    m = re.match(rf"{_SP}*([\w'’°%€$-]*)", after)
    return m.group(1).rstrip("'’") if m else ""


def _prev_word(before: str) -> str:
    m = re.search(rf"([\w°'’]+){_SP}*$", before)
    if not m:
        return ""
    word = m.group(1)
    return word.split("'")[-1].split("’")[-1] or word


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)


class FiguresComponent:
    """spaCy pipeline component: ``nlp.add_pipe("veille_figures")`` (after veille_quotes,
    so a figure inside a quote is credited to its speaker)."""

    def __init__(self, lang: str) -> None:
        self.extractor = FigureExtractor(lang)

    def __call__(self, doc: Doc) -> Doc:
        doc._.figures = self.extractor(doc, doc._.quotes)
        return doc


@Language.factory("veille_figures")
def make_figures_component(nlp: Language, name: str) -> Any:
    return FiguresComponent(nlp.lang or "fr")
