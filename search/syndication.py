"""Syndicated copies: the same wire story published by several outlets.

Each article body gets a MinHash signature of its word 5-shingles; locality-
sensitive hashing (bands of the signature) finds candidate copies among the
documents already indexed, and a candidate whose estimated resemblance is at
least THRESHOLD joins its cluster. store.py keeps signatures and bands.
"""
from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 64
BANDS = 16                      # 16 bands of 4 rows: candidates from ~50% resemblance
ROWS = NUM_PERM // BANDS
#: Estimated Jaccard resemblance of shingle sets from which two bodies are copies.
THRESHOLD = 0.7
#: Bodies with fewer words are not clustered (too little to tell copies from look-alikes).
MIN_WORDS = 25

_PRIME = (1 << 61) - 1
_PRIME_U = np.uint64(_PRIME)
_rng = np.random.default_rng(20240611)
_A = _rng.integers(1, 1 << 29, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 29, NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def signature(body: str) -> bytes | None:
    """The MinHash signature of a body (NUM_PERM uint32s), or None for a short body."""
    words = _WORD.findall(body.lower())
    if len(words) < MIN_WORDS:
        return None
    # the shingles: each run of SHINGLE_WORDS words, joined by spaces (built in C: zip, map)
    shingles = set(map(" ".join, zip(*(words[k:] for k in range(SHINGLE_WORDS)))))
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, shingles)), dtype=np.uint64, count=len(shingles))
    # (a * h + b) mod the Mersenne prime 2^61 - 1: h < 2^32 and a, b < 2^29, so the sum is
    # below 2 * _PRIME, and the remainder is the sum less _PRIME where it reaches _PRIME
    # (the same values as %, which is several times slower on uint64)
    x = hashes[None, :] * _A[:, None] + _B[:, None]
    x -= _PRIME_U * (x >= _PRIME_U)
    mins = x.min(axis=1)
    return (mins & 0xFFFFFFFF).astype(np.uint32).tobytes()


def bands(sig: bytes) -> list[int]:
    """The LSH band keys of a signature (signed 64-bit integers, for SQLite)."""
    keys = []
    for b in range(BANDS):
        chunk = sig[b * ROWS * 4:(b + 1) * ROWS * 4]
        digest = hashlib.blake2b(bytes([b]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def resemblance(a: bytes, b: bytes) -> float:
    """Estimated Jaccard resemblance of the shingle sets behind two signatures."""
    return float(np.mean(np.frombuffer(a, np.uint32) == np.frombuffer(b, np.uint32)))
