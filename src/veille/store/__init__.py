"""Storage: SQLite by default, PostgreSQL by URL, through the same SQLAlchemy Core code."""

from veille.store.errors import StoreError
from veille.store.migrations import LATEST as SCHEMA_VERSION
from veille.store.store import Item, Store, open_store

__all__ = ["SCHEMA_VERSION", "Item", "Store", "StoreError", "open_store"]
