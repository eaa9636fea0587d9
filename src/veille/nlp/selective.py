"""Selective parsing: give the parser and NER only the sentences that can hold a quote,
a figure or an event, with the context their extractors read.

The statistical pipeline (tok2vec, parser, NER) is most of veille's cost, yet in a news
article many sentences carry nothing to extract. A cheap pass (regexes and a lookup of
inflected forms, no model) marks the sentences that may: quote marks (every sentence a
quoted span touches), speech and event verbs (any inflected form of a lexicon lemma,
built from the lemmatizer's own tables; elided forms such as "n'exige" included), event
nouns, source prepositions ("selon", "d'après", a leading "pour"), and numbers that may
be figures (the figures extractor's own text-only checks drop dates, ages, times, codes,
addresses and measures). Each marked sentence brings its context: the previous sentence
when it points back to it (a pronoun, an anaphor, a role noun, a figure, a quote, or an
opening in mid-discourse), its paragraph's first sentence, and the first two sentences of
the article (headline and lead introduce the full names later mentions resolve to).

Only the selected regions go through the model (one ``nlp.pipe`` over region texts for a
whole batch). The article's Doc is then rebuilt over the *whole* text with
``Doc.from_docs``: the parsed regions keep their annotation, the other regions are
tokenised only, with one flat "sentence" tree per cheap sentence so sentence boundaries
stay exact. Offsets therefore index the article text exactly as with a full parse, and
veille's components run on that Doc unchanged. Entities (hence actors) outside the
selected regions are not seen: that is the price of the speed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from veille.extractors.figures import figure_extractor
from veille.extractors.marks import find_quoted_spans
from veille.extractors.names import fold
from veille.extractors.numbers import find_numbers
from veille.nlp import remember_text, verb_inflections
from veille.resources import load_tsv, load_yaml

# The model runs on the whole text when the selection is this large anyway: the rebuilt
# Doc would save little and a whole parse is the reference.
WHOLE_ABOVE = 0.95
LEAD_SENTENCES = 2
_SENTENCE_END = re.compile(r"[.!?…]+[»\"”’)]*[ \t\u00a0]+(?=\S)|\n+")
_WORD = re.compile(r"\w+(?:['’]\w+)?")
_PIECE = re.compile(r"\w+")
_REFLEXIVE = re.compile(r"^(?:se\s+|s['’])")
_QUOTE_CHARS = re.compile(r"[«»“”„\"]")
_SEP = " \u00a0\u202f\u2009-"


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Inflected forms that announce a quote or a source, and the figure context words.

    ``forms`` make their sentence hot by themselves; a form in ``needs`` (a verb that is
    an event cue only with given objects: "avoir un entretien", "lever le blocus") only
    with one of its words in the same sentence; ``phrases`` are the multi-word cues
    ("d'après", "aux yeux de"), matched as phrases. ``pointers`` (folded) are the words
    that point back to an earlier sentence: pronouns, anaphors, role nouns ("il",
    "ce dernier", "le ministre"); a hot sentence brings its previous sentence along only
    if it has one of them, a figure, or opens mid-discourse.
    """

    forms: frozenset[str]
    categories: frozenset[str]
    months: frozenset[str]
    years: tuple[int, int]
    needs: Mapping[str, frozenset[str]] = field(default_factory=dict)
    phrases: re.Pattern[str] | None = None
    pointers: frozenset[str] = frozenset()
    leading: re.Pattern[str] | None = None


@cache
def cue_lexicon(nlp: Language, lang: str = "fr") -> CueLexicon:
    """Every inflected form of the speech-cue lemmas, from the lemmatizer's own tables
    (exceptions inverted, suffix rules applied backwards), so a cheap word lookup finds
    the cues the parser-based extractor will look for.

    A multi-word verb cue ("faire savoir", "laisser entendre") takes its last word as
    written (an infinitive after the light verb); multi-word noun and preposition cues
    are matched as phrases. An event verb whose every frame names the objects it needs
    ("avoir" only counts in "avoir un entretien / des échanges …") is hot only beside
    one of them: otherwise every "a", "ont", "avait" would select its sentence."""
    words_data = load_yaml(lang, "selective")
    light = frozenset(str(w).lower() for w in words_data.get("light_words", []))
    initial = frozenset(str(w).lower() for w in words_data.get("clause_initial", []))
    lemmas: dict[str, str] = {}  # lemma → kind, every inflected form of it
    literal: set[str] = set()  # words that count only as written
    phrases: set[str] = set()
    for row in load_tsv(lang, "speech_cues"):
        if row["kind"] == "noun":
            continue  # the quote extractor opens frames on verbs and prepositions only
        lemma = row["lemma"].lower()
        words = [w for w in re.findall(r"\w+", lemma) if w not in light]
        if not words or lemma in initial:
            continue
        multi = len(re.findall(r"\w+", _REFLEXIVE.sub("", lemma))) > 1
        if multi and row["kind"] == "verb":
            literal.add(words[-1])
        elif multi:
            phrases.add(lemma)
        else:
            lemmas[words[-1]] = row["kind"]
    needs: dict[str, set[str]] = {}  # event verb lemma → object words it needs
    free: set[str] = set(lemmas)  # lemmas that are cues whatever their objects
    for row in load_tsv(lang, "event_frames"):  # events are read from the same parse
        pieces = re.findall(r"\w+", _REFLEXIVE.sub("", row["lemma"].lower()))
        words = [w for w in pieces if w not in light] or pieces[-1:]  # "mettre en examen"
        if not words:
            continue
        lemma = words[-1]
        lemmas.setdefault(lemma, "verb")
        required = _required_words(row.get("requires") or "-")
        if required is None:
            free.add(lemma)
        else:
            needs.setdefault(lemma, set()).update(required)
    nouns = _event_nouns(lang)
    by_form: dict[str, set[str]] = {}  # inflected form → lemmas it may stand for

    def add(form: str, lemma: str) -> None:
        by_form.setdefault(form, set()).add(lemma)

    for lemma, kind in lemmas.items():
        add(lemma, lemma)
        if kind == "noun":
            add(lemma + "s", lemma)
            add(lemma + "x", lemma)
    verbs = [lemma for lemma, kind in lemmas.items() if kind == "verb"]
    for form, of in verb_inflections(nlp, verbs).items():
        for lemma in of:
            add(form, lemma)
    forms = set(literal)
    conditional: dict[str, frozenset[str]] = {}
    for form, of in by_form.items():
        if of & free or not all(lemma in needs for lemma in of):
            forms.add(form)
        else:
            conditional[form] = frozenset(w for lemma in of for w in needs[lemma])
    for noun, noun_needs in nouns.items():
        for form in (noun, noun + "s", noun + "x"):
            if noun_needs is None or form in forms:
                forms.add(form)
                conditional.pop(form, None)
            else:
                conditional[form] = conditional.get(form, frozenset()) | noun_needs
    figures = load_yaml(lang, "figures")
    categories = {str(k).lower() for k in figures.get("categories", {})}
    months = {str(m).lower() for m in figures.get("months", [])}
    low, high = figures.get("year_range", [1800, 2100])
    return CueLexicon(
        frozenset(forms),
        frozenset(categories),
        frozenset(months),
        (low, high),
        conditional,
        _phrase_pattern(phrases),
        _pointer_words(lang),
        _clause_initial(initial),
    )


def _clause_initial(words: frozenset[str]) -> re.Pattern[str] | None:
    """Words that count only at the start of a sentence or clause ("Pour X, …")."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words))
    return re.compile(rf"(?:^|[,;:]\s*)(?:{alternatives})\s", re.IGNORECASE)


def _pointer_words(lang: str) -> frozenset[str]:
    """Folded words that send a reader back to an earlier sentence (see ``CueLexicon``)."""
    speakers = load_yaml(lang, "speakers")
    roles = load_yaml(lang, "roles")
    # Pronouns and anaphors by their last word ("ce dernier"), role nouns by their first
    # ("porte-parole", "secrétaire d'État").
    words = {_word(w, -1) for key in ("pronouns", "anaphors") for w in speakers.get(key, [])}
    words |= {_word(w, 0) for w in roles.get("heads", [])}
    words |= {_word(w, 0) for group in roles.get("synonyms", []) for w in group}
    return frozenset(w for w in words if w)


def _word(expression: object, which: int) -> str:
    words = fold(str(expression)).split()
    return words[which] if words else ""


def _event_nouns(lang: str) -> dict[str, frozenset[str] | None]:
    """Event nouns ("arrestation", "entretien") → the words one of which must be in the
    sentence for any of its frames (a preposition or a listed lemma), None if a frame
    needs none."""
    out: dict[str, frozenset[str] | None] = {}
    for row in load_tsv(lang, "event_nouns"):
        noun = row["noun"].lower()
        words: set[str] = set()
        for spec in (row.get("requires") or "-").split(","):
            kind, _, listed = spec.strip().partition("=")
            if kind and kind != "-":
                words.update(w.strip().lower() for w in (listed or kind).split("|") if w.strip())
        if noun in out and out[noun] is None:
            continue
        out[noun] = None if not words else frozenset(words | set(out.get(noun) or ()))
    return out


def _required_words(requires: str) -> set[str] | None:
    """The object words an event frame needs (with plural forms), None if it needs no
    particular word ("-", "obj", "avec", "inf")."""
    words: set[str] = set()
    for spec in requires.split(","):
        _kind, _, listed = spec.strip().partition("=")
        for lemma in (w.strip().lower() for w in listed.split("|") if w.strip()):
            words.update({lemma, lemma + "s", lemma + "x"})
            pieces = re.findall(r"\w+", lemma)
            if len(pieces) > 1:  # "cessez-le-feu": its longest word
                words.add(max(pieces, key=len))
    return words or None


def _phrase_pattern(phrases: set[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = (
        r"[\s'’]+".join(re.escape(w) for w in re.findall(r"\w+", p))
        for p in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def sentences(text: str) -> list[tuple[int, int, int]]:
    """Cheap sentences as (start, end, paragraph number); they tile the text exactly, the
    whitespace after a sentence belonging to it."""
    out: list[tuple[int, int, int]] = []
    start = 0
    paragraph = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end(), paragraph))
        if "\n" in m.group(0):
            paragraph += 1
        start = m.end()
    if start < len(text):
        out.append((start, len(text), paragraph))
    return out


def select(text: str, lex: CueLexicon, lang: str = "fr") -> list[tuple[int, int]]:
    """The regions of ``text`` (sorted, disjoint, whole cheap sentences) the model must
    parse for the extractors to find what a full parse would let them find."""
    sents = sentences(text)
    if not sents:
        return []
    hot = [False] * len(sents)
    starts = [s for s, _e, _p in sents]
    for i, (s, e, _p) in enumerate(sents):
        hot[i] = _is_hot(text[s:e], lex)
    backward = [hot[i] and _points_back(text[s:e], lex) for i, (s, e, _p) in enumerate(sents)]
    for span in find_quoted_spans(text, lang):
        first, last = _sentence_at(starts, span.open), _sentence_at(starts, span.close - 1)
        for i in range(first, last + 1):
            hot[i] = True
            backward[i] = True  # a quote's speaker may be named just before it
    figures = figure_extractor(lang)
    for num in find_numbers(text, lang):
        if not figures.may_be_figure(text, num):
            continue
        if _may_be_figure(text, num.start, num.end, num.spelled, num.value, lex):
            i = _sentence_at(starts, num.start)
            hot[i] = backward[i] = True  # its source may be in the sentence before
    chosen = [False] * len(sents)
    first_of_paragraph: dict[int, int] = {}
    for i, (_s, _e, p) in enumerate(sents):
        first_of_paragraph.setdefault(p, i)
    for i, flag in enumerate(hot):
        if flag:
            chosen[i] = True
            if i > 0 and backward[i]:
                chosen[i - 1] = True
            chosen[first_of_paragraph[sents[i][2]]] = True
    if any(chosen):
        for i in range(min(LEAD_SENTENCES, len(sents))):
            chosen[i] = True
    regions: list[tuple[int, int]] = []
    for flag, (s, e, _p) in zip(chosen, sents, strict=True):
        if not flag:
            continue
        if regions and regions[-1][1] == s:
            regions[-1] = (regions[-1][0], e)
        else:
            regions.append((s, e))
    return regions


def _is_hot(sentence: str, lex: CueLexicon) -> bool:
    if _QUOTE_CHARS.search(sentence) or (lex.leading and lex.leading.search(sentence)):
        return True
    if lex.phrases is not None and lex.phrases.search(sentence):
        return True
    words = [
        piece.lower()
        for m in _WORD.finditer(sentence)
        if not _compound(sentence, m)
        for piece in _elided(m.group(0))
    ]
    if any(w in lex.forms for w in words):
        return True
    needs = [lex.needs[w] for w in words if w in lex.needs]
    if not needs:
        return False
    present = set(_PIECE.findall(sentence.lower()))
    return any(not n.isdisjoint(present) for n in needs)


def _points_back(sentence: str, lex: CueLexicon) -> bool:
    """The sentence may need the one before it: a pointer word, or it opens
    mid-discourse (lowercase, a dash, a quote mark)."""
    first = sentence.lstrip()[:1]
    if first and not first.isupper() and not first.isdigit():
        return True
    return any(w in lex.pointers for w in fold(sentence).split())


def _elided(word: str) -> tuple[str, ...]:
    """A word and, when elided ("n'exige", "l'acceptons"), the word after the apostrophe."""
    for mark in "'’":
        if mark in word:
            return (word, word.rsplit(mark, 1)[1])
    return (word,)


def _compound(sentence: str, word: re.Match[str]) -> bool:
    """A word after a hyphen is the end of a compound ("c'est-à-dire", "porte-parole"),
    not a cue; inverted cues ("déclare-t-elle") have their hyphen after the verb."""
    return word.start() > 0 and sentence[word.start() - 1] == "-"


def _may_be_figure(
    text: str, start: int, end: int, spelled: bool, value: float, lex: CueLexicon
) -> bool:
    """False only for numbers the figures extractor never keeps: a lone "un"/"une" not
    before a counted category, a year, a day before a month name."""
    after = _WORD.findall(text[end : end + 40].lower())
    if spelled and value == 1.0 and text[start:end].lower() in {"un", "une"}:
        return any(w in lex.categories for w in after[:3])
    raw = text[start:end]
    if not spelled and raw.isdigit():
        if len(raw) == 4 and lex.years[0] <= int(raw) <= lex.years[1]:
            return False
        if after and after[0] in lex.months and len(raw) <= 2:
            return False
    return True


def _sentence_at(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


class SelectiveParser:
    """``pipe(texts)`` like ``nlp.pipe``, with the model run on selected regions only.

    ``nlp`` is veille's pipeline (``veille.nlp.load``): its statistical components parse
    the regions; the components named in ``finish`` (veille's extractors) then run on the
    rebuilt whole-text Doc.
    """

    def __init__(self, nlp: Language, finish: Iterable[str], lang: str = "fr") -> None:
        self.nlp = nlp
        self.lang = lang
        self.finish = [n for n in nlp.pipe_names if n in set(finish)]
        self.lex = cue_lexicon(nlp, lang)
        self.parsed_chars = 0
        self.total_chars = 0

    def pipe(
        self, texts: Iterable[str], batch_size: int = 32, dates: Iterable[str | None] = ()
    ) -> Iterator[Doc]:
        """Docs for ``texts``; ``dates`` (the articles' dates, in the same order) are set as
        ``doc.user_data["date"]`` before veille's components run, for relative dates."""
        stream = iter(texts)
        when = iter(dates)
        while batch := list(islice(stream, batch_size)):
            yield from self._batch(batch, [next(when, None) for _ in batch])

    def _batch(self, texts: list[str], dates: list[str | None] | None = None) -> list[Doc]:
        plans: list[list[tuple[int, int]]] = []
        segments: list[str] = []
        for text in texts:
            regions = select(text, self.lex, self.lang)
            chosen = sum(e - s for s, e in regions)
            if text and chosen / len(text) > WHOLE_ABOVE:
                regions = [(0, len(text))]
                chosen = len(text)
            plans.append(regions)
            segments.extend(text[s:e] for s, e in regions)
            self.parsed_chars += chosen
            self.total_chars += len(text)
        parsed = iter(self.nlp.pipe(segments, disable=self.finish, batch_size=256))
        docs = []
        for i, (text, regions) in enumerate(zip(texts, plans, strict=True)):
            doc = remember_text(self._assemble(text, regions, parsed), text)
            doc.user_data["date"] = dates[i] if dates else None
            for name in self.finish:
                doc = self.nlp.get_pipe(name)(doc)
            docs.append(doc)
        return docs

    def _assemble(self, text: str, regions: list[tuple[int, int]], parsed: Iterator[Doc]) -> Doc:
        if regions == [(0, len(text))]:
            return next(parsed)
        pieces: list[Doc] = []
        at = 0
        for s, e in regions:
            if s > at:
                pieces.append(self._flat(text[at:s]))
            pieces.append(next(parsed))
            at = e
        if at < len(text) or not pieces:
            pieces.append(self._flat(text[at:]))
        if len(pieces) == 1:
            return pieces[0]
        # The regions' tensors differ in width from the unparsed pieces' (empty) ones.
        return Doc.from_docs(  # type: ignore[call-arg]
            pieces, ensure_whitespace=False, exclude=["tensor"]
        )

    def _flat(self, text: str) -> Doc:
        """Tokens only, one flat tree per cheap sentence (no tags, lemmas or entities):
        sentence boundaries exact, nothing for the extractors to find."""
        tokens = self.nlp.tokenizer(text)
        heads: list[int] = []
        deps: list[str] = []
        root = 0
        for tok in tokens:
            if tok.i == 0 or _ends_sentence(tokens[tok.i - 1].text, tokens[tok.i - 1].whitespace_):
                root = tok.i
            heads.append(root)
            deps.append("ROOT" if root == tok.i else "dep")
        return Doc(
            self.nlp.vocab,
            words=[t.text for t in tokens],
            spaces=[bool(t.whitespace_) for t in tokens],
            heads=heads,
            deps=deps,
        )


def _ends_sentence(prev: str, space: str) -> bool:
    return "\n" in prev or "\n" in space or prev in {".", "!", "?", "…"}
