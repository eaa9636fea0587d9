"""Quotes: who said what, with the exact span of what was said.

First version (foundation): quotation-mark quotes (direct and mixed) with a speech cue
from the lemma lexicon in ``data/<lang>/speech_cues.tsv`` and the speaker taken from the
cue's grammatical subject, or the nearest named person. Continuation quotes (a whole
quoted sentence right after a quote) go to the previous speaker. Indirect speech
("X a déclaré que …") is left to the quotes issue.

Exposed as the spaCy component ``veille_quotes``: results land on ``doc._.quotes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from veille.extractors.frames import (
    Frame,
    cue_lemma,
    find_frames,
    frame_lexicon,
    reflexive_cues,
    reflexive_ok,
)
from veille.extractors.marks import QuotedSpan, find_quoted_spans, mark_config
from veille.extractors.names import DocumentNames, description_head, fold, pronouns, strip_title
from veille.nlp import doc_text
from veille.records import Quote, QuoteKind, Speaker
from veille.resources import load_tsv, load_yaml

_BOUNDARY = re.compile(r"[.!?…]\s|\n")
_SUBJECT_DEPS = {"nsubj", "nsubj:pass", "expl:subj", "obj"}
_MAX_CUE_DISTANCE = 18  # tokens between a closing mark and an incise cue ("…", a ajouté X)


@dataclass(frozen=True, slots=True)
class SpeechCues:
    verbs: frozenset[str]
    nouns: frozenset[str]
    preps: frozenset[str]


@cache
def speech_cues(lang: str) -> SpeechCues:
    rows = load_tsv(lang, "speech_cues")

    def of(kind: str) -> frozenset[str]:
        return frozenset(r["lemma"] for r in rows if r["kind"] == kind)

    return SpeechCues(frame_lexicon(lang).known, of("noun"), of("prep"))


@cache
def _speaker_words(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    data = load_yaml(lang, "speakers")
    return frozenset(data["not_speakers"]), frozenset(data["description_stops"])


@dataclass(slots=True)
class _Cue:
    token: Token
    after: bool  # the cue follows the quote (incise) rather than leading into it


class QuoteExtractor:
    """Finds quotes in a parsed document. Stateless between documents."""

    def __init__(self, lang: str = "fr") -> None:
        self.lang = lang
        self.cues = speech_cues(lang)
        self.min_words = mark_config(lang).min_direct_words
        self.not_speakers, self.stops = _speaker_words(lang)
        self.reflexive = reflexive_cues(lang)
        data = load_yaml(lang, "speakers")
        self.not_cues: dict[str, frozenset[str]] = {
            k: frozenset(v) for k, v in data.get("not_cues", {}).items()
        }
        self.documents = frozenset(data.get("documents", []))
        self.anaphors = frozenset(data.get("anaphors", []))
        self.no_speaker = frozenset(data.get("no_speaker", []))
        self.particles = frozenset(data.get("name_particles", []))

    def __call__(self, doc: Doc) -> list[Quote]:
        names = DocumentNames(doc)
        quotes: list[Quote] = []
        spans = find_quoted_spans(doc_text(doc), self.lang)
        for i, span in enumerate(spans):
            split = self._split_at_incise(doc, span, names, quotes)
            if split:
                quotes.extend(split)
                continue
            quote = self._quote(doc, span, spans, i, names, quotes)
            if quote is not None:
                quotes.append(quote)
        quotes = self._with_frames(doc, quotes, spans, names)
        return _fill_orphans(quotes)

    # -- reported clauses (indirect and mixed) -------------------------------------------

    def _with_frames(
        self, doc: Doc, quotes: list[Quote], spans: list[QuotedSpan], names: DocumentNames
    ) -> list[Quote]:
        """Add indirect quotes; a quoted fragment inside a reported clause becomes one
        mixed quote over the whole clause."""
        seen: set[tuple[int, int]] = set()
        marked = list(quotes)
        for found in find_frames(doc, self.lang):
            if (found.start, found.end) in seen or _inside_any(found.cue.idx, spans):
                continue
            seen.add((found.start, found.end))
            frame = _with_closing_mark(found, spans)
            overlapping = [q for q in marked if q.start < frame.end and frame.start < q.end]
            if any(q.kind == "direct" or not _within(q, frame) for q in overlapping):
                continue  # the marks already give this content its extent
            kind: QuoteKind = "mixed" if overlapping else "indirect"
            speaker = self._frame_speaker(doc, frame, names, quotes)
            if speaker.name is None and overlapping:
                speaker = overlapping[0].speaker
            if speaker.name is None and kind == "indirect":
                continue  # reported content with no one reporting it: not evidence
            quotes = [q for q in quotes if q not in overlapping]
            marked = [q for q in marked if q not in overlapping]
            text = doc_text(doc)[frame.start : frame.end]
            verb = cue_lemma(frame.cue, self.cues.verbs) or frame.cue.lemma_.lower()
            quotes.append(Quote(kind, frame.start, frame.end, text, verb, speaker))
        fragments = {id(q) for q in marked if q.kind == "mixed" and _words(q.text) < 3}
        return sorted((q for q in quotes if id(q) not in fragments), key=lambda q: q.start)

    def _document_author(self, doc: Doc, tok: Token, start: int, end: int) -> str | None:
        """The body behind a document: an entity inside the phrase, else the first proper
        noun hanging on it ("sondage réalisé par l'IFOP", "chiffres de l'INSEE")."""
        ents = [e for e in doc.ents if e.label_ in {"ORG", "PER"} and start < e.start_char < end]
        if ents:  # NER often stops short ("Office valdorien | des statistiques")
            right = ents[0].root.right_edge
            stop = min(end, max(ents[0].end_char, right.idx + len(right.text)))
            return description_head(doc_text(doc)[ents[0].start_char : stop])
        for t in tok.subtree:
            if t.pos_ == "PROPN" and t.dep_ in {"nmod", "obl:agent", "obl:arg", "obl:mod"}:
                parts = [t, *(c for c in t.children if c.dep_ == "flat:name")]
                return " ".join(p.text for p in sorted(parts, key=lambda p: p.i))
        return None

    def _trailing_name(self, doc: Doc, start: int, end: int) -> str | None:
        """A run of two or more capitalised words (with name particles) ending the
        mention: the person a role description introduces."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) < 3:
            return None
        run: list[Token] = []
        for t in reversed(span):
            if (t.text[:1].isupper() and t.is_alpha) or (run and t.lower_ in self.particles):
                run.insert(0, t)
            else:
                break
        while run and run[0].lower_ in self.particles:
            run = run[1:]
        if len([t for t in run if t.text[:1].isupper()]) < 2 or len(run) == len(span):
            return None
        return doc_text(doc)[run[0].idx : run[-1].idx + len(run[-1].text)]

    def _governing_subject(self, verb: Token, span: QuotedSpan) -> Token | None:
        """Cues without their own subject take the governing verb's: 'a tenu à préciser
        que…', 'ajoutant que…', conjoined cues."""
        if verb.dep_ not in {"xcomp", "conj", "advcl"} or verb.head == verb:
            return None
        return self._subject(verb.head, span, after=verb.head.i > span.close)

    def _frame_speaker(
        self, doc: Doc, frame: Frame, names: DocumentNames, previous: list[Quote]
    ) -> Speaker:
        span = QuotedSpan(frame.start, frame.end, frame.start, frame.end)
        if frame.speaker is not None:
            tok: Token | None = frame.speaker
            cue = _Cue(frame.speaker, after=False)
        else:
            cue = _Cue(frame.cue, after=frame.after)
            tok = self._subject(frame.cue, span, after=frame.after) or self._governing_subject(
                frame.cue, span
            )
        if tok is None:
            return Speaker(None, None, None, None)
        if frame.speaker_span is not None:
            start, end = frame.speaker_span
        else:
            start, end = self._subject_extent(doc, tok, cue, span)
        mention = doc_text(doc)[start:end]
        before = [q for q in previous if q.start < frame.start]
        return Speaker(start, end, mention, self._name(doc, tok, mention, start, names, before))

    # -- one quoted span -------------------------------------------------------------

    def _quote(
        self,
        doc: Doc,
        span: QuotedSpan,
        spans: list[QuotedSpan],
        i: int,
        names: DocumentNames,
        previous: list[Quote],
    ) -> Quote | None:
        text = doc_text(doc)
        lo = _window_start(text, span, spans[i - 1] if i else None)
        hi = _window_end(text, span, spans[i + 1] if i + 1 < len(spans) else None)
        before, after = text[lo : span.open], text[span.close : hi]
        content = text[span.start : span.end]
        words = len(content.split())
        cue = self._after_cue(doc, span.close, hi) or self._before_cue(doc, lo, span.open)
        starts_sentence = not before.strip() or before.rstrip().endswith(":")
        if cue is None:
            if not (starts_sentence and words >= self.min_words and _ends_sentence(after)):
                return None  # a scare quote, a title, a term: no speech act
            return self._continuation(span, content, previous, names)
        kind: QuoteKind
        if cue.after:
            kind = "direct" if starts_sentence and not after.split(",")[0].strip() else "mixed"
        else:
            kind = "direct" if before.rstrip().endswith(":") else "mixed"
        if kind == "direct" and words < self.min_words and not before.rstrip().endswith(":"):
            kind = "mixed"
        speaker = self._speaker(doc, cue, span, names, previous)
        verb = cue_lemma(cue.token, self.cues.verbs) or cue.token.lemma_.lower()
        return Quote(kind, span.start, span.end, content, verb, speaker)

    def _split_at_incise(
        self, doc: Doc, span: QuotedSpan, names: DocumentNames, previous: list[Quote]
    ) -> list[Quote]:
        """« A, soupire-t-elle. B » is two quotes of one speaker: split at an incise
        (a cue verb after a comma, with its subject after it) inside the marks."""
        tokens = _tokens(doc, span.start, span.end)
        for n, tok in enumerate(tokens):
            if n < 2 or not self._is_cue_verb(tok):
                continue
            comma = _comma_before(tokens, n)
            subject = self._subject(tok, QuotedSpan(0, 0, 0, 0), after=True)
            if comma is None or subject is None or subject.i < tok.i:
                continue
            end = _incise_end(doc, tok, subject, span.end)
            cue = _Cue(tok, after=True)
            speaker = self._speaker(doc, cue, QuotedSpan(0, 0, 0, 0), names, previous)
            parts = [(span.start, comma.idx), (end, span.end)]
            out = []
            for start, stop in parts:
                start, stop = _trim(doc_text(doc), start, stop)
                if stop - start > 1:
                    text = doc_text(doc)[start:stop]
                    out.append(Quote("direct", start, stop, text, tok.lemma_.lower(), speaker))
            return out
        return []

    def _after_cue(self, doc: Doc, start: int, end: int) -> _Cue | None:
        """An incise after the quote: '…», a-t-il dit', '", a expliqué John Kirby'."""
        tokens = _tokens(doc, start, end)
        seen_comma = "," in doc_text(doc)[max(0, start - 4) : start]  # «…révocation, » a dit
        for n, tok in enumerate(tokens):
            if n > _MAX_CUE_DISTANCE:
                break
            if tok.text == ",":
                seen_comma = True
            elif seen_comma and self._is_cue_verb(tok):
                return _Cue(tok, after=True)
        return None

    def _before_cue(self, doc: Doc, start: int, end: int) -> _Cue | None:
        """A lead-in before the quote: 'X a déclaré : «…»', 'X a appelé à "faire plus"'."""
        for tok in reversed(_tokens(doc, start, end)):
            if self._is_cue_verb(tok):
                return _Cue(tok, after=False)
        return None

    def _is_cue_verb(self, tok: Token) -> bool:
        lemma = cue_lemma(tok, self.cues.verbs)
        if lemma is None or not reflexive_ok(tok, self.reflexive):
            return False
        idioms = self.not_cues.get(lemma)
        if idioms and any(c.dep_ == "obj" and c.lemma_.lower() in idioms for c in tok.children):
            return False  # "déclarer la guerre" is not speech
        # the parser sometimes mis-tags inverted forms ("déclare-t-elle"): trust the "-t-"
        inverted = tok.i + 1 < len(tok.doc) and tok.nbor(1).text.startswith("-")
        return tok.pos_ in {"VERB", "AUX"} or inverted

    def _continuation(
        self, span: QuotedSpan, content: str, previous: list[Quote], names: DocumentNames
    ) -> Quote:
        """A whole quoted sentence with no cue: the previous speaker goes on, else the
        person the text is about (interview copy introduces a person, then quotes them)."""
        last = previous[-1] if previous else None
        if last is not None and last.speaker.name and span.open - last.end < 400:
            name: str | None = last.speaker.name
        else:
            people = [(p, n) for p, n in _speakers(previous) if names.is_person(n)]
            name = names.salient_person(span.open, people)
        return Quote("direct", span.start, span.end, content, None, Speaker(None, None, None, name))

    # -- speakers --------------------------------------------------------------------

    def _speaker(
        self, doc: Doc, cue: _Cue, span: QuotedSpan, names: DocumentNames, previous: list[Quote]
    ) -> Speaker:
        tok = self._subject(cue.token, span)
        if tok is None:
            return Speaker(None, None, None, None)
        start, end = self._subject_extent(doc, tok, cue, span)
        mention = doc_text(doc)[start:end]
        return Speaker(start, end, mention, self._name(doc, tok, mention, start, names, previous))

    def _subject(self, verb: Token, span: QuotedSpan, after: bool = True) -> Token | None:
        """The speaker token of a cue verb: its subject; after the verb (inverted incise),
        the parser often labels it obj or hangs it as an apposition."""

        def inside_quote(t: Token) -> bool:
            return span.open <= t.idx < span.close

        deps = _SUBJECT_DEPS if after else _SUBJECT_DEPS - {"obj"}
        kids = [k for k in verb.children if k.dep_ in deps and not inside_quote(k)]
        for k in kids:  # inverted pronoun: "a-t-il", "déclare-t-elle"
            if k.text.startswith("-") and k.text[1:].lower() in pronouns(self.lang):
                return k
        for k in kids:
            if k.dep_ == "obj" and k.i < verb.i:
                continue
            if k.text.lower() in self.not_speakers or k.text == "-t":
                continue
            if k.lower_ in {"qui"} and verb.dep_ == "acl:relcl":
                return verb.head  # "l'Otan, qui considère …": the antecedent speaks
            if k.pos_ in {"PROPN", "NOUN", "PRON"}:
                return k
        if after:
            return self._apposed_after(verb, inside_quote)
        return None

    def _apposed_after(self, verb: Token, inside: Any) -> Token | None:
        """'…, a indiqué à des journalistes un haut responsable': the parser hangs the
        speaker on the addressee; take the first bare noun phrase after the verb."""
        for tok in verb.sent[verb.i - verb.sent.start + 1 :]:
            if tok.is_punct and tok.text in ".;!?":
                break
            has_case = any(c.dep_ == "case" for c in tok.children)
            if (
                tok.dep_ in {"appos", "nsubj", "obj"}
                and tok.pos_ in {"NOUN", "PROPN"}
                and not has_case
                and not inside(tok)
                and tok.lower_ not in self.not_speakers
            ):
                return tok
        return None

    def _subject_extent(self, doc: Doc, tok: Token, cue: _Cue, span: QuotedSpan) -> tuple[int, int]:
        if tok.text.startswith("-"):
            return tok.idx + 1, tok.idx + len(tok.text)
        first, last = tok.left_edge.i, tok.right_edge.i
        for t in doc[tok.i + 1 : last + 1]:  # cut appositions and clauses after the head
            if t.text in {",", "(", ":"} or t.lower_ in self.stops or t.idx >= span.open > tok.idx:
                last = t.i - 1
                break
        for t in doc[first : tok.i]:  # never start inside the quote or at the verb
            if t.idx < span.close and t.idx >= span.open:
                first = t.i + 1
        while first < tok.i and doc[first].dep_ in {"case", "fixed"} and doc[first].head == tok:
            first += 1  # "selon l'armée" → "l'armée"
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        return start, end

    def _name(
        self,
        doc: Doc,
        tok: Token,
        mention: str,
        start: int,
        names: DocumentNames,
        previous: list[Quote],
    ) -> str | None:
        bare = mention.lstrip("-").lower()
        if bare in self.no_speaker or tok.lower_ in self.no_speaker:
            return None
        if bare in pronouns(self.lang) or bare in self.anaphors:
            people = [(p, n) for p, n in _speakers(previous) if names.is_person(n)]
            return names.salient_person(start, people)
        end = start + len(mention)
        inner = [e for e in doc.ents if e.label_ == "PER" and start <= e.start_char < end]
        if inner:  # "le secrétaire d'État américain Antony Blinken"
            return names.full_name(inner[-1].text, end)
        if tok.lemma_.lower() in self.documents:  # "le rapport du Forum économique mondial"
            body = self._document_author(doc, tok, start, end)
            if body:
                return body
        trailing = self._trailing_name(doc, start, end)
        if trailing:  # "le ministre français des Affaires étrangères Dominique de Villepin"
            return names.full_name(trailing, end)
        beside = names.person_beside(start, end)
        if beside is not None and tok.pos_ == "NOUN":  # "Antony Fastier, toxicologue"
            return beside
        if tok.pos_ == "PROPN" or strip_title(mention, self.lang) != mention:
            return names.full_name(mention, start)
        introduced = names.person_with_role(mention, start, self.lang)
        return introduced or description_head(mention)


_INCISE_GLUE = {"AUX", "ADV", "PRON"}
_SPACE_PUNCT = " \u00a0\u202f\n,;:."


def _comma_before(tokens: list[Token], n: int) -> Token | None:
    """The comma opening an incise: only auxiliaries, adverbs and inverted pronouns may
    stand between it and the cue ('…, a-t-il ajouté', '…, poursuit-elle')."""
    for j in range(n - 1, max(-1, n - 5), -1):
        tok = tokens[j]
        if tok.text == ",":
            return tok
        if tok.pos_ not in _INCISE_GLUE:
            return None
    return None


def _incise_end(doc: Doc, verb: Token, subject: Token, limit: int) -> int:
    """Where the quote resumes after an incise: after the punctuation that closes the
    incise's subject phrase and what hangs on it ('…, explique X, toxicologue. Les …')."""
    last = max(verb.i, subject.right_edge.i if not subject.text.startswith("-") else subject.i)
    for tok in doc[last + 1 :]:
        if tok.idx >= limit:
            return limit
        if tok.text in {".", ";", "!", "?", ":"}:
            return tok.idx + len(tok.text)
        if tok.text == ",":
            nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
            if nxt is None or not _hangs_on(nxt, verb):
                return tok.idx + 1
    return limit


def _hangs_on(tok: Token, verb: Token) -> bool:
    """Whether ``tok`` still belongs to the incise (an apposition to its subject, a
    circumstance of its verb) rather than to the quote that resumes."""
    head = tok
    for _ in range(4):
        if head == verb:
            return True
        if head.dep_ in {"ccomp", "parataxis", "ROOT"} or head.head == head:
            return False
        head = head.head
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE_PUNCT:
        start += 1
    while end > start and text[end - 1] in " \u00a0\u202f\n,;:":
        end -= 1
    return start, end


def _words(text: str) -> int:
    return len(text.split())


def _speakers(quotes: list[Quote]) -> list[tuple[int, str]]:
    return [(q.start, q.speaker.name) for q in quotes if q.speaker.name]


def _inside_any(offset: int, spans: list[QuotedSpan]) -> bool:
    return any(s.open <= offset < s.close for s in spans)


def _within(q: Quote, frame: Frame) -> bool:
    return frame.start <= q.start and q.end <= frame.end + 1


def _with_closing_mark(frame: Frame, spans: list[QuotedSpan]) -> Frame:
    """A reported clause ending on a quoted fragment ends after its closing mark."""
    for span in spans:
        if frame.start <= span.open < frame.end <= span.close <= frame.end + 3:
            return replace(frame, end=span.close)
    return frame


def _window_start(text: str, span: QuotedSpan, prev: QuotedSpan | None) -> int:
    floor = prev.close if prev else 0
    cut = max((m.end() for m in _BOUNDARY.finditer(text, floor, span.open)), default=floor)
    return max(cut, floor)


def _window_end(text: str, span: QuotedSpan, nxt: QuotedSpan | None) -> int:
    ceiling = nxt.open if nxt else len(text)
    m = _BOUNDARY.search(text, span.close, ceiling)
    return m.start() + 1 if m else ceiling


def _ends_sentence(after: str) -> bool:
    return not after.strip() or after.strip()[0] in ".!?…"


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    if start >= end:
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if start <= t.idx < end] if span is not None else []


def _fill_orphans(quotes: list[Quote]) -> list[Quote]:
    """A quote with no speaker whose words are quoted again with a speaker (a headline
    repeating a quote from the body) takes that speaker."""
    for q in quotes:
        if q.speaker.name is not None:
            continue
        key = fold(q.text)
        for other in quotes:
            if other is not q and other.speaker.name and key in fold(other.text):
                q.speaker = Speaker(None, None, None, other.speaker.name, other.speaker.actor_id)
                q.verb = q.verb or other.verb
                break
    return quotes


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


class QuotesComponent:
    """spaCy pipeline component: ``nlp.add_pipe("veille_quotes")``."""

    def __init__(self, lang: str) -> None:
        self.extractor = QuoteExtractor(lang)

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = self.extractor(doc)
        return doc


@Language.factory("veille_quotes")
def make_quotes_component(nlp: Language, name: str) -> Any:
    return QuotesComponent(nlp.lang or "fr")
