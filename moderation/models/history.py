"""Indexes of earlier posts for the history-aware rules (4.2(2) reused covers, 4.2(3) duplicates and
plagiarism, off-domain posting), in the database so that every worker on every machine sees them.

One row per scored revision, written by ``history_index.index_revision`` in the transaction that
stores the revision's findings. Lookups go through the band tables' indexes, never a scan:

- ``SignatureBand``: the 25 LSH band keys of a body's MinHash (checks/history.py); posts sharing a key
  are candidates, verified with the Jaccard estimate of the stored signatures.
- ``CoverHashBand``: the cover's 64-bit pHash cut into 4 bands of 16 bits (checks/phash.py); a query
  probes every band value within 2 bits (multi-index hashing), so no cover within distance 11 is
  missed, and the index holds the hash itself, so candidates are verified without reading rows.
"""
from django.db import models

from authors.models import Author

from .posts import Post, Revision

__all__ = ["CoverHash", "CoverHashBand", "PostSignature", "SignatureBand"]


class IndexedRevision(models.Model):
    """One scored revision in an index; post and author are copied from it to filter without joins."""

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PostSignature(IndexedRevision):
    """A scored revision's body: MinHash signature and the category its words name."""

    # 528 bytes (checks.history.signature_to_bytes); null when the body is too short to compare.
    signature = models.BinaryField(null=True)
    category = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["author", "post"], name="postsig_author_post")]

    def __str__(self):
        return f"signature of revision {self.revision_id}"


class SignatureBand(models.Model):
    band_key = models.CharField(max_length=24)  # "07:3fa2…" (band number, 16 hex digits)
    signature = models.ForeignKey(PostSignature, on_delete=models.CASCADE, related_name="bands")

    class Meta:
        # (band_key, signature): the lookup reads the index alone on PostgreSQL.
        indexes = [models.Index(fields=["band_key", "signature"], name="sigband_key")]


class CoverHash(IndexedRevision):
    """A scored revision's cover: its perceptual hash (16 hex digits)."""

    phash = models.CharField(max_length=16)

    def __str__(self):
        return f"cover of revision {self.revision_id}: {self.phash}"


class CoverHashBand(models.Model):
    band_key = models.CharField(max_length=8)  # "2:9f0c" (band number, 4 hex digits)
    cover = models.ForeignKey(CoverHash, on_delete=models.CASCADE, related_name="bands")
    # The cover's hash again: a probe matches ~800 random candidates at 100k covers, so the distances
    # are computed from the index alone, and only the few matches are read from CoverHash.
    phash = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["band_key", "phash", "cover"], name="coverband_key_hash")]
