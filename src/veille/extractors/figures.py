"""Figures: reported numbers with their qualifier, what they count and who gives them.

First version (foundation): numbers from ``numbers.find_numbers``; page furniture and
non-figures (dates, clock times, ages, ordinals, durations, years) dropped by the
lexicon in ``data/<lang>/figures.yaml``; qualifier from the words before; what is
counted from the noun after or the verb of the clause; source from "selon X",
"d'après X", the subject of a reporting verb, or the speaker of the quote it sits in.

Exposed as the spaCy component ``veille_figures``: results land on ``doc._.figures``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille.extractors.names import (
    DocumentNames,
    description_head,
    strip_title,
    title_prefix,
)
from veille.extractors.numbers import NumberMatch, find_numbers
from veille.records import Figure, FigureSource, Qualifier, Quote
from veille.resources import load_yaml

_GENERIC = {"people", "children", "women", "civilians", None}
_WINDOW = 40  # characters looked at before a number for its qualifier


@dataclass(frozen=True, slots=True)
class FigureLexicon:
    qualifiers: tuple[tuple[str, Qualifier], ...]
    categories: dict[str, str]
    not_units: frozenset[str]
    months: frozenset[str]
    not_before: frozenset[str]
    year_lo: int
    year_hi: int
    source_preps: tuple[str, ...]
    source_verbs: frozenset[str]
    subset_words: tuple[str, ...]
    source_stop: re.Pattern[str]


@cache
def lexicon(lang: str) -> FigureLexicon:
    d = load_yaml(lang, "figures")
    quals = sorted(d["qualifiers"].items(), key=lambda kv: len(kv[0]), reverse=True)
    return FigureLexicon(
        qualifiers=tuple(quals),
        categories={k.lower(): v for k, v in d["categories"].items()},
        not_units=frozenset(u.lower() for u in d["not_figure_units"]),
        months=frozenset(d["months"]),
        not_before=frozenset(w.lower() for w in d["not_figure_before"]),
        year_lo=int(d["year_range"][0]),
        year_hi=int(d["year_range"][1]),
        source_preps=tuple(d["source_preps"]),
        source_verbs=frozenset(d["source_verbs"]),
        subset_words=tuple(d["subset_words"]),
        source_stop=re.compile(
            r"[,.;:()«»\"]|\s(?:" + "|".join(map(re.escape, d["source_stops"])) + r")\b"
        ),
    )


class FigureExtractor:
    """Finds reported figures in a parsed document."""

    def __init__(self, lang: str = "fr") -> None:
        self.lang = lang
        self.lex = lexicon(lang)

    def __call__(self, doc: Doc, quotes: list[Quote] | None = None) -> list[Figure]:
        names = DocumentNames(doc)
        figures: list[Figure] = []
        for num in find_numbers(doc.text, self.lang):
            tokens = _tokens(doc, num.start, num.end)
            if not tokens or not self._is_figure(doc, num, tokens):
                continue
            figure = self._figure(doc, num, tokens, names, quotes or [], figures)
            if figure.what is None and num.spelled:
                continue  # "deux États", "les trois hommes": a count of nothing reported
            figures.append(figure)
        return figures

    # -- is it a figure? -------------------------------------------------------------

    def _is_figure(self, doc: Doc, num: NumberMatch, tokens: list[Token]) -> bool:
        text = doc.text
        after = text[num.end : num.end + 12].lstrip(" \u00a0\u202f").lower()
        next_word = re.match(r"[\w'’°-]*", after)
        word = next_word.group(0).rstrip("'’") if next_word else ""
        if word in self.lex.not_units or word in self.lex.months or word == "°":
            return False
        if text[num.end : num.end + 1].isalpha() or text[num.start - 1 : num.start] in {"-", "°"}:
            return False  # ordinals (3e), codes (A320, F-16), glued to letters
        prev = doc[tokens[0].i - 1].lower_ if tokens[0].i > 0 else ""
        is_year = (
            not num.percent
            and num.value.is_integer()
            and self.lex.year_lo <= num.value <= self.lex.year_hi
            and re.fullmatch(r"\d{4}", text[num.start : num.end]) is not None
        )
        if is_year and self._category_after(tokens) is None:
            return False
        if prev in self.lex.not_before and (
            is_year or prev not in {"à", "de", "en", "depuis", "vers"}
        ):
            return False
        return not (prev == "le" and num.value <= 31 and word in self.lex.months)

    # -- reading one figure ----------------------------------------------------------

    def _figure(
        self,
        doc: Doc,
        num: NumberMatch,
        tokens: list[Token],
        names: DocumentNames,
        quotes: list[Quote],
        previous: list[Figure],
    ) -> Figure:
        start, qualifier = self._qualifier(doc.text, num.start)
        what = "percent" if num.percent else self._what(tokens)
        sent = tokens[0].sent
        part_of = self._part_of(doc.text, start, sent, previous)
        if part_of is None and what in _GENERIC:
            what = self._verb_category(tokens) or what
        return Figure(
            start=start,
            end=num.end,
            text=doc.text[start : num.end],
            value=num.value,
            qualifier=qualifier,
            what=what,
            location=self._location(sent, num),
            source=self._source(doc, sent, num, names, quotes),
            part_of=part_of,
        )

    def _qualifier(self, text: str, start: int) -> tuple[int, Qualifier]:
        before = text[max(0, start - _WINDOW) : start]
        low = before.lower()
        for expr, qual in self.lex.qualifiers:
            m = re.search(rf"(?:^|[\s(«\"]|à ){re.escape(expr)}[\s\u00a0\u202f]*$", low)
            if m:
                offset = len(before) - len(low[m.start() :].lstrip(' («"').removeprefix("à "))
                return start - (len(before) - offset), qual
        return start, "exactly"

    def _category_after(self, tokens: list[Token]) -> str | None:
        doc = tokens[0].doc
        end = tokens[-1].i + 1
        for tok in doc[end : min(len(doc), end + 4)]:
            if tok.is_punct and tok.text not in {"%", "€", "$"}:
                break
            for key in (tok.lemma_.lower(), tok.lower_):
                if key in self.lex.categories:
                    return self.lex.categories[key]
        return None

    def _what(self, tokens: list[Token]) -> str | None:
        return self._category_after(tokens)

    def _verb_category(self, tokens: list[Token]) -> str | None:
        """'1.400 personnes ont été tuées' → killed: the verb the counted noun depends on."""
        head = tokens[-1].head
        for tok in (head, head.head):
            if tok.pos_ in {"VERB", "ADJ", "NOUN"}:
                cat = self.lex.categories.get(tok.lemma_.lower())
                if cat is not None and cat not in _GENERIC:
                    return cat
        for child in head.children:
            if child.pos_ in {"VERB", "ADJ"} and child.dep_ in {"acl", "amod"}:
                cat = self.lex.categories.get(child.lemma_.lower())
                if cat is not None and cat not in _GENERIC:
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

    def _location(self, sent: Span, num: NumberMatch) -> str | None:
        places = [e for e in sent.ents if e.label_ in {"LOC", "GPE"}]
        after = [e for e in places if e.start_char >= num.end]
        chosen = after[0] if after else (places[-1] if places else None)
        return chosen.text if chosen is not None else None

    # -- who gives it ----------------------------------------------------------------

    def _source(
        self, doc: Doc, sent: Span, num: NumberMatch, names: DocumentNames, quotes: list[Quote]
    ) -> FigureSource:
        for q in quotes:
            if q.start <= num.start < q.end and q.speaker.name:
                return FigureSource(q.speaker.text, q.speaker.name, q.speaker.actor_id)
        prep = self._prep_source(doc, sent)
        if prep is not None:
            return prep
        return self._verb_source(doc, sent, names)

    def _prep_source(self, doc: Doc, sent: Span) -> FigureSource | None:
        low = sent.text.lower()
        for prep in self.lex.source_preps:
            for m in re.finditer(rf"\b{re.escape(prep)}\s+", low):
                start = sent.start_char + m.end()
                end = self._phrase_end(doc.text, start, sent.end_char)
                if end > start:
                    mention = doc.text[start:end]
                    name = strip_title(description_head(mention), self.lang)
                    return FigureSource(mention, name, None, start, end)
        return None

    def _verb_source(self, doc: Doc, sent: Span, names: DocumentNames) -> FigureSource:
        root = sent.root
        if root.lemma_.lower() not in self.lex.source_verbs:
            return FigureSource()
        subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubj:pass"}), None)
        if subj is None or subj.pos_ == "PRON":
            return FigureSource()
        start = subj.left_edge.idx
        end = self._phrase_end(doc.text, start, subj.right_edge.idx + len(subj.right_edge.text))
        mention = doc.text[start:end]
        titled = strip_title(mention, self.lang) != mention
        name = names.full_name(mention, start) if subj.pos_ == "PROPN" or titled else None
        return FigureSource(mention, name or description_head(mention), None, start, end)

    def _phrase_end(self, text: str, start: int, limit: int) -> int:
        """End of a source phrase: before punctuation or a word that opens a clause."""
        title = title_prefix(self.lang).match(text, start, limit)  # "selon M. Vesselic"
        head = title.end() if title else start
        first_word = re.compile(r"[\w'’-]+").match(text, head, limit)
        skip = (first_word.end() if first_word else head) - start
        m = self.lex.source_stop.search(text, start + skip, limit)
        end = m.start() if m else limit
        while end > start and text[end - 1] in " \u00a0\u202f":
            end -= 1
        return end


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
