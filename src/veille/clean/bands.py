"""Where near-duplicate LSH band keys live: in memory for one run, or in the store.

Keeping the band table behind this small protocol lets ``veille extract`` dedupe inside
one run and ``veille ingest`` dedupe against everything already stored, without holding
the whole corpus in memory.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol


class BandIndex(Protocol):
    def candidates(self, keys: list[str]) -> list[str]:
        """Ids of stored articles sharing at least one band key, oldest first."""
        ...

    def signature(self, article_id: str) -> bytes | None:
        """The stored MinHash signature of an article (for Jaccard verification)."""
        ...

    def add_bands(self, article_id: str, keys: list[str], signature: bytes) -> None:
        """Remember an article's band keys and signature."""
        ...


class MemoryBandIndex:
    """BandIndex for a single in-memory run (``veille extract``)."""

    def __init__(self) -> None:
        self._bands: dict[str, list[str]] = defaultdict(list)
        self._sigs: dict[str, bytes] = {}
        self._order: dict[str, int] = {}

    def candidates(self, keys: list[str]) -> list[str]:
        found = {aid for k in keys for aid in self._bands.get(k, ())}
        return sorted(found, key=self._order.__getitem__)

    def signature(self, article_id: str) -> bytes | None:
        return self._sigs.get(article_id)

    def add_bands(self, article_id: str, keys: list[str], signature: bytes) -> None:
        if article_id in self._sigs:
            return
        self._order[article_id] = len(self._order)
        self._sigs[article_id] = signature
        for k in keys:
            self._bands[k].append(article_id)
