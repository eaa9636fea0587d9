"""The local engine: ``extract_batch`` in this process, or in a pool of spawned processes.

With ``workers > 1`` each process loads the model once (on its first batch); at most
``2 × workers`` batches are in flight, so memory stays flat whatever the corpus size,
and results are yielded in submission order.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from veille.records import Article, Extraction


@contextmanager
def local_extractor(options: Any) -> Iterator[Any]:
    from veille.pipeline import extract_batch

    if options.workers <= 1:

        def serial(
            batches: Iterator[Any], articles_of: Callable[[Any], list[Article]]
        ) -> Iterator[tuple[Any, list[Extraction]]]:
            for batch in batches:
                yield batch, extract_batch(articles_of(batch), options.lang, options.selective)

        yield serial
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(options.workers, mp_context=ctx) as pool:

        def pooled(
            batches: Iterator[Any], articles_of: Callable[[Any], list[Article]]
        ) -> Iterator[tuple[Any, list[Extraction]]]:
            inflight: deque[tuple[Any, Future[list[Extraction]]]] = deque()
            for batch in batches:
                future = pool.submit(
                    extract_batch, articles_of(batch), options.lang, options.selective
                )
                inflight.append((batch, future))
                if len(inflight) >= options.workers * 2:
                    done, oldest = inflight.popleft()
                    yield done, oldest.result()
            while inflight:
                done, oldest = inflight.popleft()
                yield done, oldest.result()

        yield pooled
