"""The Ray engine: the same stages as ``veille.pipeline``, on a Ray cluster.

Two entry points:

- ``ray_extractor`` (used by ``pipeline.run`` when ``options.engine == "ray"``): the driver
  reads, cleans and dedups as for the local engine and ships batches to a pool of Ray
  actors; at most ``2 × workers`` batches are in flight and results come back in order.
- ``run_paths`` (``veille ingest --engine ray``): Ray Data does the reading too. One row
  per file → a generator stage reads each file with veille's own readers (folders, text,
  HTML, JSONL, CSV, Parquet, WARC; streamed, so a large WARC never sits whole in memory)
  → an actor pool (``map_batches`` with a class: the model is loaded once per actor in
  ``__init__``) cleans and extracts each batch through ``nlp.pipe``. Files must be
  readable at the same path on every node (shared file system), and veille must be
  installed on the nodes.

Dedup runs in the driver *after* extraction, over the ordered results
(``preserve_order``): skipping ids already stored or seen, then near-duplicate marking,
exactly as ``pipeline.prepare`` does before extraction in the local engine. Extraction
does not depend on ``duplicate_of``, so both engines produce identical records; the cost
is that articles already stored are parsed again before being dropped, which resuming
by file (``veille.engines.resume``) keeps small.
"""

from __future__ import annotations

import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from veille.clean import BandIndex
from veille.records import Article, Extraction, ReadError

READ_CPUS = 0.5
READ_CHUNK = 32  # articles per output batch of the reading stage
BLOCK_BYTES = 64 << 10  # below one batch of pickled articles: one batch per block


def init_ray(address: str | None) -> Any:
    """Connect to ``address`` ("auto", "ray://host:10001"), or start a local Ray instance."""
    import ray

    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=os.cpu_count() or 1, include_dashboard=False, log_to_driver=False)
    return ray


def _actor_cpus(ray: Any, workers: int) -> float:
    """CPUs per actor: one each when the cluster has room beside the reading tasks, else
    an equal share of what is left (a 2-CPU machine still runs 2 actors and a reader)."""
    total = float(ray.cluster_resources().get("CPU", 1.0))
    return max(0.1, min(1.0, (total - READ_CPUS) / max(1, workers)))


class ExtractActor:
    """One model per actor, loaded in ``__init__``; each call cleans and extracts a batch."""

    def __init__(self, lang: str = "fr", selective: bool = False) -> None:
        import logging

        from veille import nlp as nlp_module
        from veille.pipeline import _selective

        for name in ("trafilatura", "htmldate", "courlan"):
            logging.getLogger(name).setLevel(logging.ERROR)
        self.lang = lang
        self.selective = selective
        nlp_module.load(lang)
        if selective:
            _selective(lang)

    def extract(self, articles: list[Article]) -> list[Extraction]:
        from veille.pipeline import extract_batch

        return extract_batch(articles, self.lang, self.selective)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Ray Data batch of pickled read items → pickled ``Extraction`` or ``ReadError``."""
        from veille.pipeline import clean_item

        cleaned = [clean_item(pickle.loads(b)) for b in batch["payload"]]
        articles = [c for c in cleaned if isinstance(c, Article)]
        done = iter(self.extract(articles))
        out = [pickle.dumps(next(done) if isinstance(c, Article) else c) for c in cleaned]
        return {"payload": _objects(out)}


@contextmanager
def ray_extractor(options: Any) -> Iterator[Any]:
    """``extract(batches, articles_of)`` over a pool of Ray actors, results in order."""
    ray = init_ray(options.address)
    workers = max(1, options.workers)
    remote = ray.remote(num_cpus=_actor_cpus(ray, workers))(ExtractActor)
    actors = [remote.remote(options.lang, options.selective) for _ in range(workers)]

    def extract(
        batches: Iterator[Any], articles_of: Callable[[Any], list[Article]]
    ) -> Iterator[tuple[Any, list[Extraction]]]:
        inflight: deque[tuple[Any, Any]] = deque()
        for k, batch in enumerate(batches):
            inflight.append((batch, actors[k % workers].extract.remote(articles_of(batch))))
            if len(inflight) >= 2 * workers:
                done, ref = inflight.popleft()
                yield done, ray.get(ref)
        while inflight:
            done, ref = inflight.popleft()
            yield done, ray.get(ref)

    try:
        yield extract
    finally:
        for actor in actors:
            ray.kill(actor)


def read_file_rows(batch: dict[str, np.ndarray], read_options: Any) -> Iterator[dict[str, Any]]:
    """Ray Data stage: file paths → pickled read items, streamed in small chunks."""
    from veille.sources import read_input
    from veille.sources.base import Input

    for path in batch["path"]:
        items = read_input(Input(str(path), path=Path(str(path))), read_options)
        while chunk := list(islice(items, READ_CHUNK)):
            yield {"payload": _objects([pickle.dumps(i) for i in chunk])}


def run_paths(
    files: list[str],
    index: BandIndex,
    options: Any,
    read_options: Any = None,
    skip: Callable[[str], bool] = lambda _id: False,
    on_skip: Callable[[Article], None] = lambda _a: None,
) -> Iterator[list[Any]]:
    """Batches of ``Processed | ReadError`` in input order, like ``pipeline.run``, for
    files read on the cluster (``files``: paths in reading order, as ``sources.paths``
    expands them)."""
    from veille.pipeline import Deduper, Processed
    from veille.sources import ReadOptions

    if not files:
        return
    init_ray(options.address)
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    # Small blocks: a block goes to one actor, and one file's articles in one block
    # would be parsed by one actor while the others wait.
    ctx.target_max_block_size = BLOCK_BYTES
    # Ray Data otherwise reserves half the cluster for the (light) reading stage, and on a
    # small cluster the pool then starts fewer actors than asked.
    ctx.op_resource_reservation_enabled = False
    # An actor takes one batch (+1 prefetched), so a late-starting actor still finds work.
    ctx.max_tasks_in_flight_per_actor = 2
    workers = max(1, options.workers)
    ds = (
        ray.data.from_items([{"path": f} for f in files], override_num_blocks=len(files))
        .map_batches(
            read_file_rows,  # type: ignore[arg-type]  # fn_kwargs supplies read_options
            batch_size=1,
            fn_kwargs={"read_options": read_options or ReadOptions()},
            num_cpus=READ_CPUS,
            # One reader at a time: reading is cheap next to parsing, and a reading task
            # lives as long as its file, holding CPUs an actor would otherwise wait for.
            compute=ray.data.TaskPoolStrategy(size=1),
        )
        .map_batches(
            ExtractActor,
            batch_size=options.batch_size,
            fn_constructor_kwargs={"lang": options.lang, "selective": options.selective},
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=_actor_cpus(ray, workers),
        )
    )
    dedup = Deduper(index, options, skip, on_skip)
    for batch in ds.iter_batches(batch_size=options.batch_size, batch_format="numpy"):
        out: list[Any] = []
        for payload in batch["payload"]:
            item = pickle.loads(payload)
            if isinstance(item, ReadError):
                out.append(item)
                continue
            marks = dedup.observe(item.article)
            if marks is not None:
                out.append(Processed(item, marks[0], marks[1]))
        yield out


def expand_files(paths: Iterable[str]) -> tuple[list[str], list[ReadError]]:
    """Files to read, in the local engine's order, and errors for paths leading nowhere
    (stdin cannot be read by a cluster)."""
    from veille.sources.paths import expand

    files: list[str] = []
    errors: list[ReadError] = []
    for found in expand(paths):
        if isinstance(found, ReadError):
            errors.append(found)
        elif isinstance(found, Path):
            files.append(str(found))
        else:
            errors.append(ReadError("<stdin>", "the ray engine reads files, not stdin"))
    return files, errors


def _objects(values: list[bytes]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
