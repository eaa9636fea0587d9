"""What every endpoint shares: the store, paging, date checks and a small cache.

Paging is limit/offset over totally ordered queries (stable across pages). Listing
endpoints fetch one row more than asked to say whether a next page exists without a
COUNT over the whole table; search also reports its total.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request
from sqlalchemy.engine import Connection

from veille.interfaces.api.errors import ApiError
from veille.store import Store
from veille.store.browse import check_date, data_version
from veille.store.engine import reading
from veille.store.errors import StoreError

MAX_LIMIT = 200
T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
DateParam = Annotated[
    str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive, at that precision).")
]


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@contextmanager
def read(request: Request) -> Iterator[Connection]:
    """A read transaction on the app's store."""
    with reading(store_of(request).engine) as conn:
        yield conn


def check_dates(**dates: str | None) -> None:
    """400 with the parameter named if a date is malformed or impossible."""
    for name, value in dates.items():
        try:
            check_date(value, name)
        except StoreError as exc:
            raise ApiError(400, str(exc)) from None


def page(items: list[dict[str, Any]], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    """The paging envelope; ``items`` holds up to limit + 1 rows (the extra one says 'more')."""
    more = len(items) > limit
    return {
        "items": items[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
        **extra,
    }


class VersionedCache:
    """Results of whole-store aggregates, kept until an ingest adds articles.

    Keys include the store's data version, so new articles simply make old entries
    unreachable; the LRU bound keeps memory flat.
    """

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, conn: Connection, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        full = (data_version(conn), *key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                value: T = self._items[full]
                return value
        value = compute()
        with self._lock:
            self._items[full] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def cache_of(request: Request) -> VersionedCache:
    cache: VersionedCache = request.app.state.cache
    return cache
