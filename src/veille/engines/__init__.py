"""Engines: where the parse-and-extract stage runs. The stages themselves are defined once,
in ``veille.pipeline``; an engine maps ``extract_batch`` over batches and gives the
results back in input order.

- ``local``: this process (``workers=1``) or a pool of spawned processes.
- ``ray_engine``: a Ray cluster; for driver-read items (``pipeline.run``) through a pool
  of Ray actors, and for files (``ray_engine.run_paths``) through Ray Data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from veille.records import Article, Extraction

B = TypeVar("B")
# extract(batches, articles_of) → (batch, extractions) pairs, in input order
Extract = Callable[
    [Iterator[Any], Callable[[Any], list[Article]]], Iterator[tuple[Any, list[Extraction]]]
]
ENGINES = ("local", "ray")


def extractor_for(options: Any) -> AbstractContextManager[Extract]:
    """The extract function of ``options.engine``, as a context manager that owns its pool."""
    if options.engine == "local":
        from veille.engines.local import local_extractor

        return local_extractor(options)
    if options.engine == "ray":
        from veille.engines.ray_engine import ray_extractor

        return ray_extractor(options)
    raise ValueError(f"unknown engine {options.engine!r} (expected one of {', '.join(ENGINES)})")
