"""Near-duplicate articles (syndicated dispatches, re-titled copies) by MinHash LSH.

The same agency dispatch reaches us through many sites with another headline, a sentence
changed or a paragraph cut. Counting it once per site would multiply every quote and
figure, so each article is compared with what came before and marked ``duplicate_of`` the
earliest one it near-duplicates.

Band keys and signatures go through a :class:`~veille.clean.bands.BandIndex`, so the same
detector dedupes one in-memory run or everything already in the store, without holding
the corpus in memory.

Choices, all fixed so that keys written today still match tomorrow:

- Text compared: ``article.text`` (the cleaned body), not the title: syndicated copies
  differ in headline first.
- Normalisation: casefold and split on whitespace; accents and punctuation are kept.
- Shingles: word 5-grams. A text of fewer than 9 words (fewer than 5 such shingles) uses
  shorter shingles, so that it still has about 5 of them (a 3-word text uses its words); a
  text with no words at all is never a duplicate and gets no band keys.
- MinHash: datasketch >= 2.0 with ``scheme="affine32"`` named explicitly (its default today,
  but a default may change and stored keys would silently stop matching), ``seed=1`` and
  its sha1-based 32-bit input hash, so signatures are identical across runs and machines.
  datasketch 1.x only has the older "legacy" scheme, whose values differ: not supported.
- Signature bytes: the ``num_perm`` hash values widened to little-endian uint64
  (``numpy.ndarray.astype("<u8").tobytes()``), ``8 * num_perm`` bytes.
- Bands: ``b`` bands of ``r`` rows chosen as datasketch's ``MinHashLSH`` does (minimising
  the weighted false-positive and false-negative probability mass around the threshold),
  but with weights 0.1/0.9 instead of its 0.5/0.5: every candidate is verified against its
  signature, so a false positive costs one signature lookup while a false negative loses a
  duplicate. With 0.5/0.5 (b=9, r=13) a pair at Jaccard 0.84 shares a band only 63% of the
  time; with 0.1/0.9 (b=14, r=9 for 0.8 and 128 permutations) 96%, and 99.9% at 0.9, while
  pairs at 0.5 still become candidates only 3% of the time. Key ``f"{band_no}:{hex}"``
  where hex is a 96-bit BLAKE2b digest of the band's bytes, so a database can index it as
  text. Changing threshold, num_perm or weights changes every key: a store must be
  re-indexed with the new setting.
- Verification: every LSH candidate is checked with the Jaccard similarity estimated from
  the two signatures; the earliest candidate reaching the threshold wins.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash

from veille.clean.bands import BandIndex
from veille.records import Article

SHINGLE_WORDS = 5
MIN_SHINGLES = 5
SEED = 1
SCHEME = "affine32"
_SIG_DTYPE = np.dtype("<u8")
_INTEGRATION_STEPS = 200
FALSE_POSITIVE_WEIGHT = 0.1
FALSE_NEGATIVE_WEIGHT = 0.9


@dataclass(frozen=True, slots=True)
class DedupResult:
    """What :meth:`NearDuplicateDetector.check` found, ready for :meth:`remember`."""

    duplicate_of: str | None
    keys: list[str]
    signature: bytes
    similarity: float | None = None


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of the casefolded text; shorter n-grams for texts too short for ``size``."""
    words = text.casefold().split()
    if not words:
        return set()
    n = max(1, min(size, len(words) - MIN_SHINGLES + 1))
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def signature_to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues).astype(_SIG_DTYPE).tobytes()


def minhash_from_bytes(data: bytes, seed: int = SEED) -> MinHash:
    """Rebuild a MinHash from stored bytes (the permutations are regenerated from the seed)."""
    values = np.frombuffer(data, dtype=_SIG_DTYPE)
    return new_minhash(len(values), seed=seed, hashvalues=values)


def new_minhash(num_perm: int, seed: int = SEED, hashvalues: np.ndarray | None = None) -> MinHash:
    """A MinHash with the pinned scheme (the one place that knows datasketch's options)."""
    return MinHash(num_perm=num_perm, seed=seed, hashvalues=hashvalues, scheme=SCHEME)


def _collision_mass(threshold: float, b: int, r: int, above: bool) -> float:
    """Integral of the miss (above) or hit (below) probability of a b×r banding."""
    lo, hi = (threshold, 1.0) if above else (0.0, threshold)
    s = np.linspace(lo, hi, _INTEGRATION_STEPS + 1)
    hit = 1.0 - (1.0 - s**r) ** b
    y = 1.0 - hit if above else hit
    return float(np.sum((y[1:] + y[:-1]) * np.diff(s)) / 2.0)


@cache
def optimal_bands(
    threshold: float,
    num_perm: int,
    false_positive_weight: float = FALSE_POSITIVE_WEIGHT,
    false_negative_weight: float = FALSE_NEGATIVE_WEIGHT,
) -> tuple[int, int]:
    """(bands, rows) as datasketch's MinHashLSH picks them for the same weights.

    Computed here rather than through datasketch's private helper so that key layout does
    not change under us with a datasketch release.
    """
    best, best_error = (1, num_perm), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = _collision_mass(threshold, b, r, above=False)
            fn = _collision_mass(threshold, b, r, above=True)
            error = false_positive_weight * fp + false_negative_weight * fn
            if error < best_error:
                best, best_error = (b, r), error
    return best


class NearDuplicateDetector:
    """Marks an article as the near-duplicate of the earliest indexed one it matches.

    ``check`` only reads the index; ``remember`` writes to it. The caller decides what to
    remember (typically every article, duplicates included, so that ids stay resolvable).
    """

    def __init__(self, index: BandIndex, threshold: float = 0.8, num_perm: int = 128) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.index = index
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = optimal_bands(threshold, num_perm)

    def minhash(self, text: str) -> MinHash | None:
        """The text's MinHash, or None when it has no words to compare."""
        grams = shingles(text)
        if not grams:
            return None
        m = new_minhash(self.num_perm)
        m.update_batch([g.encode("utf-8") for g in sorted(grams)])
        return m

    def band_keys(self, minhash: MinHash) -> list[str]:
        values = np.asarray(minhash.hashvalues).astype(_SIG_DTYPE)
        keys = []
        for band in range(self.bands):
            chunk = values[band * self.rows : (band + 1) * self.rows].tobytes()
            keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=12).hexdigest()}")
        return keys

    def check(self, article: Article) -> DedupResult:
        """Earliest indexed article (other than this one) at or above the threshold."""
        m = self.minhash(article.text)
        if m is None:
            return DedupResult(None, [], b"")
        keys = self.band_keys(m)
        for candidate in self.index.candidates(keys):
            if candidate == article.id:
                continue
            similarity = self._similarity(m, candidate)
            if similarity is not None and similarity >= self.threshold:
                return DedupResult(candidate, keys, signature_to_bytes(m), similarity)
        return DedupResult(None, keys, signature_to_bytes(m))

    def _similarity(self, minhash: MinHash, candidate: str) -> float | None:
        """Estimated Jaccard with a stored signature; None if missing or of another size."""
        stored = self.index.signature(candidate)
        if not stored or len(stored) != self.num_perm * _SIG_DTYPE.itemsize:
            return None
        return float(minhash.jaccard(minhash_from_bytes(stored)))

    def remember(self, article_id: str, result: DedupResult) -> None:
        """Index an article's bands; texts without words are not indexed."""
        if result.keys:
            self.index.add_bands(article_id, result.keys, result.signature)

    def observe(self, article: Article) -> DedupResult:
        """check, then remember: the usual single-pass use."""
        result = self.check(article)
        self.remember(article.id, result)
        return result
