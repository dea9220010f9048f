"""History seen by the history-aware rules (duplicates, plagiarism, reused covers, off-domain),
kept in the database so every worker on every machine sees the same index (models/history.py).

``index_revision`` adds a scored revision, inside the transaction that stores its findings;
``DatabaseHistory`` answers the engine's History protocol with indexed band lookups, then verifies the
few candidates in Python: Jaccard of the MinHash signatures, Hamming distance of the cover hashes.
A post is never compared with itself: the history of a check leaves out every revision of its post.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations

from django.db import transaction
from django.db.models import Lookup

from .checks import AuthorInfo, CheckContext
from .checks.history import (
    MIN_CHARS_TO_COMPARE, lsh_band_keys, post_category_of, signature_from_bytes, signature_to_bytes,
    text_signature,
)
from .checks.phash import DEFAULT_BANDS, HASH_HEX_DIGITS, hash_small_copy, phash_band_keys
from .checks.pictures import measurable
from .checks.text import body_length, body_text
from .models import CoverHash, CoverHashBand, PostSignature, SignatureBand

# A hash of 4 bands within distance d has a band within d // 4 bits of the stored one (pigeonhole),
# so probing every band value within 2 flipped bits finds every cover within distance 11.
MAX_PROBE_FLIPS = 2
BAND_BITS = HASH_HEX_DIGITS * 4 // DEFAULT_BANDS
# Candidates verified per query at most, newest first: a body copied thousands of times (spam) must
# not load thousands of signatures; a few hundred matches say enough.
MAX_CANDIDATES = 500
# Cover probes match about 800 random (band, hash) rows at 100k covers, read from the index alone;
# the cap only guards against one picture (a platform's default cover) used on everything.
MAX_COVER_CANDIDATES = 20_000


class AnyOf(Lookup):
    """``band_key__any_of=[...]``: ``band_key = ANY(%s)`` with the keys as one array parameter on
    PostgreSQL, ``IN (...)`` elsewhere. A cover lookup probes 548 keys: as 548 placeholders PostgreSQL
    parses and plans the list in about 5 ms a query, as one array in 0.7 ms (measured on the pipeline
    bench's database)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [str(v) for v in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, values)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)


for _model in (CoverHashBand, SignatureBand):
    _model._meta.get_field("band_key").register_lookup(AnyOf)


def post_key(post_id: int) -> str:
    """How a finding names an earlier post: 与你之前提交的文章（#123）."""
    return f"#{post_id}"


@lru_cache(maxsize=None)
def _flip_masks(flips: int) -> tuple[int, ...]:
    return tuple(sum(1 << bit for bit in bits) for n in range(flips + 1) for bits in combinations(range(BAND_BITS), n))


def cover_probe_keys(phash: str, max_distance: int) -> list[str]:
    """The band keys of every hash whose nearest band is within the probed bits of ``phash``'s
    (548 keys for the rule's distance 10)."""
    masks = _flip_masks(min(max_distance // DEFAULT_BANDS, MAX_PROBE_FLIPS))
    keys = []
    for band, key in enumerate(phash_band_keys(phash.lower())):
        value = int(key.split(":", 1)[1], 16)
        keys.extend(f"{band}:{value ^ mask:0{BAND_BITS // 4}x}" for mask in masks)
    return keys


class DatabaseHistory:
    """The History protocol over the database indexes; ``exclude_post_id``: the post being checked."""

    def __init__(self, *, exclude_post_id: int | None = None):
        self.exclude_post_id = exclude_post_id

    def _others(self, queryset):
        return queryset.exclude(post_id=self.exclude_post_id) if self.exclude_post_id else queryset

    def similar_posts(self, signature, *, threshold):
        """Posts sharing an LSH band with ``signature`` (reliable from a similarity of 0.5 up), whose
        Jaccard estimate reaches ``threshold``: (post_key, author_username, similarity), best first."""
        candidates = list(SignatureBand.objects.filter(band_key__any_of=lsh_band_keys(signature))
                          .values_list("signature_id", flat=True).distinct().order_by("-signature_id")[:MAX_CANDIDATES])
        if not candidates:
            return []
        rows = self._others(PostSignature.objects.filter(pk__in=candidates))
        best: dict[int, tuple[str, float]] = {}
        for post_id, username, data in rows.values_list("post_id", "author__user__username", "signature"):
            similarity = signature.jaccard(signature_from_bytes(bytes(data)))
            if similarity >= threshold and similarity > best.get(post_id, ("", -1.0))[1]:
                best[post_id] = (username, similarity)
        return sorted(((post_key(p), u, s) for p, (u, s) in best.items()), key=lambda m: -m[2])

    def similar_covers(self, phash, *, max_distance):
        """Covers within ``max_distance`` bits of ``phash`` (every one up to distance 11):
        (post_key, author_username, distance), nearest first."""
        value = int(phash, 16)
        probes = CoverHashBand.objects.filter(band_key__any_of=cover_probe_keys(phash, max_distance))
        distances = {cover_id: (value ^ int(other, 16)).bit_count()
                     for other, cover_id in probes.values_list("phash", "cover_id")[:MAX_COVER_CANDIDATES]}
        near = [cover_id for cover_id, distance in distances.items() if distance <= max_distance]
        if not near:
            return []
        rows = self._others(CoverHash.objects.filter(pk__in=near))
        best: dict[int, tuple[str, int]] = {}
        for cover_id, post_id, username in rows.values_list("pk", "post_id", "author__user__username"):
            if distances[cover_id] < best.get(post_id, ("", 65))[1]:
                best[post_id] = (username, distances[cover_id])
        return sorted(((post_key(p), u, d) for p, (u, d) in best.items()), key=lambda m: m[2])

    def author_posts_categories(self, username):
        """The category of each earlier post of the author (its latest indexed revision), where known."""
        rows = self._others(PostSignature.objects.filter(author__user__username=username))
        latest = dict(rows.order_by("revision_id").values_list("post_id", "category"))
        return [category for category in latest.values() if category]


def index_revision(post, revision, ctx: CheckContext, *, replace: bool = True) -> None:
    """Add a scored revision to the indexes, replacing what an earlier scoring of it left
    (``replace=False``: the caller knows it left nothing, and two reads are saved).

    Reads what the check left in ``ctx.cache`` (signature, category, cover_phash) and computes the
    text parts that are missing (rebuild_history_index passes a fresh context)."""
    document = revision.document
    signature = ctx.cache.get("signature")
    if signature is None:
        signature = ctx.cache["signature"] = text_signature(body_text(ctx, document))
    comparable = body_length(ctx, document) >= MIN_CHARS_TO_COMPARE
    category = post_category_of(document, ctx) or ""
    phash = ctx.cache.get("cover_phash")
    # No savepoint inside the scoring job's transaction: an error here rolls the whole job back anyway.
    with transaction.atomic(savepoint=False):
        if replace:
            PostSignature.objects.filter(revision=revision).delete()
            CoverHash.objects.filter(revision=revision).delete()
        row = PostSignature.objects.create(
            revision=revision, post_id=post.pk, author_id=post.author_id, category=category,
            # A body too short to compare is never looked up (BODY_DUPLICATE skips it): no bands, and
            # thousands of near-empty bodies cannot pile onto a few band keys.
            signature=signature_to_bytes(signature) if comparable else None,
        )
        if comparable:
            SignatureBand.objects.bulk_create(SignatureBand(band_key=k, signature=row) for k in lsh_band_keys(signature))
        if phash:
            cover = CoverHash.objects.create(revision=revision, post_id=post.pk, author_id=post.author_id,
                                             phash=phash.lower())
            CoverHashBand.objects.bulk_create(CoverHashBand(band_key=k, cover=cover, phash=cover.phash)
                                              for k in phash_band_keys(cover.phash))


def stored_cover_phash(revision) -> str | None:
    """The cover hash the image checks compute, from the revision's stored cover image (for a rebuild);
    None when there is no cover or it is unreadable or too small to judge, as in the check."""
    image = next((img for img in revision.images.all() if img.ref == revision.cover), None)
    if image is None:
        return None

    def open_image(ref: str) -> bytes:
        with image.file.open("rb") as fh:
            return fh.read()

    # The cover alone, through the pictures the image rules measure (decoding, size limits, errors).
    ctx = CheckContext(author=AuthorInfo(""), open_image=open_image)
    covers = measurable({"cover": image.ref}, ctx, "cover")
    return hash_small_copy(covers[0].prepared.small) if covers else None
