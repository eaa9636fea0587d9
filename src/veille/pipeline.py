"""The pipeline: a stream of articles in, a stream of extractions out.

read → clean → skip already stored → near-duplicates → parse and extract in batches
(``nlp.pipe``) → actors. Everything is a generator, so memory stays flat in corpus
size; the model is loaded once per process. With ``workers > 1`` the parse-and-extract
stage runs in a pool of processes, each loading the model once, while reading, dedup
and writing stay in the main process in input order (so results are deterministic).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from veille.actors import resolve_actors
from veille.clean import BandIndex, MemoryBandIndex, NearDuplicateDetector, clean_article
from veille.records import Article, Extraction, ReadError


@dataclass(slots=True)
class PipelineOptions:
    lang: str = "fr"
    batch_size: int = 32
    workers: int = 1
    dedup_threshold: float = 0.8


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


def extract_batch(articles: list[Article], lang: str = "fr") -> list[Extraction]:
    """Parse and extract a batch with this process's model (loaded on first use)."""
    from veille import nlp as nlp_module

    nlp = nlp_module.load(lang)
    out = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        quotes, figures = doc._.quotes, doc._.figures
        actors = resolve_actors(doc, quotes, figures)
        out.append(Extraction(article, quotes, figures, actors, []))
    return out


def prepare(
    items: Iterable[Article | ReadError],
    index: BandIndex,
    options: PipelineOptions,
    skip: Callable[[str], bool] = lambda _id: False,
    on_skip: Callable[[Article], None] = lambda _a: None,
) -> Iterator[tuple[Article, list[str], bytes] | ReadError]:
    """Clean, drop what is already stored or seen in this run, mark near-duplicates."""
    detector = NearDuplicateDetector(index, threshold=options.dedup_threshold)
    seen: set[str] = set()
    for item in items:
        if isinstance(item, ReadError):
            yield item
            continue
        article = clean_article(item)
        if not article.text.strip():
            yield ReadError(article.source, "no article text left after cleaning")
            continue
        if article.id in seen or skip(article.id):
            on_skip(article)
            continue
        seen.add(article.id)
        result = detector.observe(article)
        article.duplicate_of = result.duplicate_of
        yield article, result.keys, result.signature


def run(
    items: Iterable[Article | ReadError],
    index: BandIndex,
    options: PipelineOptions | None = None,
    skip: Callable[[str], bool] = lambda _id: False,
    on_skip: Callable[[Article], None] = lambda _a: None,
) -> Iterator[list[Processed | ReadError]]:
    """Batches of results in input order: each batch can be stored in one transaction."""
    options = options or PipelineOptions()
    prepared = prepare(items, index, options, skip, on_skip)
    batches = _batches(prepared, options.batch_size)
    if options.workers <= 1:
        for batch in batches:
            yield _finish(batch, extract_batch(_articles(batch), options.lang))
        return
    yield from _run_pool(batches, options)


def _run_pool(
    batches: Iterator[list[tuple[Article, list[str], bytes] | ReadError]], options: PipelineOptions
) -> Iterator[list[Processed | ReadError]]:
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(options.workers, mp_context=ctx) as pool:
        inflight: deque[
            tuple[list[tuple[Article, list[str], bytes] | ReadError], Future[list[Extraction]]]
        ] = deque()
        for batch in batches:
            inflight.append((batch, pool.submit(extract_batch, _articles(batch), options.lang)))
            if len(inflight) >= options.workers * 2:
                done, future = inflight.popleft()
                yield _finish(done, future.result())
        while inflight:
            done, future = inflight.popleft()
            yield _finish(done, future.result())


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
