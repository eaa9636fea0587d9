"""The one exception the store raises, so callers need not know SQLAlchemy or drivers."""

from __future__ import annotations


class StoreError(Exception):
    """The database could not be opened, migrated, read or written; the message says why."""
