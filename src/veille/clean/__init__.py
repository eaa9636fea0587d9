"""Cleaning: page furniture and repeated teasers out of the text, near-duplicates marked."""

from veille.clean.bands import BandIndex, MemoryBandIndex
from veille.clean.boilerplate import clean_article, clean_text, is_furniture, repeated_headline
from veille.clean.dedup import (
    DedupResult,
    NearDuplicateDetector,
    minhash_from_bytes,
    optimal_bands,
    signature_to_bytes,
)

__all__ = [
    "BandIndex",
    "DedupResult",
    "MemoryBandIndex",
    "NearDuplicateDetector",
    "clean_article",
    "clean_text",
    "is_furniture",
    "minhash_from_bytes",
    "optimal_bands",
    "repeated_headline",
    "signature_to_bytes",
]
