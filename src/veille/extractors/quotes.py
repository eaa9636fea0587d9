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
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille.extractors.frames import (
    Frame,
    cue_lemma,
    find_frames,
    frame_lexicon,
    reflexive_cues,
    reflexive_ok,
)
from veille.extractors.marks import (
    QuotedSpan,
    find_credited_posts,
    find_quoted_spans,
    mark_config,
    paragraphs,
)
from veille.extractors.names import DocumentNames, description_head, fold, pronouns, strip_title
from veille.extractors.speakers import (
    Salience,
    complement_of,
    features_of,
    host_verb,
    inverted_pronoun,
    is_anaphoric,
    is_anaphoric_body,
    is_finite,
    speaker_lexicon,
)
from veille.nlp import doc_text, verb_inflections
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
    lemma: str | None = None  # when the tagger missed the verb ("», juge X")


class QuoteExtractor:
    """Finds quotes in a parsed document. Stateless between documents."""

    def __init__(self, lang: str = "fr", inflections: Mapping[str, set[str]] | None = None) -> None:
        """``inflections``: inflected form → verb lemmas (``veille.nlp.verb_inflections``),
        to read an incise verb the tagger took for a noun."""
        self.lang = lang
        self.cues = speech_cues(lang)
        self.min_words = mark_config(lang).min_direct_words
        self.not_speakers, self.stops = _speaker_words(lang)
        self.reflexive = reflexive_cues(lang)
        self.incise = frame_lexicon(lang).incise
        self.incise_forms = {
            form: min(lemmas & self.incise)
            for form, lemmas in (inflections or {}).items()
            if lemmas & self.incise
        }
        self.negations = frame_lexicon(lang).negations
        data = load_yaml(lang, "speakers")
        self.not_cues: dict[str, frozenset[str]] = {
            k: frozenset(v) for k, v in data.get("not_cues", {}).items()
        }
        self.documents = frozenset(data.get("documents", []))
        self.anaphors = frozenset(data.get("anaphors", []))
        self.no_speaker = frozenset(data.get("no_speaker", []))
        self.particles = frozenset(data.get("name_particles", []))
        self.body_kinds = frozenset(fold(w) for w in data.get("body_kinds", []))
        self.impersonal = frozenset(data.get("impersonal_verbs", []))
        self.agent_marks = frozenset(load_yaml(lang, "speech_frames").get("agent_marks", []))

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
                quotes = [q for q in quotes if not quote.start <= q.start < q.end <= quote.end]
                quotes.append(quote)
        quotes = self._with_posts(doc, quotes, names)
        quotes = self._with_frames(doc, quotes, spans, names)
        return _fill_orphans(_without_nested_repeats(doc, quotes))

    # -- reported clauses (indirect and mixed) -------------------------------------------

    def _with_frames(
        self, doc: Doc, quotes: list[Quote], spans: list[QuotedSpan], names: DocumentNames
    ) -> list[Quote]:
        """Add indirect quotes; a quoted fragment inside a reported clause becomes one
        mixed quote over the whole clause."""
        seen: set[tuple[int, int]] = set()
        marked = list(quotes)
        full = doc_text(doc)
        for found in find_frames(doc, self.lang):
            if (found.start, found.end) in seen or _inside_any(found.cue.idx, spans):
                continue
            seen.add((found.start, found.end))
            frame = _before_direct(full, self._through_fragments(doc, found, spans), marked)
            if frame is None:
                continue
            overlapping = [q for q in marked if q.start < frame.end and frame.start < q.end]
            if any(q.kind == "direct" or not _within(q, frame) for q in overlapping):
                continue  # the marks already give this content its extent
            if frame.speaker is not None and any(
                q.start <= frame.cue.idx < q.end for q in quotes if q not in marked
            ):
                continue  # "selon X" inside a clause a speech verb already reports
            if frame.speaker is None and self._mute(self._frame_subject(frame)):
                continue  # "Les élections promettent de …": no one speaks
            inner = [sp for sp in spans if frame.start <= sp.open and sp.close <= frame.end]
            kind: QuoteKind = "mixed" if overlapping or inner else "indirect"
            whole = [sp for sp in inner if (sp.open, sp.close) == (frame.start, frame.end)]
            if whole and not overlapping:  # "Pour X, « il faut agir »": the marks hold it all
                kind = "direct"
                frame = replace(frame, start=whole[0].start, end=whole[0].end)
            speaker = self._frame_speaker(doc, frame, names, quotes)
            if speaker.name is None:
                speaker = self._fallback_speaker(doc, frame, names, quotes)
            if speaker.name is None and overlapping:
                speaker = overlapping[0].speaker
            if speaker.name is None and kind == "indirect":
                continue  # reported content with no one reporting it: not evidence
            quotes = [q for q in quotes if q not in overlapping]
            marked = [q for q in marked if q not in overlapping]
            text = doc_text(doc)[frame.start : frame.end]
            verb = frame.lemma or cue_lemma(frame.cue, self.cues.verbs) or frame.cue.lemma_.lower()
            quotes.append(Quote(kind, frame.start, frame.end, text, verb, speaker))
        fragments = {id(q) for q in marked if q.kind == "mixed" and _words(q.text) < 3}
        return sorted((q for q in quotes if id(q) not in fragments), key=lambda q: q.start)

    def _through_fragments(self, doc: Doc, frame: Frame, spans: list[QuotedSpan]) -> Frame:
        """A reported clause runs over the quoted fragments that follow it in its
        sentence ('a redit qu'Israël avait "le droit" de se "défendre" pour que l'attaque
        ne puisse "plus jamais se reproduire"'): the parser often hangs the tail
        elsewhere. It stops at a new report ('…, tout en reconnaissant que « … »')."""
        text = doc_text(doc)
        frame = _with_closing_mark(frame, spans)
        if not any(frame.start <= sp.open < frame.end for sp in spans):
            return frame  # no fragment in it: an indirect clause keeps the parser's extent
        for span in spans:
            if span.open < frame.end:
                continue
            gap = text[frame.end : span.open]
            if _FRAGMENT_GAP.search(gap) or len(gap.split()) > 12:
                break
            if any(self._is_cue_verb(t) for t in _tokens(doc, frame.end, span.open)):
                break
            frame = replace(frame, end=span.close)
        return frame

    def _with_posts(self, doc: Doc, quotes: list[Quote], names: DocumentNames) -> list[Quote]:
        """Embedded posts credited by a trailer ('— Name (@handle) Date') are direct
        quotes of the poster; quotes found inside them give way."""
        text = doc_text(doc)
        for post in find_credited_posts(text, self.lang):
            quotes = [q for q in quotes if q.end <= post.start or post.end <= q.start]
            name = names.full_name(post.name, post.end) or post.name
            content = text[post.start : post.end]
            speaker = Speaker(None, None, None, name)
            quotes.append(Quote("direct", post.start, post.end, content, None, speaker))
        return sorted(quotes, key=lambda q: q.start)

    def _fallback_speaker(
        self, doc: Doc, frame: Frame, names: DocumentNames, previous: list[Quote]
    ) -> Speaker:
        """When the parse hangs the subject elsewhere: on the light verb of a multi-word
        cue ('a fait savoir'), any subject of the cue whatever its tag, or the noun
        phrase just before the cue's auxiliaries ('Michel Zumkeller a par ailleurs
        indiqué …' parsed with the name as root)."""
        if frame.speaker is not None or frame.after:
            return Speaker(None, None, None, None)
        cue = frame.cue
        heads = [cue, *(c for c in cue.children if c.pos_ in {"VERB", "AUX"} and c.i < cue.i)]
        for head in heads:
            for k in head.children:
                if k.dep_ in {"nsubj", "nsubj:pass"} and k.i < cue.i and k.pos_ != "PRON":
                    return self._speaker_at(doc, k, _Cue(cue, after=False), names, previous)
        left = _left_noun(cue)
        if left is None:
            return Speaker(None, None, None, None)
        return self._speaker_at(doc, left, _Cue(cue, after=False), names, previous)

    def _document_author(self, doc: Doc, tok: Token, start: int, end: int) -> str | None:
        """The body behind a document: an entity inside the phrase, else the first proper
        noun hanging on it ("sondage réalisé par l'IFOP", "chiffres de l'INSEE")."""
        ents = [e for e in doc.ents if e.label_ in {"ORG", "PER"} and start < e.start_char < end]
        if ents:  # NER often stops short ("Office valdorien | des statistiques")
            right = ents[0].root.right_edge
            stop = min(end, max(ents[0].end_char, right.idx + len(right.text)))
            return description_head(doc_text(doc)[ents[0].start_char : stop])
        for t in tok.subtree:
            if not start <= t.idx < end:
                continue  # the subtree may run into the reported words
            if t.pos_ == "PROPN" and t.dep_ in {"nmod", "obl:agent", "obl:arg", "obl:mod"}:
                parts = [t, *(c for c in t.children if c.dep_ == "flat:name")]
                return " ".join(p.text for p in sorted(parts, key=lambda p: p.i))
        return None

    def _cut_circumstance(self, doc: Doc, extent: tuple[int, int]) -> tuple[int, int]:
        """A frame's source words end where a circumstance starts ("selon les autorités
        | depuis le début de la guerre"); a document keeps them (its author may follow)."""
        span = doc.char_span(*extent, alignment_mode="expand")
        if span is None or span.root.lemma_.lower() in self.documents:
            return extent
        for t in span[1:]:
            if t.lower_ in self.stops and t.i > span.root.i:
                last = doc[t.i - 1]
                return extent[0], last.idx + len(last.text)
        return extent

    def _publisher(self, doc: Doc, tok: Token, names: DocumentNames) -> str | None:
        """Who put out a document that names no author: the subject of the verb it is
        the object of ("La Maison Blanche a publié une déclaration indiquant que …")."""
        if tok.dep_ != "obj":
            return None
        who = self._subject(tok.head, QuotedSpan(0, 0, 0, 0), after=False)
        if who is None or who == tok or who.pos_ == "PRON":
            return None
        first, last = self._subject_extent(doc, who, _Cue(tok.head, after=False), _NO_SPAN)
        mention = doc_text(doc)[first:last]
        return self._name(doc, who, mention, first, names, [], anaphora=False)

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
        complement = bool(run) and run[0].lower_ in self.particles  # "chef du | Sinn Fein"
        while run and run[0].lower_ in self.particles:
            run = run[1:]
        if complement and not any(t.ent_type_ == "PER" for t in run):
            return None
        if len(run) == 1 and _own_name(run[0], span.start, span.end):
            return run[0].text  # "le tabloïd Blesk": a common noun and its own name
        if len([t for t in run if t.text[:1].isupper()]) < 2 or len(run) == len(span):
            return None
        return doc_text(doc)[run[0].idx : run[-1].idx + len(run[-1].text)]

    def _governing_subject(self, verb: Token, span: QuotedSpan) -> Token | None:
        """Cues without their own subject take the governing verb's: 'a tenu à préciser
        que…', 'ajoutant que…', conjoined cues, 'a publié une déclaration indiquant que…'
        (two levels up at most: 'a souligné, en s'exprimant en anglais, que…')."""
        host = host_verb(verb)
        for _ in range(2):
            if host is None:
                return None
            found = self._subject(host, span, after=False)  # its objects are not speakers
            if found is not None and found.i < verb.i:  # not the reported clause's subject
                return found
            host = host_verb(host)
        return None

    def _frame_subject(self, frame: Frame) -> Token | None:
        """The token heading who speaks for a frame: its source, or the cue's subject."""
        if frame.speaker is not None:
            return frame.speaker
        span = QuotedSpan(frame.start, frame.end, frame.start, frame.end)
        return self._subject(frame.cue, span, after=frame.after) or self._governing_subject(
            frame.cue, span
        )

    def _mute(self, tok: Token | None) -> bool:
        """A subject that cannot speak: a common noun that names no person, body or
        document, with no person or body named in it ("Les élections promettent de …")."""
        if tok is None or tok.pos_ != "NOUN" or tok.ent_type_ in {"PER", "ORG"}:
            return False
        lex = frame_lexicon(self.lang)
        if tok.lemma_.lower() in lex.bodies or tok.lower_ in lex.bodies:
            return False
        if fold(tok.lemma_) in lex.people or fold(tok.text) in lex.people:
            return False
        if tok.ent_type_ in {"LOC", "GPE"}:
            return False  # a place named by a noun speaks by metonymy ("la Maison Blanche")
        return not any(t.ent_type_ in {"PER", "ORG"} for t in tok.subtree)

    def _frame_speaker(
        self, doc: Doc, frame: Frame, names: DocumentNames, previous: list[Quote]
    ) -> Speaker:
        span = QuotedSpan(frame.start, frame.end, frame.start, frame.end)
        tok = self._frame_subject(frame)
        if frame.speaker is not None:
            cue = _Cue(frame.speaker, after=False)
        else:
            cue = _Cue(frame.cue, after=frame.after)
        if tok is None:
            return Speaker(None, None, None, None)
        if frame.speaker_span is not None:
            start, end = self._cut_circumstance(doc, frame.speaker_span)
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
        if _closed_sentence(text, span):
            hi = span.close  # «… fiables. » En effet, … : the next sentence is not an incise
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
            bare = not after.split(",")[0].strip() or "," in text[span.end : span.close]
            kind = "direct" if starts_sentence and bare else "mixed"
        else:
            colon = before.rstrip().endswith(":")
            kind = "direct" if colon or _whole_clause(doc, cue.token, span) else "mixed"
        short = words < self.min_words and not cue.after  # "« Jamais », a-t-il dit": direct
        if kind == "direct" and short and not before.rstrip().endswith(":"):
            kind = "mixed"
        speaker = self._speaker(doc, cue, span, names, previous)
        verb = cue.lemma or cue_lemma(cue.token, self.cues.verbs) or cue.token.lemma_.lower()
        if kind == "direct":
            return Quote(kind, span.start, span.end, content, verb, speaker)
        start = _clause_start(text, span) if cue.after else span.open
        return Quote(kind, start, span.close, text[start : span.close], verb, speaker)

    def _split_at_incise(
        self, doc: Doc, span: QuotedSpan, names: DocumentNames, previous: list[Quote]
    ) -> list[Quote]:
        """« A, soupire-t-elle. B » is two quotes of one speaker: split at an incise
        (a cue verb after a comma, with its subject after it) inside the marks."""
        tokens = _tokens(doc, span.start, span.end)
        for n, tok in enumerate(tokens):
            if n < 2 or not self._is_incise_verb(tok):
                continue
            comma = _comma_before(tokens, n)
            subject = self._incise_subject(tok)
            if comma is None or subject is None:
                continue
            end = _incise_end(doc, tok, subject, span.end)
            cue = _Cue(tok, after=True)
            speaker = self._speaker(doc, cue, QuotedSpan(0, 0, 0, 0), names, previous)
            if speaker.name is None:
                speaker = self._speaker_at(doc, subject, cue, names, previous)
            if speaker.name is None:  # "« A, a-t-il dit, B », a prévenu X": X, named after
                speaker = self._trailing_speaker(doc, span, names, previous) or speaker
            parts = [(span.start, comma.idx), (end, span.end)]
            out = []
            for start, stop in parts:
                start, stop = _trim(doc_text(doc), start, stop)
                if stop - start > 1:
                    text = doc_text(doc)[start:stop]
                    out.append(Quote("direct", start, stop, text, tok.lemma_.lower(), speaker))
            return out
        return []

    def _trailing_speaker(
        self, doc: Doc, span: QuotedSpan, names: DocumentNames, previous: list[Quote]
    ) -> Speaker | None:
        """The speaker an incise right after the closing mark names, if any."""
        text = doc_text(doc)
        hi = _window_end(text, span, None)
        cue = self._after_cue(doc, span.close, hi)
        if cue is None:
            return None
        speaker = self._speaker(doc, cue, span, names, previous)
        return speaker if speaker.name is not None else None

    def _is_incise_verb(self, tok: Token) -> bool:
        """A verb that can stand in an incise inside a quote ('…, soupire-t-elle, …'),
        not negated ('…, ne montrent rien'): only lemmas with the ``incise`` frame."""
        lemma = cue_lemma(tok, self.cues.verbs)
        if lemma is None or not self._is_cue_verb(tok):
            return False
        bare = lemma[3:] if lemma.startswith("se ") else lemma
        return bare in self.incise and not any(
            c.dep_ == "advmod" and c.lower_ in self.negations for c in tok.children
        )

    def _incise_subject(self, verb: Token) -> Token | None:
        """The subject after an incise verb: an inverted pronoun ('-t-elle', which the
        parser may label dep) or the first subject after it, whatever its tag."""
        for k in verb.children:
            if k.text.startswith("-") and k.text[1:].lower() in pronouns(self.lang):
                return k
        subject = self._subject(verb, QuotedSpan(0, 0, 0, 0), after=True)
        if subject is not None and subject.i > verb.i:
            return subject
        late = [k for k in verb.children if k.dep_.startswith("nsubj") and k.i > verb.i]
        return late[0] if late else None

    def _speaker_at(
        self, doc: Doc, tok: Token, cue: _Cue, names: DocumentNames, previous: list[Quote]
    ) -> Speaker:
        """The speaker headed by ``tok`` when the parse gave the cue no usable subject."""
        start, end = self._subject_extent(doc, tok, cue, QuotedSpan(0, 0, 0, 0))
        mention = doc_text(doc)[start:end]
        return Speaker(start, end, mention, self._name(doc, tok, mention, start, names, previous))

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
                if _own_clause(tok, start) or _participle_clause(tok):
                    return None  # "« … », il a rejeté cette éventualité": a new sentence
                return _Cue(tok, after=True)
            elif seen_comma and n <= 2 and (lemma := self._mistagged_incise(tok)):
                return _Cue(tok, after=True, lemma=lemma)
        return None

    def _mistagged_incise(self, tok: Token) -> str | None:
        """'« … », juge Léa Marnier': a present-tense incise verb the tagger read as a
        noun, right after the comma and before a name or a determiner."""
        if tok.pos_ not in {"NOUN", "ADJ", "PROPN"} or tok.i + 1 >= len(tok.doc):
            return None
        nxt = tok.nbor(1)
        if nxt.pos_ not in {"DET", "PROPN"} and not nxt.text.startswith("-"):
            return None
        return self.incise_forms.get(tok.lower_)

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
        """A whole quoted sentence with no cue: the subject of a clause that leads into
        it with a colon speaks ('Il poursuit : « … »'); else the previous speaker goes on,
        else the person the text is about (interview copy introduces a person, then
        quotes them)."""
        lead = self._colon_subject(names.doc, span)
        if lead is not None:
            speaker = self._speaker_at(names.doc, lead, _Cue(lead.head, False), names, previous)
            if speaker.name is not None:
                return Quote("direct", span.start, span.end, content, None, speaker)
        last = previous[-1] if previous else None
        if last is not None and last.speaker.name and span.open - last.end < 400:
            name: str | None = last.speaker.name
        else:
            people = [(p, n) for p, n in _speakers(previous) if names.is_person(n)]
            name = names.salient_person(span.open, people)
        if name is None:  # "« Rien ne sera plus comme avant. » Paul Vernet, maire, a …"
            text = doc_text(names.doc)
            end = next((e for s, e in paragraphs(text) if s <= span.close <= e), span.close)
            name = names.next_subject_person(span.close, end)
        return Quote("direct", span.start, span.end, content, None, Speaker(None, None, None, name))

    def _colon_subject(self, doc: Doc, span: QuotedSpan) -> Token | None:
        """The main subject of the clause a colon closes right before the quote, when it
        can speak: a pronoun, a name, a person noun ('Mais Courbis se sait menacé : «')."""
        text = doc_text(doc)
        end = len(text[: span.open].rstrip())
        if end == 0 or text[end - 1] != ":":
            return None
        colon = doc.char_span(end - 1, end, alignment_mode="expand")
        if colon is None:
            return None
        root = colon[0].sent.root
        lex = speaker_lexicon(self.lang)
        for tok in root.children:
            if tok.dep_ not in {"nsubj", "nsubj:pass"} or tok.i > colon[0].i:
                continue
            if tok.lower_ in lex.pronoun_features or tok.pos_ == "PROPN" or tok.ent_type_ == "PER":
                return tok
            if fold(tok.lemma_) in lex.people:
                return tok
        return None

    # -- speakers --------------------------------------------------------------------

    def _speaker(
        self, doc: Doc, cue: _Cue, span: QuotedSpan, names: DocumentNames, previous: list[Quote]
    ) -> Speaker:
        """The cue's subject; a cue leading into the quote takes no object or later noun
        for its speaker (that is the reported clause's subject: 'ajoutant que les
        Etats-Unis "ne penchaient pas…"'), but may speak through its governing verb."""
        tok = self._subject(cue.token, span, after=cue.after) or self._governing_subject(
            cue.token, span
        )
        split = _split_subject(cue.token) if tok is None and not cue.after else None
        if split is not None:
            start, end = split[0].idx, split[-1].idx + len(split[-1].text)
            mention = doc_text(doc)[start:end]
            name = self._name(doc, split[0], mention, start, names, previous)
            return Speaker(start, end, mention, name)
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

        agent = self._passive_agent(verb)
        if agent is not None and not inside_quote(agent):
            return agent  # "a été qualifié de « … » par la ministre": she speaks
        deps = _SUBJECT_DEPS if after else _SUBJECT_DEPS - {"obj"}
        auxes = [c for c in verb.children if c.dep_.startswith("aux")]  # "La police | a"
        kids = [
            k
            for h in (verb, *auxes)
            for k in h.children
            if k.dep_ in deps
            and not inside_quote(k)
            and not (k.dep_ == "expl:subj" and h.lemma_.lower() in self.impersonal)  # "il faut"
        ]
        for k in kids:  # inverted pronoun: "a-t-il", "déclare-t-elle"
            if k.text.startswith("-") and k.text[1:].lower() in pronouns(self.lang):
                return k
        inverted = inverted_pronoun(verb, self.lang)
        if inverted is not None and not inside_quote(inverted):
            return inverted  # "a-t-il par ailleurs concédé": the "-il" hangs elsewhere
        if after:  # an incise inverts its subject: "…, rappelle X", not the quote's own
            kids.sort(key=lambda k: not (k.dep_.startswith("nsubj") and k.i > verb.i))
        for k in kids:
            if k.dep_ == "obj" and k.i < verb.i:
                continue
            if k.text.lower() in self.not_speakers or k.text == "-t":
                continue
            if k.lower_ in {"qui"} and verb.dep_ == "acl:relcl":
                return verb.head  # "l'Otan, qui considère …": the antecedent speaks
            if k.pos_ in {"PROPN", "NOUN", "PRON"} or k.ent_type_ == "PER":  # "Ana" as DET
                named = [j for j in kids if j.i == k.right_edge.i + 1 and j.pos_ == "PROPN"]
                return named[0] if named else k  # "le tabloïd Blesk" parsed as two subjects
        head = verb.head
        if (
            head.dep_ == "ROOT"
            and head.i < verb.i
            and head.pos_ in {"PROPN", "NOUN"}
            and verb.dep_ in {"parataxis", "conj", "dep", "acl"}
            and not inside_quote(head)
            and not any(t.text in ",;:" for t in verb.doc[head.i + 1 : verb.i])
        ):
            return head  # "Paul Vernet a fait savoir que": the parser made the name the root
        if after:
            return self._apposed_after(verb, inside_quote)
        return None

    def _passive_agent(self, verb: Token) -> Token | None:
        """The agent of a passive cue ("qualifié de … par un dirigeant"): a passive
        auxiliary or a bare participle, and a noun introduced by an agent preposition."""
        passive = any(c.dep_ == "aux:pass" for c in verb.children) or (
            "Part" in verb.morph.get("VerbForm", [])
            and not any(c.dep_.startswith("aux") for c in verb.children)
        )
        if not passive:
            return None
        for c in verb.children:
            if c.i < verb.i or c.pos_ not in {"NOUN", "PROPN"}:
                continue
            cases = {k.lower_ for k in c.children if k.dep_ == "case"}
            if c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and cases & self.agent_marks):
                return c
        return None

    def _apposed_after(self, verb: Token, inside: Any) -> Token | None:
        """'…, a indiqué à des journalistes un haut responsable': the parser hangs the
        speaker on the addressee; take the first bare noun phrase after the verb."""
        for tok in verb.sent[verb.i - verb.sent.start + 1 :]:
            if (tok.is_punct and tok.text in ".;!?") or tok.dep_ == "mark":
                break  # a reported clause starts: its subject is not the speaker
            if tok.dep_.startswith("nsubj") and tok.head != verb:
                continue
            has_case = any(c.dep_ == "case" for c in tok.children)
            if (
                tok.dep_ in {"appos", "nsubj", "obj", "acl:relcl", "dep"}
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
        lead = _fronted_apposition(tok)
        if lead is not None:  # "Membre de la coalition, le ministre X a estimé"
            first = lead.i + 1
        # a document keeps what follows it: its author may come late ("un sondage sur le
        # moral des Français réalisé par l'IFOP")
        stops = frozenset() if tok.lemma_.lower() in self.documents else self.stops
        for t in doc[max(tok.i, first) + 1 : last + 1]:  # cut appositions and clauses
            if (
                t.text in {",", "(", ":"}
                or t.lower_ in stops
                or t.pos_ == "SCONJ"  # "une déclaration indiquant | que …"
                or t.idx >= span.open > tok.idx
            ):
                last = t.i - 1
                break
        for t in doc[first : tok.i]:  # never start inside the quote or at the verb
            if t.idx < span.close and t.idx >= span.open:
                first = t.i + 1
        while first < tok.i and (_leading_case(doc[first], tok) or doc[first].pos_ in _LEADING):
            first += 1  # "selon l'armée" → "l'armée"; "et le Premier ministre" → "le …"
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
        anaphora: bool = True,
    ) -> str | None:
        """The name a speaker mention stands for (``anaphora``: whether a description may
        be resolved to an earlier person, off when naming antecedent candidates)."""
        bare = mention.lstrip("-").lower()
        determined = any(c.dep_ == "det" for c in tok.children)  # "la personne qui…"
        if bare in self.no_speaker or (tok.lower_ in self.no_speaker and not determined):
            return None
        if bare in pronouns(self.lang) or bare in self.anaphors:
            return self._antecedent(doc, tok, bare, start, names, previous)
        end = start + len(mention)
        inside = [e for e in doc.ents if start <= e.start_char < end]
        inner = [e for e in inside if e.label_ == "PER" and not complement_of(e, tok)]
        if inner:  # "le secrétaire d'État américain Antony Blinken"
            # "Biden et Netanyahou": the head of a coordination is its first conjunct
            own = [e for e in inner if e.start <= tok.i < e.end]
            joined = any(e.root.dep_ == "conj" and e.root.head == tok for e in inner)
            named = own and (joined or tok.pos_ == "PROPN")  # not "Premier ministre" as PER
            return names.full_name((own if named else inner)[-1].text, end)
        body = self._kind_of_body(doc, tok, inside, end)
        if body is not None:  # "la guérilla marxiste des FARC"
            return body
        if tok.lemma_.lower() in self.documents:  # "le rapport du Forum économique mondial"
            body = self._document_author(doc, tok, start, end) or self._publisher(doc, tok, names)
            if body:
                return body
        complements = [e for e in inside if e.label_ == "PER" and complement_of(e, tok)]
        trailing = None if complements else self._trailing_name(doc, start, end)
        if trailing:  # "le ministre français des Affaires étrangères Dominique de Villepin"
            return names.full_name(trailing, end)
        beside = names.person_beside(start, end, tok)
        if beside is not None and tok.pos_ in {"NOUN", "ADJ"}:  # "Antony Fastier, toxicologue"
            return beside
        titled = strip_title(mention, self.lang) != mention
        if tok.pos_ == "PROPN" or tok.ent_type_ == "PER" or titled:
            return names.full_name(mention, start)
        introduced = names.person_with_role(mention, start, self.lang)
        if introduced is None and anaphora:
            introduced = self._salience(doc, names).role_holder(mention, start, previous)
        if introduced is None and anaphora and not complements:
            introduced = self._described_person(doc, tok, mention, start, names, previous)
        if introduced is None and anaphora and not complements:
            introduced = self._described_body(doc, tok, mention, start, names, previous)
        if introduced is None and mention[:1].isupper() and " " not in mention.strip():
            introduced = names.full_name(mention, start)  # a surname the parse mis-tagged
        return introduced or description_head(mention) or None  # "l’" of "l’on": no one

    def _kind_of_body(self, doc: Doc, tok: Token, inside: list[Span], end: int) -> str | None:
        """The body a mention names after saying what kind it is ("la guérilla marxiste
        des FARC", "le mouvement islamiste Hamas"): an organisation that ends the mention,
        after the kind noun and its adjectives only."""
        if fold(tok.lemma_) not in self.body_kinds:
            return None
        orgs = [e for e in inside if e.label_ == "ORG" and e.end_char == end and e.start > tok.i]
        if not orgs:
            return None
        between = doc[tok.i + 1 : orgs[-1].start]
        if any(t.pos_ not in {"ADJ", "ADP", "DET"} for t in between):
            return None
        return orgs[-1].text

    def _described_person(
        self,
        doc: Doc,
        tok: Token,
        mention: str,
        start: int,
        names: DocumentNames,
        previous: list[Quote],
    ) -> str | None:
        """The person an anaphoric description ("l'ingénieur", "la jeune femme") stands
        for: the latest agreeing person before it; never a body quoted before."""
        if not is_anaphoric(tok, mention, self.lang):
            return None
        return self._salience(doc, names).antecedent(
            start, features_of(tok, self.lang), previous, skip=tok.i, persons=True
        )

    def _described_body(
        self,
        doc: Doc,
        tok: Token,
        mention: str,
        start: int,
        names: DocumentNames,
        previous: list[Quote],
    ) -> str | None:
        """The body a definite description stands for ("écrit l'agence" after "l'EPA
        américaine"; "le groupe a indiqué" after the company's name): the latest body
        named before it that the description fits."""
        if not is_anaphoric_body(tok, mention, self.lang):
            return None
        return self._salience(doc, names).body(start, fold(tok.lemma_), previous)

    def _antecedent(
        self,
        doc: Doc,
        tok: Token,
        pronoun: str,
        start: int,
        names: DocumentNames,
        previous: list[Quote],
    ) -> str | None:
        """What a pronoun stands for: the latest agreeing speaker or subject; a singular
        pronoun with none falls back on the person the text is about."""
        wanted = speaker_lexicon(self.lang).pronoun_features.get(pronoun, (None, None))
        salience = self._salience(doc, names)
        found = salience.antecedent(start, wanted, previous, skip=tok.i)
        if found is not None or wanted[1] == "plur":
            return found
        people = [(p, n) for p, n in _speakers(previous) if names.is_person(n)]
        return names.salient_person(start, people, lambda n: salience.may_be(n, wanted))

    def _salience(self, doc: Doc, names: DocumentNames) -> Salience:
        """The document's antecedent finder, built once per document."""
        if names.salience is None:
            depth = [0]

            def resolve(tok: Token) -> tuple[str, str | None]:
                cue = _Cue(tok.head, after=tok.i > tok.head.i)
                start, end = self._subject_extent(doc, tok, cue, QuotedSpan(0, 0, 0, 0))
                mention = doc_text(doc)[start:end]
                depth[0] += 1  # a description may stand for an earlier one, once
                try:
                    return mention, self._name(doc, tok, mention, start, names, [], depth[0] < 2)
                finally:
                    depth[0] -= 1

            names.salience = Salience(doc, self.lang, resolve)
        return cast(Salience, names.salience)


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


def _own_clause(verb: Token, after: int) -> bool:
    """A verb after a quote (closing at offset ``after``) that opens a clause of its
    own, not an incise: its subject stands between the quote and it (an incise inverts
    it: "a-t-il dit", "a expliqué X") and it takes an object of its own."""
    subject = any(
        c.dep_.startswith("nsubj") and after <= c.idx < verb.idx and not c.text.startswith("-")
        for c in verb.children
    )
    return subject and any(c.dep_ in {"obj", "ccomp"} and c.i > verb.i for c in verb.children)


def _participle_clause(verb: Token) -> bool:
    """'« … », rejetant le terme de …', '…, tout en reconnaissant que': a present
    participle adds to the sentence's subject; an incise is finite ('a-t-il dit')."""
    participle = "Part" in verb.morph.get("VerbForm", []) and "Pres" in verb.morph.get("Tense", [])
    finite = any(c.dep_.startswith("aux") for c in verb.children)
    return participle and not finite


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
    """Words of a quote, its marks not counted."""
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def _whole_clause(doc: Doc, cue: Token, span: QuotedSpan) -> bool:
    """A quoted clause that is the cue's whole complement is direct speech ('Elle affirme
    « J'ai … »', 'a souligné que « si … »'); a quoted phrase inside the cue's complement is
    a fragment ('a insisté sur "l'importance …"', 'rejette « le catastrophisme »')."""
    between = _tokens(doc, cue.idx + len(cue.text), span.open)
    if any(span.open <= t.head.idx < span.close and t.pos_ != "SCONJ" for t in between):
        return False
    if any(t.pos_ in {"VERB", "AUX"} and not t.text.startswith("-") for t in between):
        return False  # "a affirmé qu'il était prêt à partir « si … »": the clause began before
    inside = _tokens(doc, span.start, span.end)
    return any(t.pos_ in {"VERB", "AUX"} for t in inside)


def _clause_start(text: str, span: QuotedSpan) -> int:
    """Start of the sentence a mixed quote ends, its quoted fragments included: 'La crise
    « est un test » et « les enjeux sont énormes », a-t-il déclaré'."""
    cut = max((m.end() for m in _BOUNDARY.finditer(text, 0, span.open)), default=0)
    start, _ = _trim(text, cut, span.open)
    return min(start, span.open)  # a clause that opens with the quote starts at its mark


def _fronted_apposition(tok: Token) -> Token | None:
    """The comma closing a bare noun phrase that opens the sentence before the subject
    proper ("Membre de la coalition, le vice-Premier ministre X a estimé"), if any."""
    if tok.pos_ != "NOUN" or any(c.dep_ == "det" for c in tok.children):
        return None
    if not tok.left_edge.is_sent_start:
        return None
    commas = [t for t in tok.subtree if t.text == "," and tok.i < t.i < tok.right_edge.i]
    return commas[0] if commas else None


_NO_SPAN = QuotedSpan(0, 0, 0, 0)
_LEADING = {"CCONJ", "PUNCT"}  # "et le Premier ministre", ", l'auteur"


def _leading_case(t: Token, head: Token) -> bool:
    """A preposition of the speaker phrase ('selon', 'quant à'), not part of its name."""
    return t.dep_ in {"case", "fixed"} and head in (t.head, t.head.head)


def _own_name(tok: Token, first: int, last: int) -> bool:
    """A proper noun naming the common noun it hangs on, inside tokens first:last, right
    after it or its adjectives ("le tabloïd Blesk", not "la porte-parole de la Maison-Blanche")."""
    head = tok.head
    between = tok.doc[head.i + 1 : tok.i]
    return (
        tok.pos_ == "PROPN"
        and head.pos_ == "NOUN"
        and first <= head.i < last
        and all(t.pos_ == "ADJ" for t in between)
        and tok.dep_ in {"appos", "flat:name", "nmod"}
        and not any(c.dep_ == "case" for c in tok.children)
    )


def _speakers(quotes: list[Quote]) -> list[tuple[int, str]]:
    return [(q.start, q.speaker.name) for q in quotes if q.speaker.name]


def _inside_any(offset: int, spans: list[QuotedSpan]) -> bool:
    return any(s.open <= offset < s.close for s in spans)


def _within(q: Quote, frame: Frame) -> bool:
    return frame.start <= q.start + 2 and q.end <= frame.end + 1


def _with_closing_mark(frame: Frame, spans: list[QuotedSpan]) -> Frame:
    """A reported clause ending on or inside a quoted fragment ends after its closing
    mark: a frame never cuts a quotation ('promis un soutien " sans faille "')."""
    for span in spans:
        if span.open <= frame.start <= span.start:  # 'a salué « un accord »': from the mark
            frame = replace(frame, start=span.open)
        if frame.start <= span.open < frame.end <= span.close:
            frame = replace(frame, end=span.close)
    return frame


_FRAGMENT_GAP = re.compile(r"[.!?…;:]|\n")


_LEAD_IN = ' \u00a0\u202f\n,;:«“„"—–-'


def _before_direct(text: str, frame: Frame, quotes: list[Quote]) -> Frame | None:
    """A reported clause running into a direct quote ('il estime que <content> : « … »')
    stops before it; ``None`` when nothing is left of it."""
    for q in quotes:
        if q.kind == "direct" and frame.start < q.start < frame.end and not frame.after:
            end = q.start
            while end > frame.start and text[end - 1] in _LEAD_IN:
                end -= 1
            if _words(text[frame.start : end]) < 3:
                return None
            return replace(frame, end=end)
    return frame


def _split_subject(cue: Token) -> list[Token] | None:
    """The name the parser cut off into a sentence of its own before a cue that opens
    the next one ('Charlotte Martin, fondatrice de X | affirme « … »'): no end mark between
    them, and the cut-off part is a name with no verb."""
    sent = cue.sent
    if cue.i != sent.start or sent.start == 0 or "Fin" not in cue.morph.get("VerbForm", []):
        return None
    found: list[Token] = []
    for tok in reversed(cue.doc[max(0, sent.start - 8) : sent.start]):
        if tok.text in {".", "!", "?", "…", "»", '"', "”", ":"} or "\n" in tok.text_with_ws:
            break
        if tok.pos_ in {"VERB", "AUX"} and "Fin" in tok.morph.get("VerbForm", []):
            return None  # a clause of its own, not a cut-off subject
        if tok.pos_ == "PROPN" and tok.ent_type_ not in {"ORG", "LOC", "GPE", "MISC"}:
            found.insert(0, tok)  # the name, word by word
        elif found:
            break
    return found or None


def _left_noun(cue: Token) -> Token | None:
    """The head of the noun phrase right before a cue and its auxiliaries and adverbs."""
    i = cue.i - 1
    while i >= cue.sent.start and (
        cue.doc[i].pos_ in {"AUX", "ADV"} or cue.doc[i].dep_ in {"case", "obl:mod", "advmod"}
    ):
        i -= 1
    if i < cue.sent.start:
        return None
    tok = cue.doc[i]
    while tok.dep_ == "flat:name" and tok.head.i < tok.i:
        tok = tok.head
    return tok if tok.pos_ in {"PROPN", "NOUN"} else None


def _window_start(text: str, span: QuotedSpan, prev: QuotedSpan | None) -> int:
    floor = prev.close if prev else 0
    cut = max((m.end() for m in _BOUNDARY.finditer(text, floor, span.open)), default=floor)
    return max(cut, floor)


def _window_end(text: str, span: QuotedSpan, nxt: QuotedSpan | None) -> int:
    ceiling = nxt.open if nxt else len(text)
    m = _BOUNDARY.search(text, span.close, ceiling)
    return m.start() + 1 if m else ceiling


def _closed_sentence(text: str, span: QuotedSpan) -> bool:
    """The quote ends its sentence inside the marks and a new sentence opens after them."""
    inside = text[span.start : span.close].rstrip(' "»”\u00a0\u202f')
    after = text[span.close : span.close + 40].lstrip(' "»”\u00a0\u202f')
    return inside[-1:] in {".", "!", "?", "…"} and after[:1].isupper()


def _ends_sentence(after: str) -> bool:
    return not after.strip() or after.strip()[0] in ".!?…"


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    if start >= end:
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if start <= t.idx < end] if span is not None else []


def _without_nested_repeats(doc: Doc, quotes: list[Quote]) -> list[Quote]:
    """'X a souligné avoir évoqué la nécessité de …' is one report of X: a reported
    clause that a non-finite cue opens inside another report of the same speaker is part
    of it. (One inside another speaker's report stays: 'X a exhorté Y à …, selon une
    source'; so does a finite second report the parse ran into: '… et regrette que …'.)"""

    def inside_same(q: Quote) -> bool:
        return not _finite_cue_before(doc, q.start) and any(
            o is not q
            and o.speaker.name == q.speaker.name
            and o.kind != "direct"
            and q.kind != "direct"
            and o.start < q.start  # the outer report opens first ("avoir évoqué …")
            and q.end <= o.end
            for o in quotes
        )

    return [q for q in quotes if q.speaker.name is None or not inside_same(q)]


def _finite_cue_before(doc: Doc, start: int) -> bool:
    """Whether the verb right before a reported clause (past its complementiser) is
    finite, alone or with its auxiliary."""
    span = doc.char_span(max(0, start - 40), start, alignment_mode="contract")
    if span is None:
        return False
    verbs = [t for t in span if t.pos_ in {"VERB", "AUX"}]
    if not verbs:
        return False
    return is_finite(verbs[-1])


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

    def __init__(self, lang: str, inflections: Mapping[str, set[str]] | None = None) -> None:
        self.extractor = QuoteExtractor(lang, inflections)

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = self.extractor(doc)
        return doc


@Language.factory("veille_quotes")
def make_quotes_component(nlp: Language, name: str) -> Any:
    lang = nlp.lang or "fr"
    return QuotesComponent(lang, verb_inflections(nlp, frame_lexicon(lang).incise))
