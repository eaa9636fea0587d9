"""The pipeline: a stream of articles in, a stream of extractions out.

read → clean → skip already stored → near-duplicates → parse and extract in batches
(``nlp.pipe``) → actors. Everything is a generator, so memory stays flat in corpus
size; the model is loaded once per process.

This module is the one definition of the stages; engines (``veille.engines``) only
decide where ``extract_batch`` runs: in this process, in a pool of local processes
(``workers > 1``, ``engines.local``) or on a Ray cluster (``engines.ray_engine``).
Reading-order stages that decide what a record *is* (dedup, skipping stored ids) always
run in the driver in input order, so every engine produces the same records.

Selective parsing (``PipelineOptions.selective``, ``veille.nlp.selective``) gives the
statistical model only the sentences that may hold a quote or a figure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Any

from veille.actors import resolve_actors
from veille.clean import BandIndex, MemoryBandIndex, NearDuplicateDetector, clean_article
from veille.extractors.stances import find_stances
from veille.records import Article, Extraction, ReadError

# Selective parsing is on by default only if it leaves dev-gold accuracy unchanged
# (within 0.5 point); see bench/README.md for the measurement. VEILLE_SELECTIVE=0/1
# overrides the default (e.g. to run `veille eval quotes` both ways).
SELECTIVE_DEFAULT = True


def selective_default() -> bool:
    """The default for ``PipelineOptions.selective`` (env ``VEILLE_SELECTIVE`` wins)."""
    env = os.environ.get("VEILLE_SELECTIVE", "").strip().lower()
    if env in {"0", "1", "true", "false", "yes", "no", "on", "off"}:
        return env in {"1", "true", "yes", "on"}
    return SELECTIVE_DEFAULT


@dataclass(slots=True)
class PipelineOptions:
    lang: str = "fr"
    batch_size: int = 32
    workers: int = 1
    dedup_threshold: float = 0.8
    selective: bool = field(default_factory=selective_default)
    engine: str = "local"  # "local" (this process or a process pool) or "ray"
    address: str | None = None  # Ray cluster address ("auto", "ray://host:10001"); None: local


@dataclass(slots=True)
class Processed:
    """An extraction with what the store needs to dedupe later articles against it."""

    extraction: Extraction
    lsh_keys: list[str] = field(default_factory=list)
    signature: bytes = b""


class LayeredBandIndex:
    """The store's band index plus the articles of this run not yet written to it."""

    def __init__(self, stored: BandIndex) -> None:
        self.stored = stored
        self.pending = MemoryBandIndex()

    def candidates(self, keys: list[str]) -> list[str]:
        older = self.stored.candidates(keys)
        return older + [c for c in self.pending.candidates(keys) if c not in older]

    def signature(self, article_id: str) -> bytes | None:
        return self.pending.signature(article_id) or self.stored.signature(article_id)

    def add_bands(self, article_id: str, keys: list[str], signature: bytes) -> None:
        self.pending.add_bands(article_id, keys, signature)

    def flushed(self) -> None:
        """The pending articles are now in the store: forget them here."""
        self.pending = MemoryBandIndex()


def extract_batch(
    articles: list[Article], lang: str = "fr", selective: bool | None = None
) -> list[Extraction]:
    """Parse and extract a batch with this process's model (loaded on first use).

    ``selective`` (default: ``selective_default()``) runs the model on the selected
    regions only; offsets still index each article's whole text.
    """
    from veille import nlp as nlp_module

    if selective is None:
        selective = selective_default()
    texts = [a.text for a in articles]
    if selective:
        docs = _selective(lang).pipe(texts, len(texts) or 1, [a.date for a in articles])
    else:
        nlp = nlp_module.load(lang)
        made = [nlp_module.remember_text(nlp.make_doc(t), t) for t in texts]
        for article, doc in zip(articles, made, strict=True):
            doc.user_data["date"] = article.date  # relative dates resolve against it
        docs = nlp.pipe(made)
    out = []
    for article, doc in zip(articles, docs, strict=True):
        quotes, figures, events = doc._.quotes, doc._.figures, doc._.events or []
        actors = resolve_actors(doc, quotes, figures, date=article.date, events=events)
        events = [e for e in events if e.sources or e.targets]
        _display_names(quotes, figures, actors)
        stances = find_stances(doc, quotes, events, lang, date=article.date)
        out.append(Extraction(article, quotes, figures, actors, events, stances))
    return out


def _display_names(quotes: list[Any], figures: list[Any], actors: list[Any]) -> None:
    """A speaker or source resolved to a registered person is named as the registry names
    them ("le président américain" → "Joe Biden"). Bodies keep the article's wording
    ("autorités israéliennes"): their actor_id already carries the canonical identity."""
    names = {
        a.actor_id: a.name for a in actors if a.type == "person" and not a.actor_id.startswith("x:")
    }
    for q in quotes:
        if q.speaker.actor_id in names:
            q.speaker.name = names[q.speaker.actor_id]
    for f in figures:
        if f.source.actor_id in names:
            f.source.name = names[f.source.actor_id]


@cache
def _selective(lang: str) -> Any:
    from veille import nlp as nlp_module
    from veille.nlp.selective import SelectiveParser

    return SelectiveParser(nlp_module.load(lang), nlp_module.VEILLE_COMPONENTS, lang)


def clean_item(item: Article | ReadError) -> Article | ReadError:
    """Stage 1, per item and stateless (so it can run on any worker): cleaning."""
    if isinstance(item, ReadError):
        return item
    article = clean_article(item)
    if not article.text.strip():
        return ReadError(article.source, "no article text left after cleaning")
    return article


class Deduper:
    """Stage 2, in the driver and in input order: drop ids already stored or seen in this
    run, mark near-duplicates. Deterministic because the order is the input's."""

    def __init__(
        self,
        index: BandIndex,
        options: PipelineOptions,
        skip: Callable[[str], bool] = lambda _id: False,
        on_skip: Callable[[Article], None] = lambda _a: None,
    ) -> None:
        self.detector = NearDuplicateDetector(index, threshold=options.dedup_threshold)
        self.seen: set[str] = set()
        self.skip = skip
        self.on_skip = on_skip

    def observe(self, article: Article) -> tuple[list[str], bytes] | None:
        """Band keys and signature for a new article (``duplicate_of`` set); None to drop."""
        if article.id in self.seen or self.skip(article.id):
            self.on_skip(article)
            return None
        self.seen.add(article.id)
        result = self.detector.observe(article)
        article.duplicate_of = result.duplicate_of
        return result.keys, result.signature


def prepare(
    items: Iterable[Article | ReadError],
    index: BandIndex,
    options: PipelineOptions,
    skip: Callable[[str], bool] = lambda _id: False,
    on_skip: Callable[[Article], None] = lambda _a: None,
) -> Iterator[tuple[Article, list[str], bytes] | ReadError]:
    """Clean, drop what is already stored or seen in this run, mark near-duplicates."""
    dedup = Deduper(index, options, skip, on_skip)
    for item in items:
        cleaned = clean_item(item)
        if isinstance(cleaned, ReadError):
            yield cleaned
            continue
        marks = dedup.observe(cleaned)
        if marks is not None:
            yield cleaned, marks[0], marks[1]


def run(
    items: Iterable[Article | ReadError],
    index: BandIndex,
    options: PipelineOptions | None = None,
    skip: Callable[[str], bool] = lambda _id: False,
    on_skip: Callable[[Article], None] = lambda _a: None,
) -> Iterator[list[Processed | ReadError]]:
    """Batches of results in input order: each batch can be stored in one transaction.

    The engine only changes where ``extract_batch`` runs; reading, cleaning, dedup and
    batching happen here, in the driver, in input order.
    """
    from veille.engines import extractor_for

    options = options or PipelineOptions()
    prepared = prepare(items, index, options, skip, on_skip)
    batches = _batches(prepared, options.batch_size)
    with extractor_for(options) as extract:
        for batch, extractions in extract(batches, _articles):
            yield _finish(batch, extractions)


def _batches(
    items: Iterator[tuple[Article, list[str], bytes] | ReadError], size: int
) -> Iterator[list[tuple[Article, list[str], bytes] | ReadError]]:
    while batch := list(islice(items, size)):
        yield batch


def _articles(batch: list[tuple[Article, list[str], bytes] | ReadError]) -> list[Article]:
    return [item[0] for item in batch if not isinstance(item, ReadError)]


def _finish(
    batch: list[tuple[Article, list[str], bytes] | ReadError], extractions: list[Extraction]
) -> list[Processed | ReadError]:
    results = iter(extractions)
    out: list[Processed | ReadError] = []
    for item in batch:
        if isinstance(item, ReadError):
            out.append(item)
        else:
            out.append(Processed(next(results), item[1], item[2]))
    return out
