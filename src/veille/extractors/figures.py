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
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille.extractors.dates import Timex, doc_timexes, duration_days, shift
from veille.extractors.names import (
    DocumentNames,
    description_head,
    fold,
    strip_title,
    title_prefix,
)
from veille.extractors.numbers import SPACES, NumberMatch, find_numbers
from veille.nlp import doc_entities, doc_text
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
    opinion_verbs: frozenset[str]
    background: re.Pattern[str]
    criterion_verbs: frozenset[str]
    criterion_nouns: frozenset[str]
    same_source: frozenset[str]
    same_phrase: re.Pattern[str]
    source_pronouns: frozenset[str]
    body_classes: frozenset[str]
    body_nouns: frozenset[str]
    demonym_endings: tuple[str, ...]
    category_phrases: tuple[tuple[str, str], ...]
    scale_words: frozenset[str]
    currencies: frozenset[str]
    change_words: frozenset[str]
    name_function_words: frozenset[str]
    drop_adjectives: frozenset[str]
    recaps: re.Pattern[str]
    incise_forms: frozenset[str]
    source_forms: frozenset[str]
    subject_pronouns: frozenset[str]
    time_nouns: frozenset[str]
    subset_lead: re.Pattern[str]
    subset_tail: re.Pattern[str]


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
        opinion_verbs=frozenset(d["opinion_verbs"]),
        background=re.compile(
            r"(?<!\w)(?:" + "|".join(_alternatives(d["background_clauses"])) + r")",
            re.IGNORECASE,
        ),
        criterion_verbs=frozenset(d["criterion_verbs"]),
        criterion_nouns=frozenset(d["criterion_nouns"]),
        same_source=frozenset(d["same_source_words"]),
        same_phrase=re.compile(
            r"(?<!\w)(?:" + "|".join(_alternatives(d["same_source_phrases"])) + r")(?!\w)"
        ),
        source_pronouns=frozenset(d["source_pronouns"]),
        body_classes=frozenset(d["body_class_nouns"]),
        body_nouns=frozenset(d["body_nouns"]),
        demonym_endings=tuple(d["demonym_endings"]),
        category_phrases=tuple(
            sorted(d["category_phrases"].items(), key=lambda kv: len(kv[0]), reverse=True)
        ),
        scale_words=frozenset(k.lower() for k in d["scales"]),
        currencies=frozenset(d["currency_categories"]),
        change_words=frozenset(d["change_words"]),
        name_function_words=frozenset(d["name_function_words"]),
        drop_adjectives=frozenset(d["source_drop_adjectives"]),
        incise_forms=frozenset(
            _present_forms(d["source_verbs"] + d["opinion_verbs"], d["present_endings"])
        ),
        source_forms=frozenset(_present_forms(d["source_verbs"], d["present_endings"])),
        subject_pronouns=frozenset(d["subject_pronouns"]),
        time_nouns=frozenset(d["time_nouns"]),
        subset_lead=re.compile(
            r"\W*(?:" + "|".join(_alternatives(d["subset_anaphors"])) + r")\b", re.IGNORECASE
        ),
        subset_tail=re.compile(
            r"\s*(?:" + "|".join(_alternatives(d["subset_anaphors"])) + r")\b", re.IGNORECASE
        ),
        recaps=re.compile(
            r"\s*(?:" + "|".join(_alternatives(d["recap_openers"])) + r")",
            re.IGNORECASE,
        ),
    )


def _present_forms(lemmas: list[str], endings: dict[str, list[str]]) -> set[str]:
    """Present-tense forms of verbs from their infinitive ending ('noter' → 'note')."""
    forms: set[str] = set()
    for lemma in lemmas:
        for ending, replacements in endings.items():
            if lemma.endswith(ending):
                forms.update(lemma[: -len(ending)] + r for r in replacements)
                break
    return forms


def _alternatives(phrases: list[str]) -> list[str]:
    """Regex alternatives for phrases, longest first, apostrophes of either kind."""
    ordered = sorted(phrases, key=len, reverse=True)
    return [re.escape(p).replace("'", "['’]") for p in ordered]


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
        text = doc_text(doc)
        date = date or doc.user_data.get("date")
        timexes = doc_timexes(doc, date, self.lang)
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
        self._elliptic(doc, figures)
        figures = self._survey_sources(text, figures)
        return self._discourse_sources(doc, figures, names, quotes or [])

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
            words = "|".join(map(re.escape, self.lex.comparison_words))
            if re.search(rf"(?<!\w)(?:{words}){_SP}*$", gap):
                source = f.source if f.source.name else prev.source
                figures[i] = replace(f, what=prev.what, source=source)

    def _elliptic(self, doc: Doc, figures: list[Figure]) -> None:
        """A figure with no noun of its own counts what a figure before it counts when
        the text says so: the pronoun 'en' ('Sur onze titulaires, je n'en ai vu que
        trois'), or a bare scale after an amount ('… 792 milliards de dollars … qui
        pourraient atteindre 3.000 milliards')."""
        text = doc_text(doc)
        for i in range(1, len(figures)):
            f = figures[i]
            toks = _tokens(doc, f.start, f.end)
            if f.what != "other" or not toks:
                continue
            if f.unit is not None and toks[-1].dep_ in {"nummod", "det"}:
                continue  # it counts its own noun
            sent = toks[0].sent
            same = [g for g in figures[:i] if g.start >= sent.start_char and g.what != "other"]
            clitic = any(
                t.lower_ in {"en", "n'en", "n’en"} and t.pos_ == "PRON"
                for t in doc[sent.start : toks[0].i]
            )
            if clitic and same:
                figures[i] = replace(f, what=same[-1].what)
                continue
            if f.unit is not None or not any(
                w in self.lex.scale_words for w in f.text.lower().split()
            ):
                continue
            money = [
                g
                for g in figures[:i]
                if g.what in self.lex.currencies
                and f.start - g.end < 400
                and "\n" not in text[g.end : f.start]
            ]
            if money:
                figures[i] = replace(f, what=money[-1].what)

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

    # -- sources across sentences ------------------------------------------------

    def _discourse_sources(
        self, doc: Doc, figures: list[Figure], names: DocumentNames, quotes: list[Quote]
    ) -> list[Figure]:
        """Sources given outside the figure's sentence:

        * an anaphoric source ("selon le même bilan", "de même source", "selon ce rapport",
          "selon lui") is the source credited last before it;
        * a sentence that announces a document and holds no figure ("Le ministère de la
          Santé a publié un nouveau bilan.") credits the figures of the sentences right
          after it, up to the first sentence without a figure or with its own source;
        * a sentence with no figure that recaps ("C'est ce qui ressort d'une étude menée
          par X", "Ce sont les chiffres publiés par X", "Selon X.") credits the unsourced
          figures of the sentences right before it.
        """
        if not figures:
            return figures
        sents = _sentences(doc)
        starts = [s.start_char for s in sents]
        where = [bisect_right(starts, f.start) - 1 for f in figures]
        by_sent: dict[int, list[int]] = {}
        for i, k in enumerate(where):
            by_sent.setdefault(k, []).append(i)
        announced: list[tuple[int, FigureSource]] = []
        for k in sorted({k + 1 for k in by_sent} | {k - 1 for k in by_sent}):
            if 0 <= k < len(sents) and k not in by_sent:
                src = self._announcement(doc, sents[k], names)
                if src is not None:
                    announced.append((k, self._canonical(doc, src, names)))
        out = list(figures)
        self._subset_anaphors(doc, out, sents, where)
        # anaphoric sources point back to the last source credited before them
        antecedents = [(sents[k].start_char, src) for k, src in announced]
        speakers = [(q.start, q.speaker.name) for q in quotes if q.speaker.name]
        for i, f in enumerate(out):
            src = f.source
            if src.text is not None and self._anaphoric(src.text):
                pronoun = src.text.split()[0].lower() in self.lex.source_pronouns
                if pronoun:
                    person = names.salient_person(f.start, speakers)
                    if person is not None:
                        out[i] = replace(f, source=replace(src, name=person))
                        continue
                before = [a for a in antecedents if a[0] < (src.start or f.start)]
                if before:
                    out[i] = replace(f, source=before[-1][1])
            elif src.name is not None:
                antecedents.append((src.start if src.start is not None else f.start, src))
            antecedents.sort(key=lambda a: a[0])
        # announcements credit the figure sentences that follow
        for k, src in announced:
            for j in range(k + 1, min(k + 5, len(sents))):
                if j not in by_sent or any(out[i].source.text for i in by_sent[j]):
                    break
                if self._own_agent(sents[j]):
                    break  # "Les secours, eux, comptent 1 300 morts": another count
                for i in by_sent[j]:
                    out[i] = replace(out[i], source=src)
        # recaps credit the figure sentences before them
        for k in range(len(sents)):
            if k in by_sent or k - 1 not in by_sent:
                continue
            src = self._recap(doc, sents[k], names)
            if src is None:
                continue
            src = self._canonical(doc, src, names)
            for j in range(k - 1, max(-1, k - 5), -1):
                if j not in by_sent or any(out[i].source.text for i in by_sent[j]):
                    break
                for i in by_sent[j]:
                    out[i] = replace(out[i], source=src)
        return out

    def _subset_anaphors(
        self, doc: Doc, figures: list[Figure], sents: list[Span], where: list[int]
    ) -> None:
        """'87 journalistes ont été tués. Parmi eux, 12 …', '3.000 d'entre eux': a subset of
        the last figure of the sentence before, counting what it counts, from its source."""
        text = doc_text(doc)
        for i, f in enumerate(figures):
            if f.part_of is not None:
                continue
            lead = text[sents[where[i]].start_char : f.start].lower().replace("’", "'")
            tail = text[f.end : f.end + 20].lower().replace("’", "'")
            if not (self.lex.subset_lead.match(lead) or self.lex.subset_tail.match(tail)):
                continue
            parents = [j for j in range(i) if where[j] == where[i] - 1]
            if not parents:
                continue
            parent = figures[parents[-1]]
            what = parent.what if f.what in self.lex.generic else f.what
            source = f.source if f.source.text else parent.source
            figures[i] = replace(f, part_of=parents[-1], what=what, source=source)

    def _own_agent(self, sent: Span) -> bool:
        """A sentence whose subject is a named body or person, or a body noun: its figures
        are that agent's, not an earlier announcement's."""
        for tok in sent:
            if tok.dep_ != "nsubj" or tok.pos_ not in {"NOUN", "PROPN"}:
                continue
            if tok.ent_type_ in {"ORG", "PER"} or tok.lemma_.lower() in self.lex.body_nouns:
                return True
        return False

    def _anaphoric(self, mention: str) -> bool:
        """'le même bilan', 'même source', 'ce rapport', 'cette source', 'lui'."""
        words = re.findall(r"[\w-]+", mention.lower())
        if not words:
            return False
        if words[0] in self.lex.source_pronouns or self.lex.same_phrase.fullmatch(
            mention.lower().replace("’", "'")
        ):
            return True
        documents = self.lex.source_documents | {"source", "sources"}
        heads = [w for w in words[:4] if w not in self.lex.same_source and w not in _ARTICLES]
        if not heads or heads[0] not in documents:
            return False  # "les mêmes attendus", "ce responsable": not a source named before
        return any(w in self.lex.same_source for w in words[:3]) and len(words) <= 4

    def _announcement(self, doc: Doc, sent: Span, names: DocumentNames) -> FigureSource | None:
        """'Le ministère de la Santé a publié un nouveau bilan.', 'X a dressé le bilan
        suivant :': a named subject of a reporting verb whose object is a document, or that
        ends on a colon."""
        colon = sent.text.rstrip().endswith(":")
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in self.lex.source_verbs:
                continue
            document = any(
                c.lemma_.lower() in self.lex.source_documents
                and c.dep_ in {"obj", "obl:arg", "obl", "nsubj:pass"}
                for c in tok.children
            )
            if not document and not colon:
                continue
            src = self._subject_source(doc, sent, tok, [], names)
            if src.name is not None and src.text is not None:
                if src.name.lower() in self.lex.source_documents:
                    return None  # "Le rapport indique :" names no one
                return src
        return None

    def _recap(self, doc: Doc, sent: Span, names: DocumentNames) -> FigureSource | None:
        """The source a recap sentence names: 'C'est ce qui ressort d'une étude menée par
        X', 'C'est ce qu'indique X', 'Ce sont les chiffres de X', 'Selon X.'"""
        text = doc_text(doc)
        low = sent.text.lower().replace("’", "'")
        opener = self.lex.recaps.match(low)
        if opener is None:
            return None
        start, end = sent.start_char + opener.end(), sent.end_char
        prep = re.match(
            rf"(?:{'|'.join(map(re.escape, self.lex.source_preps))})\s",
            opener.group(0).strip() + " ",
        )
        if prep is not None:  # "Selon X." alone: nothing after the source phrase
            p_start = start
            while p_start < end and text[p_start] in SPACES:
                p_start += 1
            p_end = self._mention_end(doc, p_start, end)
            if p_end <= p_start or text[p_end:end].strip(" .)»\n\u00a0\u202f"):
                return None
            return self._prep_phrase(doc, p_start, p_end, names)
        by = re.compile(r"(?<!\w)par\s+").search(text, start, end)
        if by is not None:  # "… menée par l'Institut de recherche pour le développement"
            b_end = self._mention_end(doc, by.end(), end)
            if b_end > by.end():
                mention = text[by.end() : b_end]
                return FigureSource(mention, self._description(mention), None, by.end(), b_end)
        for tok in sent:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.lex.source_verbs:
                src = self._subject_source(doc, sent, tok, [], names)
                if src.name is not None:
                    return src
                subj = [c for c in tok.children if c.i > tok.i and c.dep_ in {"nsubj", "obj"}]
                if subj:  # "C'est ce qu'a annoncé le ministère"
                    s_start = subj[0].left_edge.idx
                    s_end = self._mention_end(doc, s_start, sent.end_char)
                    if s_end > s_start:
                        return FigureSource(
                            text[s_start:s_end],
                            self._name_of(doc, s_start, s_end, subj[0], names),
                            None,
                            s_start,
                            s_end,
                        )
        named = [
            m
            for m in re.finditer(r"[\w-]+", opener.group(0))
            if m.group(0) in self.lex.source_documents
        ]
        if named:  # "Ce sont les chiffres de l'INSEE", "Tel est le bilan de la préfecture"
            start = sent.start_char + named[-1].start()
        body = self._document_body(doc, start, end)
        if body is not None:  # "C'est ce qui ressort d'une étude de l'ONU"
            return FigureSource(text[start:end].strip(), body, None, start, end)
        return None

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
        for m in re.finditer(r"\b\d{1,3}\s*(?:à|-)\s*\d{1,3}\b", sent.text):
            if _next_word(sent.text[m.end() :]).lower() not in self.lex.not_units:
                return True  # not an age bracket ("les 6-16 ans")
        return False

    def _is_figure(self, doc: Doc, num: NumberMatch, tokens: list[Token]) -> bool:
        text = doc_text(doc)
        if not self.may_be_figure(text, num):
            return False
        if num.fraction:
            return True
        before = text[max(0, num.start - 30) : num.start]
        prev = _prev_word(before)
        if self._inside_name(doc, tokens, prev, before):
            return False
        raw = text[num.start : num.end]
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

    def may_be_figure(self, text: str, num: NumberMatch) -> bool:
        """False for numbers the text alone shows are not figures (dates, ages, times,
        codes, ordinals, addresses, measures): the checks that need no parse, which the
        selective parser also runs to skip sentences whose numbers can be no figure."""
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
        return not (
            prev.lower() in self.lex.identifiers
            or prev.lower() in self.lex.not_before - {"à", "de", "en", "depuis", "vers"}
        )

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
        if nxt is not None and nxt.lower_ in {"des", "d'", "de"} and self._partitive(nxt):
            return True
        return _counts_en(tokens[0])  # "je n'en ai vu que trois"

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
                    change = (
                        re.search(rf"\bde{_SP}+$", lead)
                        and not nxt.num.scaled
                        and self._change(c.tokens[0])
                    )
                    if low < high and not change:
                        out.append(
                            _Candidate(replace(c.num, value=low), c.tokens, high, nxt.num.end)
                        )
                        i += 2
                        continue
            out.append(c)
            i += 1
        return out

    def _change(self, first: Token) -> bool:
        """'passer de 200 à 300', 'une hausse de 2 à 3': two values, not a range. Without a
        parse (a sentence selective parsing skipped) a 'de … à' stays two values."""
        doc = first.doc
        window = doc[max(0, first.i - 5) : first.i]
        if not any(t.pos_ for t in window):
            return True
        return any((t.lemma_ or t.lower_).lower() in self.lex.change_words for t in window)

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
        text = doc_text(doc)
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
        if category is None and noun is not None and self._demonym(noun):
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
            source=self._canonical(
                doc, self._source(doc, _whole(sent), num, tokens, names, quotes), names
            ),
            part_of=part_of,
            unit=unit,
            value_max=cand.value_max,
            period_start=period_start,
            period_end=period_end,
        )

    def _qualifier(self, text: str, start: int) -> tuple[int, Qualifier]:
        before = text[max(0, start - _WINDOW) : start]
        low = before.lower().replace("’", "'")
        for expr, qual in self.lex.qualifiers:  # "à plus de 70%" → "plus de 70%"
            m = re.search(rf"(?:^|[\s(«\"']|à )({re.escape(expr)}){_SP}*$", low)
            if m:
                return start - (len(before) - m.start(1)), qual
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
                    phrase = doc_text(doc)[tok.idx : tok.idx + 40].lower().replace("’", "'")
                    for words, category in self.lex.category_phrases:
                        if phrase.startswith(words):  # "huit chefs d'accusation"
                            return (None if category == "other" else category), tok
                    return self.lex.categories[key], tok
            if tok.like_num and doc[i - 1].lower_ in {"des", "d'entre", "d’entre"}:
                i += 1  # "trois des cinq notables": the noun after the second number
                continue
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
        # a coordinated or apposed noun's head is a sibling, not its predicate
        seen = [] if anchor.dep_ in {"conj", "appos"} else [anchor.head, anchor.head.head]
        seen += [
            c
            for c in anchor.children
            if c.pos_ in {"VERB", "ADJ"}
            and (c.dep_ in {"acl", "amod"} or (c.dep_ == "acl:relcl" and _passive(c)))
        ]
        for tok in seen:
            if tok.pos_ in {"VERB", "ADJ", "NOUN"} and tok.i != anchor.i:
                cat = self._specific(tok)
                if cat is not None:
                    return cat
        if anchor.dep_ == "conj":  # "1 264 morts, et 610 personnes restent portées disparues"
            doc = anchor.doc
            for tok in doc[anchor.i + 1 : min(len(doc), anchor.i + 6)]:
                if tok.is_punct or tok.pos_ in {"CCONJ", "SCONJ", "NUM"}:
                    break
                cat = self._specific(tok) if tok.pos_ in {"VERB", "ADJ"} else None
                if cat is not None:
                    return cat
        # "Deux gardiens, qui tentaient de s'interposer, ont été blessés": a passive
        # predicate or a participle the parse hung inside the noun's phrase
        for tok in anchor.subtree:
            if tok.i == anchor.i or tok.pos_ not in {"VERB", "ADJ"} or tok in tokens:
                continue
            if tok.pos_ == "VERB" and not (_passive(tok) or _bare_participle(tok)):
                continue
            if any(_own_subject(a) for a in _path(tok, anchor)):
                continue  # "… où 40 soldats ont été tués": another noun's predicate
            cat = self._specific(tok)
            if cat is not None:
                return cat
        return None

    def _specific(self, tok: Token) -> str | None:
        cat = self.lex.categories.get(tok.lemma_.lower()) or self.lex.categories.get(tok.lower_)
        if cat is None or cat in self.lex.generic or cat == "percent":
            return None
        return cat

    def _demonym(self, noun: Token) -> bool:
        """'Français', 'Américains', 'Parisiens': a capitalised plural of a people."""
        word = noun.text
        return (
            noun.pos_ in {"NOUN", "PROPN"}
            and word[:1].isupper()
            and not noun.is_sent_start
            and word.lower().endswith(self.lex.demonym_endings)
        )

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
        doc = sent.doc
        places = [
            (s, e)
            for s, e, label in doc_entities(doc)
            if label in {"LOC", "GPE"} and sent.start_char <= s and e <= sent.end_char
        ]
        after = [p for p in places if p[0] >= num.end]
        chosen = after[0] if after else (places[-1] if places else None)
        return doc_text(doc)[chosen[0] : chosen[1]] if chosen is not None else None

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
        text = doc_text(sent.doc)
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
            lead = doc_text(sent.doc)[max(0, t.start - 4) : t.start].lower()
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
        found = self._clause_source(doc, sent, num.start, tokens, names, quotes, inside)
        if found.name is not None and self._in_background(doc_text(doc), sent, num.start, found):
            return FigureSource()  # "… depuis qu'Israël a riposté au meurtre de 1 200 personnes"
        return found

    def _clause_source(
        self,
        doc: Doc,
        sent: Span,
        at: int,
        tokens: list[Token],
        names: DocumentNames,
        quotes: list[Quote],
        inside: list[Quote],
    ) -> FigureSource:
        prep = self._prep_source(doc, sent, at, names)
        if prep is not None:
            return prep
        verb = self._verb_source(doc, sent, tokens, names)
        if verb.name is not None:
            return verb
        for q in inside:  # an indirect quote whose cue is a reporting verb
            if q.verb in self.lex.source_verbs:
                return _speaker_source(q)
        if verb.text is not None and verb.start is not None:  # "…, a-t-il précisé"
            speakers = [(q.start, q.speaker.name) for q in quotes if q.speaker.name]
            person = names.salient_person(verb.start, speakers)
            if person is not None:
                return replace(verb, name=person)
        return self._document_subject(doc, tokens) or FigureSource()

    def _in_background(self, text: str, sent: Span, at: int, source: FigureSource) -> bool:
        """The figure sits in a temporal clause ('depuis que …', to the next comma) that
        does not hold its source: background the article asserts on its own authority."""
        for m in self.lex.background.finditer(text, sent.start_char, at):
            stop = re.compile(r"[,;:]").search(text, m.end(), sent.end_char)
            end = stop.start() if stop else sent.end_char
            if at < end and not (source.start is not None and m.start() <= source.start < end):
                return True
        return False

    def _prep_source(
        self, doc: Doc, sent: Span, at: int, names: DocumentNames
    ) -> FigureSource | None:
        low = sent.text.lower().replace("’", "'")
        lead = re.match(
            rf"\s*(?:{'|'.join(map(re.escape, self.lex.opinion_preps))})\s+([^,]{{2,80}}),", low
        )
        if lead is not None:  # "Pour l'UNAPEI, il manque 250 postes"
            start, end = sent.start_char + lead.start(1), sent.start_char + lead.end(1)
            mention = doc_text(doc)[start:end]
            ents = [e for e in doc.ents if start <= e.start_char and e.end_char <= end]
            if ents and ents[0].label_ in {"ORG", "PER"}:
                return FigureSource(
                    mention, strip_title(description_head(mention), self.lang), None, start, end
                )
        found: list[FigureSource] = []
        for prep in self.lex.source_preps:
            for m in re.finditer(rf"(?<!\w){re.escape(prep)}\s+", low):
                start = sent.start_char + m.end()
                end = self._mention_end(doc, start, sent.end_char)
                if end > start and not self._criterion(doc, sent.start_char + m.start(), start):
                    found.append(self._prep_phrase(doc, start, end, names))
        for m in self.lex.same_phrase.finditer(low):  # "de même source"
            start, end = sent.start_char + m.start(), sent.start_char + m.end()
            found.append(FigureSource(doc_text(doc)[start:end], None, None, start, end))
        if not found:
            return None
        return self._nearest_prep(doc_text(doc), sent, at, found)

    def _nearest_prep(
        self, text: str, sent: Span, at: int, found: list[FigureSource]
    ) -> FigureSource:
        """Several sources in one sentence: a figure takes the first one after it, or one
        before it that leads its clause ('Selon A, 300 morts'), whichever is nearer; a
        source that trails other figures ('300 morts, selon A, et 40 disparus selon B')
        covers a later figure only when nothing follows it."""
        if len(found) == 1:
            return found[0]
        found.sort(key=lambda f: f.start or 0)
        after = [f for f in found if (f.start or 0) > at][:1]
        leading = []
        for i, f in enumerate(found):
            if (f.end or 0) > at:
                break
            seg_start = found[i - 1].end or sent.start_char if i else sent.start_char
            if not re.search(r"\d", text[seg_start : f.start or 0]):
                leading = [f]
        candidates = after + leading
        return min(candidates or found, key=lambda f: _distance(f, at))

    def _prep_phrase(self, doc: Doc, start: int, end: int, names: DocumentNames) -> FigureSource:
        mention = doc_text(doc)[start:end]
        if mention.split()[0].lower() in self.lex.source_pronouns | {"moi", "nous"}:
            return FigureSource(mention, None, None, start, end)  # "selon lui": see _discourse
        name = self._document_body(doc, start, end) or self._possessor(doc, start, end)
        if name is None:
            head = _tokens(doc, start, end)
            name = self._name_of(doc, start, end, _head_of(head), names)
        return FigureSource(mention, name, None, start, end)

    def _criterion(self, doc: Doc, cue: int, start: int) -> bool:
        """'classer les tweets selon la source', 'selon l'âge', 'selon que …': a criterion."""
        words = re.findall(r"[\w-]+", doc_text(doc)[start : start + 40].lower())
        if not words or words[0] in {"que", "qu"}:
            return True
        nouns = [w for w in words[:3] if w not in {"le", "la", "les", "l", "leur", "leurs"}]
        if nouns and nouns[0] in self.lex.criterion_nouns:
            return True
        if doc_text(doc)[max(0, cue - 3) : cue].strip().endswith(","):
            return False  # ", selon la préfecture": an incise credits a source
        toks = _tokens(doc, cue, cue + 1)
        if not toks:
            return False
        before = [t for t in _whole(toks[0].sent) if t.i < toks[0].i and t.pos_ == "VERB"]
        return any(v.lemma_.lower() in self.lex.criterion_verbs for v in before)

    def _possessor(self, doc: Doc, start: int, end: int) -> str | None:
        """'selon son estimation' → the body named last before it ('l'UNAPEI'); 'selon leur
        étude' → a body, never a single person."""
        first = doc_text(doc)[start:end].split()[0].lower()
        if first not in {"son", "sa", "ses", "leur", "leurs"}:
            return None
        labels = {"ORG"} if first.startswith("leur") else {"ORG", "PER"}
        before = [e for e in doc.ents if e.end_char <= start and e.label_ in labels]
        return before[-1].text if before and start - before[-1].end_char < 400 else None

    def _document_body(self, doc: Doc, start: int, end: int) -> str | None:
        """'un sondage … réalisé par l'IFOP' → 'IFOP': a document credited to a body."""
        words = re.findall(r"[\w-]+", doc_text(doc)[start:end].lower())
        if not words or not any(w in self.lex.source_documents for w in words[:3]):
            return None
        clause = re.compile(r"[,;:.()]").search(doc_text(doc), end)
        limit = clause.start() if clause else end
        by = re.compile(r"\bpar\s+").search(doc_text(doc), start, limit)
        if by is not None:  # "publié dimanche par le ministère valdorien de l'Intérieur"
            b_end = self._mention_end(doc, by.end(), limit)
            if b_end > by.end():
                return self._description(doc_text(doc)[by.end() : b_end])
        for ent in doc.ents:
            if (
                start <= ent.start_char
                and ent.end_char <= max(limit, end)
                and ent.label_ in {"ORG", "PER", "MISC"}
            ):
                return self._whole_name(ent, max(limit, end))
        for tok in _tokens(doc, start, end):  # "le bilan de la préfecture de Veltz"
            if (tok.lemma_ or tok.lower_).lower() in self.lex.body_nouns and tok.i > 0:
                left = doc[tok.i - 1]
                if left.lower_ in _ARTICLES | {"l'", "l’"} or left.pos_ == "DET":
                    b_start = left.idx if left.lower_ not in {"du", "des", "de"} else tok.idx
                    b_end = self._mention_end(doc, b_start, end)
                    if b_end > b_start:
                        return self._description(doc_text(doc)[b_start:b_end])
        return None

    def _whole_name(self, ent: Span, limit: int) -> str:
        """An entity with the words the parse hangs on it that the NER left out ('Société
        valdorienne' + 'de secours')."""
        doc = ent.doc
        end = ent.end
        for tok in doc[ent.end : len(doc)]:
            if tok.idx >= limit or tok.is_punct or ent.root not in tok.ancestors:
                break
            if tok.pos_ in {"VERB", "AUX", "PRON", "SCONJ"}:
                break
            end = tok.i + 1
        return doc[ent.start : end].text

    def _document_subject(self, doc: Doc, tokens: list[Token]) -> FigureSource | None:
        """'Le bilan du ministère s'élève à 9 200 morts', 'Le recensement de l'INSEE est
        formel : …': a document credited to a body is the subject of the figure's clause."""
        if not tokens:
            return None
        for anc in tokens[-1].ancestors:
            subj = next((c for c in anc.children if c.dep_ in {"nsubj", "nsubj:pass"}), None)
            if subj is not None and subj.lemma_.lower() not in self.lex.source_documents:
                if (
                    anc.head.i < anc.i
                    and any(  # "Le recensement de X est formel : la France …"
                        t.text == ":" for t in anc.doc[anc.head.i : anc.left_edge.i]
                    )
                ):
                    continue
                return None
            if subj is None:
                continue
            if subj.i > tokens[0].i:
                return None
            start = subj.left_edge.idx
            end = self._phrase_end(doc_text(doc), start, subj.right_edge.idx + len(subj.right_edge))
            body = self._document_body(doc, start, end) if end > start else None
            if body is None or any(ch.isdigit() for ch in doc_text(doc)[start:end]):
                return None
            return FigureSource(doc_text(doc)[start:end], body, None, start, end)
        return None

    def _verb_source(
        self, doc: Doc, sent: Span, tokens: list[Token], names: DocumentNames
    ) -> FigureSource:
        verbs = self._reporting_verbs(tokens)
        for verb in verbs:  # "X a publié son rapport : 20 000 personnes ont demandé l'asile"
            found = self._subject_source(doc, sent, verb, tokens, names)
            if found.text is not None:
                return found
        trailing = self._trailing_source(doc, sent, tokens, names)
        if trailing is not None or verbs:  # "…, a-t-il ajouté" governing the figure
            return trailing or FigureSource()
        que_verb = self._surface_que(tokens, sent)
        if que_verb is not None:  # "X indiquent que …": the parse hung the clause elsewhere
            return self._subject_source(doc, sent, que_verb, tokens, names)
        return FigureSource()

    def _surface_que(self, tokens: list[Token], sent: Span) -> Token | None:
        """A reporting verb before the figure whose 'que' (within three words) opens the
        clause the figure sits in, when the parse attached that clause elsewhere."""
        doc = sent.doc
        verbs = self.lex.source_verbs | self.lex.opinion_verbs
        for tok in reversed(doc[sent.start : tokens[0].i]):
            if tok.text in {";", ":"} or tok.text in '«»"“”':
                return None
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs:
                continue
            que = [t for t in doc[tok.i + 1 : min(tok.i + 4, tokens[0].i)] if t.lower_ in _QUE]
            if que and any(c.dep_ == "nsubj" for c in tok.children):
                return tok
            return None
        return None

    def _subject_source(
        self, doc: Doc, sent: Span, verb: Token, tokens: list[Token], names: DocumentNames
    ) -> FigureSource:
        """Who a reporting verb's subject names ('X a fait état de…', '…, a constaté la
        Ville'); the figure's own tokens are never its source."""
        subj = None
        for v in (verb, *verb.ancestors):  # "X a revu le bilan, faisant état de 1 200 morts"
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is not None or v.dep_ not in {"advcl", "xcomp", "acl", "conj"}:
                break
        clitic = [c for c in verb.children if c.text.startswith("-") and c.pos_ == "PRON"]
        if subj is None and clitic:  # "a-t-il précisé"
            subj = clitic[-1]
        if subj is None:
            subj = self._inverted_subject(verb, tokens)
        if subj is not None and subj.lower_ in {"qui", "lequel", "laquelle"}:
            return self._antecedent_source(doc, sent, subj)
        if subj is None:
            return FigureSource()
        if subj.pos_ == "PRON":  # "il a précisé que …": see _clause_source
            if subj.lower_.lstrip("-").removeprefix("t-") not in self.lex.subject_pronouns:
                return FigureSource()
            return FigureSource(subj.text, None, None, subj.idx, subj.idx + len(subj.text))
        start = subj.left_edge.idx
        if subj.left_edge.i <= verb.i < subj.i:  # an inverted subject: from its own words on
            first = subj.i - 1 if doc[subj.i - 1].dep_ == "det" else subj.i
            start = doc[first].idx
        limit = subj.right_edge.idx + len(subj.right_edge.text)
        for ent in doc.ents:  # "L'Agence valdorienne de secours" split by the parse
            if ent.start <= subj.i < ent.end and ent.label_ in {"ORG", "PER"}:
                limit = max(limit, ent.end_char)
        end = self._mention_end(doc, start, limit)
        if (tokens and start <= tokens[0].idx < end) or any(t.like_num for t in subj.subtree):
            return FigureSource()  # a misparse: the figure or a number inside its source
        mention = doc_text(doc)[start:end]
        apposed = [c for c in subj.children if c.dep_ == "appos" and c.ent_type_ == "PER"]
        if subj.pos_ == "NOUN" and apposed:  # "Le président, Robert Kotcharian, a estimé"
            name = names.full_name(doc[apposed[0].i : apposed[0].right_edge.i + 1].text, end)
        else:
            beside = names.person_beside(start, end) if subj.pos_ == "NOUN" else None
            name = beside or self._name_of(doc, start, end, subj, names)
        return FigureSource(mention, name, None, start, end)

    def _inverted_subject(self, verb: Token, tokens: list[Token]) -> Token | None:
        """'…, a constaté la Ville', '…, note l'INSEE': a trailing incise whose subject
        follows the verb (the parser often takes it for an object)."""
        if not tokens or tokens[-1].i >= verb.i:
            return None
        doc = verb.doc
        glue = [t for t in doc[tokens[-1].i + 1 : verb.i]]
        comma = max((t.i for t in glue if t.text == ","), default=None)
        if comma is None or any(t.pos_ not in {"AUX", "ADV"} for t in doc[comma + 1 : verb.i]):
            return None
        for c in verb.children:
            if c.i > verb.i and c.dep_ in {"nsubj", "obj", "nsubj:pass"}:
                if c.lower_ in self.lex.time_nouns:
                    continue  # "…, a annoncé lundi l'entreprise Valtex"
                return c if c.pos_ in {"NOUN", "PROPN"} else None
        return None

    def _antecedent_source(self, doc: Doc, sent: Span, pron: Token) -> FigureSource:
        """'… par la Société valdorienne de secours (SVS), qui dénombre 1.100 décès': the
        noun phrase before the relative pronoun, from 'par', a comma or the sentence start."""
        text = doc_text(doc)
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

    def _reporting_verbs(self, tokens: list[Token]) -> list[Token]:
        """The reporting verbs that govern the figure, nearest first: its ancestors (an
        opinion verb only through its 'que' clause)."""
        found = []
        below = tokens[-1]
        for anc in tokens[-1].ancestors:
            lemma = anc.lemma_.lower()
            if anc.pos_ in {"VERB", "AUX"}:
                opinion = lemma in self.lex.opinion_verbs and _que_clause(below)
                phrase = any(
                    lemma == verb and any(c.lower_ == word for c in anc.subtree)
                    for verb, word in self.lex.source_phrases
                )
                misread = anc.pos_ == "VERB" and anc.lower_ in self.lex.source_forms
                if lemma in self.lex.source_verbs or opinion or phrase or misread:
                    found.append(anc)  # "misread": "montre" lemmatised as the noun
            below = anc
        return found

    def _trailing_source(
        self, doc: Doc, sent: Span, tokens: list[Token], names: DocumentNames
    ) -> FigureSource | None:
        """'… 0,38 % par an, note l'INSEE', '…, a-t-il précisé': a reporting verb after the
        figure opening an incise, its subject after it or a clitic pronoun. The tagger often
        takes a present-tense form for a noun ('note'), so forms of the source verbs count
        whatever their tag."""
        verbs = self.lex.source_verbs | self.lex.opinion_verbs
        last = _continued(sent)
        for tok in doc[tokens[-1].i + 1 : last]:
            known = tok.pos_ == "VERB" and tok.lemma_.lower() in verbs
            if not known and tok.lower_ not in self.lex.incise_forms:
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < last else None
            if not known and not (nxt is not None and (nxt.pos_ == "DET" or nxt.is_title)):
                continue  # "…, chiffre record": a noun after all
            if any(c.dep_ in {"nsubj", "nsubj:pass"} and c.i < tok.i for c in tok.children):
                continue  # "…, les résultats confirment les tendances": no incise
            form = tok.morph.get("VerbForm", []) if known else []
            if form and "Fin" not in form and not _with_auxiliary(tok, form):
                continue  # "…, faisant craindre une escalade": no incise
            back = tok.i - 1
            clitic = None
            while back > tokens[-1].i and (
                doc[back].pos_ in {"AUX", "ADV"} or doc[back].text.startswith("-")
            ):
                if doc[back].text.startswith("-") and doc[back].lower_ != "-t":
                    clitic = doc[back]  # "a-t-il précisé"
                back -= 1
            if doc[back].text != ",":
                continue
            if clitic is None and nxt is not None and nxt.text.startswith("-"):
                clitic = nxt  # "précise-t-elle"
            if clitic is not None:
                if clitic.lower_.lstrip("-").removeprefix("t-") not in self.lex.subject_pronouns:
                    return None
                return FigureSource(clitic.text, None, None, clitic.idx, clitic.idx + len(clitic))
            if nxt is None or nxt.lower_ in {"que", "qu'", "qu’"} or nxt.pos_ == "PRON":
                continue
            first = nxt
            subj = self._inverted_subject(tok, tokens)
            if subj is not None and tok.pos_ == "VERB":  # "…, a indiqué à l'AFP le maire"
                first = doc[subj.i - 1] if doc[subj.i - 1].dep_ == "det" else subj
            start = first.idx
            end = self._mention_end(doc, start, doc[last - 1].idx + len(doc[last - 1]))
            words = [t for t in _tokens(doc, start, end) if t.pos_ != "DET" and t.is_alpha]
            if end <= start or not words:
                return None
            if words[0].pos_ not in {"NOUN", "PROPN"} and not words[0].is_title:
                return None
            beside = names.person_beside(start, end) if words[0].pos_ == "NOUN" else None
            name = beside or self._name_of(doc, start, end, words[0], names)
            return FigureSource(doc_text(doc)[start:end], name, None, start, end)
        return None

    def _name_of(
        self, doc: Doc, start: int, end: int, head: Token | None, names: DocumentNames
    ) -> str:
        """The name a source mention stands for: the person it names or describes ('le
        président, Robert Kotcharian'), the body behind a document, else its description."""
        mention = doc_text(doc)[start:end]
        trailing = [
            e for e in doc.ents if e.label_ == "PER" and start <= e.start_char and e.end_char == end
        ]
        if trailing:  # "le ministre valdorien Piotr Vesselic"
            return names.full_name(trailing[-1].text, end)
        if head is not None and head.lemma_.lower() in self.lex.source_documents:
            body = self._document_body(doc, start, end)
            if body is not None:
                return body
        titled = strip_title(mention, self.lang) != mention
        if (head is not None and head.pos_ == "PROPN") or titled:
            return names.full_name(mention, start)
        if head is not None and head.pos_ == "NOUN":
            role = names.person_with_role(mention, start, self.lang)
            if role is not None:  # "le chef de la diplomatie américaine" → Antony Blinken
                return role
        return self._description(mention)

    def _description(self, mention: str) -> str:
        """'les récentes statistiques' → 'statistiques': no determiner, title or date word."""
        words = strip_title(description_head(mention), self.lang).split(" ")
        while len(words) > 1 and words[0].lower() in self.lex.drop_adjectives:
            words = words[1:]
        return " ".join(words)

    def _canonical(self, doc: Doc, source: FigureSource, names: DocumentNames) -> FigureSource:
        """A body as the article introduces it: by its acronym when the acronym comes
        before the full name ('l'INSEE' … 'l'Institut national de la statistique et des
        études économiques'; not 'la Société valdorienne de secours (SVS)'), by its own name
        after a class noun ('la guérilla marxiste des FARC' → 'FARC'), by the fuller name a
        short one stands for ('la Ville' → 'Ville de Montréal')."""
        name = source.name
        if not name or names.is_person(name):
            return source
        text = doc_text(doc)
        words = re.findall(r"[^\W\d_]+", name)
        content = [w for w in words if w.lower() not in self.lex.name_function_words]
        initials = "".join(fold(w)[0] for w in content).upper()
        first = text.find(name)
        before = first if first >= 0 else (source.start or 0)
        if len(initials) >= 3 and re.search(rf"(?<!\w){initials}(?!\w)", text[:before]):
            return replace(source, name=initials)
        if re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+", name):  # "la Ville" → "Ville de Montréal"
            longer = {
                m.group(0)
                for m in re.finditer(
                    rf"(?<!\w){name}\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])"
                    r"[A-ZÀ-Ý][\w-]+",
                    text,
                )
            }
            if len(longer) == 1:
                return replace(source, name=" ".join(longer.pop().split()))
        cls = re.match(
            r"([^\W\d_]+)(?:\s+[^\W\d_A-Z]+){0,2}?\s+(?:des|du|de\s+la|de\s+l['’]|d['’]|de)?\s*"
            r"([A-ZÀ-Ý][^\s]*(?:\s+[A-ZÀ-Ý][^\s]*)*)$",
            name,
        )
        if cls is not None and cls.group(1) in self.lex.body_classes:
            return replace(source, name=cls.group(2))
        return source

    def _mention_end(self, doc: Doc, start: int, limit: int) -> int:
        """End of a source phrase, not cutting a name the NER read as one ('l'Institut
        national de la statistique et des études économiques')."""
        end = self._phrase_end(doc_text(doc), start, limit)
        for ent in doc.ents:
            if start <= ent.start_char < end < ent.end_char <= limit and ent.label_ != "MISC":
                return ent.end_char
        return end

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


_ARTICLES = {"le", "la", "les", "l", "un", "une", "des", "du", "de"}
_QUE = {"que", "qu'", "qu’"}


def _sentences(doc: Doc) -> list[Span]:
    """The document's sentences as written (see ``_whole``)."""
    out: list[Span] = []
    for sent in doc.sents:
        if out and _glued(doc[sent.start - 1], doc[sent.start]):
            out[-1] = doc[out[-1].start : sent.end]
        else:
            out.append(sent)
    return out


def _whole(sent: Span) -> Span:
    """The sentence as written: the parser sometimes ends one at a comma ('Selon les
    récentes statistiques, | 12 % des ménages …', '… évacuées, | a indiqué le maire')."""
    doc = sent.doc
    start = sent.start
    while start > 0 and _glued(doc[start - 1], doc[start]):
        start = doc[start - 1].sent.start
    return doc[start : _continued(sent)]


def _glued(last: Token, first: Token) -> bool:
    """Whether a parser's sentence break between two tokens is no real one."""
    if "\n" in last.text or "\n" in last.whitespace_:
        return False
    return last.text in {",", ";"} or first.text in {",", ";"} or first.text[:1].islower()


def _continued(sent: Span) -> int:
    """The token index where a sentence really ends: the parser sometimes starts a new
    one at a trailing incise (", a indiqué le maire")."""
    doc = sent.doc
    end = sent.end
    while end < len(doc) and _glued(doc[end - 1], doc[end]):
        end = doc[end].sent.end
    return end


def _distance(source: FigureSource, at: int) -> int:
    start = source.start if source.start is not None else 0
    end = source.end if source.end is not None else start
    return start - at if start >= at else max(0, at - end)


def _head_of(tokens: list[Token]) -> Token | None:
    """The token of a phrase whose head lies outside it."""
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[0] if tokens else None


def _que_clause(tok: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in {"que", "qu'", "qu’"} for c in tok.children)


def _counts_en(first: Token) -> bool:
    """The clitic 'en' of the number's own clause stands for what it counts ('il en reste
    trois', 'je n'en ai vu que trois')."""
    sent = first.sent
    for tok in reversed(sent.doc[sent.start : first.i]):
        if tok.is_punct:
            return False
        if tok.lower_ in {"en", "n'en", "n’en"} and tok.pos_ == "PRON":
            return True
    return False


def _with_auxiliary(tok: Token, form: list[str]) -> bool:
    """A past participle with its auxiliary ('a constaté'), as in a finite incise."""
    return "Part" in form and any(c.dep_.startswith("aux") for c in tok.children)


def _passive(tok: Token) -> bool:
    return any(c.dep_ == "aux:pass" for c in tok.children)


def _bare_participle(tok: Token) -> bool:
    """A past participle with no tense auxiliary ('légèrement blessés')."""
    return "Part" in tok.morph.get("VerbForm", []) and not any(
        c.dep_ in {"aux:tense", "aux"} for c in tok.children
    )


def _own_subject(tok: Token) -> bool:
    return any(
        c.dep_ in {"nsubj", "nsubj:pass"} and c.lower_ not in {"qui", "lequel", "laquelle"}
        for c in tok.children
    )


def _path(tok: Token, top: Token) -> list[Token]:
    """tok and its ancestors below top."""
    out = [tok]
    for anc in tok.ancestors:
        if anc.i == top.i:
            break
        out.append(anc)
    return out


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


@cache
def figure_extractor(lang: str = "fr") -> FigureExtractor:
    """One extractor per language (it holds only its lexicon), for callers outside spaCy."""
    return FigureExtractor(lang)


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
