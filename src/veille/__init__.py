"""veille: an evidence-backed record of a news story, from a stream of dated articles.

Python API: ``veille.extract(text, date=...)`` returns the same record as
``veille extract`` prints; ``veille.open_store(path_or_url)`` opens a store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "extract", "extract_articles", "open_store"]

if TYPE_CHECKING:
    from veille.api import extract, extract_articles
    from veille.store import open_store


def __getattr__(name: str) -> Any:
    """Import lazily, so that ``import veille`` stays fast and model-free."""
    if name in {"extract", "extract_articles"}:
        from veille import api

        return getattr(api, name)
    if name == "open_store":
        from veille.store import open_store

        return open_store
    raise AttributeError(f"module 'veille' has no attribute {name!r}")
