"""Perceptual hashes of covers, for IMAGE_COVER_REUSED (4.2(2) 封面图不得重复使用).

The hash is imagehash's pHash (a 64-bit DCT hash) written as 16 hex digits; two covers are "the same
picture" when few of the 64 bits differ. Measured on generated photos: re-encoding (JPEG q50) and
resizing (½×, 2×) give distance 0–2, a 5–10% crop 2–14, unrelated pictures 22–40 (median 32).

For the indexed store on the Django side:

- ``CoverIndex``: an exact in-memory search (numpy XOR + popcount over every stored hash: about
  0.07 ms at 100k covers), keyed by post; load it from the database in the worker.
- ``phash_band_keys(h)``: the hash cut into 4 bands of 16 bits, for a table of (band key → post)
  when a database lookup is wanted instead: any stored hash within distance 3 shares at least one band
  (pigeonhole), so it finds every re-encoded or resized copy; verify candidates with ``phash_distance``.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from .imaging import prepare
from .uploads import decode_for_checks

HASH_HEX_DIGITS = 16
DEFAULT_BANDS = 4


def hash_small_copy(rgb: np.ndarray) -> str:
    """pHash of an image's reduced copy (``Prepared.small``)."""
    import imagehash  # pulls in scipy: loaded on first use, not at import of the rule engine

    return str(imagehash.phash(Image.fromarray(rgb)))


def cover_phash(data: bytes, *, name: str = "封面图") -> str:
    """The hash ``check_post`` stores in ``ctx.cache["cover_phash"]`` for this image.
    Raises ``uploads.ImageRejected`` for an image that cannot be decoded."""
    return hash_small_copy(prepare(decode_for_checks(data, name=name)).small)


def phash_distance(a: str, b: str) -> int:
    """Number of differing bits between two hashes (Hamming distance, 0–64)."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def phash_band_keys(h: str, bands: int = DEFAULT_BANDS) -> list[str]:
    """Bucket keys "band:hex" of a hash; hashes within distance ``bands - 1`` share a key."""
    if len(h) != HASH_HEX_DIGITS or HASH_HEX_DIGITS % bands:
        raise ValueError(f"expected a {HASH_HEX_DIGITS}-digit hash and a band count dividing it: {h!r}, {bands}")
    width = HASH_HEX_DIGITS // bands
    return [f"{i}:{h[i * width:(i + 1) * width]}" for i in range(bands)]


class CoverIndex:
    """Covers seen before: (post_key, author_username, hash), searched exhaustively."""

    def __init__(self) -> None:
        self._keys: list[tuple[str, str]] = []
        self._hashes = np.empty(0, np.uint64)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, post_key: str, author: str, h: str) -> None:
        self._keys.append((post_key, author))
        self._hashes = np.append(self._hashes, np.uint64(int(h, 16)))

    def extend(self, rows) -> None:
        """Bulk load (post_key, author, hash) rows, e.g. from the database at worker start."""
        rows = list(rows)
        self._keys.extend((key, author) for key, author, _ in rows)
        new = np.array([int(h, 16) for _, _, h in rows], np.uint64)
        self._hashes = np.concatenate([self._hashes, new])

    def similar(self, h: str, *, max_distance: int) -> list[tuple[str, str, int]]:
        """(post_key, author, distance) of the stored covers within ``max_distance``, nearest first."""
        if not self._keys:
            return []
        distances = np.bitwise_count(self._hashes ^ np.uint64(int(h, 16)))
        hits = np.flatnonzero(distances <= max_distance)
        found = [(*self._keys[i], int(distances[i])) for i in hits]
        return sorted(found, key=lambda row: row[2])
