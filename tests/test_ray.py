"""The Ray engine produces the same records as the local engine, on a real local Ray
cluster (started in-process), over the 71 FRTimeBank articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from veille.clean import MemoryBandIndex
from veille.pipeline import PipelineOptions, Processed, run
from veille.records import ReadError
from veille.sources import read_paths

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def articles_dir(shared: Path) -> Path:
    return shared / "corpus" / "frtimebank" / "articles"


def _records(batches: Any) -> list[str]:
    out = []
    for batch in batches:
        for item in batch:
            assert not isinstance(item, ReadError), item
            assert isinstance(item, Processed)
            out.append(json.dumps(item.extraction.to_contract(), ensure_ascii=False))
    return out


@pytest.fixture(scope="module")
def local_records(articles_dir: Path) -> list[str]:
    options = PipelineOptions(batch_size=16)
    return _records(run(read_paths([str(articles_dir)]), MemoryBandIndex(), options))


def test_ray_data_same_records_as_local(
    ray_cluster: None, articles_dir: Path, local_records: list[str]
) -> None:
    from veille.engines.ray_engine import expand_files, run_paths

    files, errors = expand_files([str(articles_dir)])
    assert not errors and len(files) == 71
    options = PipelineOptions(batch_size=16, workers=2, engine="ray")
    records = _records(run_paths(files, MemoryBandIndex(), options))
    assert len(records) == len(local_records) == 71
    assert records == local_records


def test_ray_actor_pool_through_pipeline_run(
    ray_cluster: None, articles_dir: Path, local_records: list[str]
) -> None:
    options = PipelineOptions(batch_size=16, workers=2, engine="ray")
    items = read_paths([str(articles_dir)])
    assert _records(run(items, MemoryBandIndex(), options)) == local_records
