"""Rules that look at earlier posts (4.2(3)): duplicates, plagiarism, posting off the author's field.

A post's body is summarised as a MinHash signature of the character 3-grams of its normalised text
(``body_signature``). Near-duplicates are found by LSH: ``lsh_band_keys`` gives the band hashes a
database table (band key → post) can index, and ``InMemoryHistory`` does the same in memory with
datasketch's MinHashLSH, for the ``checkpost`` command and the tests. Candidates are verified with
the signatures' Jaccard estimate.

The check stores what the worker indexes afterwards: ``ctx.cache["signature"]`` (a LeanMinHash) and
``ctx.cache["category"]`` (the post's category, or None).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable

from datasketch import LeanMinHash, MinHash, MinHashLSH

from .engine import BLOCK, WARN, CheckContext, Wording, rule, say
from .lexicons import Hit, Lexicons
from .normalize import normalize
from .post import text_targets
from .products import product_cards
from .text import body_length, body_text, compact, finding, lexicons, targets

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2's default; sketches of different schemes cannot be compared
LSH_THRESHOLD = 0.5  # query low, verify with jaccard: recall at 0.8 is only ~0.6 (performance.md §3)
DUPLICATE_SIMILARITY = 0.7  # char-3-gram Jaccard of a near-identical article
OFF_DOMAIN_SHARE = 0.3  # 4.2(3) 发布与该品类无关内容占比超过30%
OFF_DOMAIN_MIN_POSTS = 5  # a share needs a few posts to mean something
CATEGORY_MIN_HITS, CATEGORY_MIN_SHARE = 3, 0.5
MIN_CHARS_TO_COMPARE = 100


@lru_cache(maxsize=1)
def _permutations():
    """One set of permutations for every signature (building them costs more than hashing a post)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def body_signature(post: dict) -> LeanMinHash:
    """MinHash (128 permutations) of the character 3-grams of the normalised body text."""
    return text_signature(normalize("\n".join(t for target, t in text_targets(post) if target.startswith("blocks"))).text)


def text_signature(normalised: str) -> LeanMinHash:
    """MinHash of the character 3-grams of a normalised text, punctuation and spaces left out."""
    text = compact(normalised)
    shingles = {text[i:i + 3].encode("utf-8") for i in range(len(text) - 2)} or {text.encode("utf-8")}
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch(list(shingles))
    return LeanMinHash(minhash)


def signature_to_bytes(signature: LeanMinHash) -> bytes:
    """The 528-byte form a database stores next to the band keys."""
    buffer = bytearray(signature.bytesize())
    signature.serialize(buffer)
    return bytes(buffer)


def signature_from_bytes(data: bytes) -> LeanMinHash:
    return LeanMinHash.deserialize(data)


@lru_cache(maxsize=1)
def lsh_params() -> tuple[int, int]:
    """(bands, rows) datasketch picks for LSH_THRESHOLD and NUM_PERM."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def lsh_band_keys(signature: LeanMinHash) -> list[str]:
    """One key per LSH band ("07:3fa2…"): two posts sharing any key are candidates to verify."""
    bands, rows = lsh_params()
    values = signature.hashvalues
    return [f"{b:02d}:{hashlib.blake2b(values[b * rows:(b + 1) * rows].tobytes(), digest_size=8).hexdigest()}"
            for b in range(bands)]


def top_category(hits: Iterable[Hit], extra: Iterable[str] = ()) -> str | None:
    """The category named most by ``category`` lexicon hits (and ``extra`` category names), if clear."""
    counts = Counter(h.term.value for h in hits if h.term.lexicon == "category")
    counts.update(extra)
    if not counts:
        return None
    category, n = counts.most_common(1)[0]
    total = sum(counts.values())
    return category if n >= CATEGORY_MIN_HITS and n >= CATEGORY_MIN_SHARE * total else None


def _card_categories(post: dict, lex: Lexicons) -> list[str]:
    names = lex.canonical_map("category")
    return [names.get(normalize(c.get("category") or "").text, "") for _, c in product_cards(post)
            if normalize(c.get("category") or "").text in names]


def post_category(post: dict, lex: Lexicons | None = None) -> str | None:
    """The category (数码, 美妆 …) a post is about, from its words and its cards, or None."""
    lex = lex or Lexicons.default()
    hits = [h for _, text in text_targets(post) for h in lex.find(normalize(text).text)]
    return top_category(hits, _card_categories(post, lex))


def post_category_of(post: dict, ctx: CheckContext) -> str | None:
    """post_category from the check's prepared texts, kept in ctx.cache["category"] for the worker."""
    if "category" not in ctx.cache:
        hits = [h for prep in targets(post, ctx) for h in prep.all_hits]
        ctx.cache["category"] = top_category(hits, _card_categories(post, lexicons(ctx)))
    return ctx.cache["category"]


def author_category(display_name: str, lex: Lexicons) -> str | None:
    """The category an author's name names (数码之家 → 数码), or None."""
    hits = [h for h in lex.find(normalize(display_name).text) if h.term.lexicon == "author_category"]
    return hits[0].term.value if hits else None


@rule("BODY_DUPLICATE", "BODY_PLAGIARISM")
def body_near_duplicate(post: dict, ctx: CheckContext):
    """4.2(3) 相同文章不得重复提交 (same author); 5.4-IV.3 抄袭 (another author)."""
    signature = ctx.cache.get("signature") or text_signature(body_text(ctx, post))
    ctx.cache["signature"] = signature
    if body_length(ctx, post) < MIN_CHARS_TO_COMPARE:
        return
    threshold = ctx.threshold("duplicate_similarity", DUPLICATE_SIMILARITY)
    matches = ctx.history.similar_posts(signature, threshold=threshold)
    own = [m for m in matches if m[1] == ctx.author.username]
    others = [m for m in matches if m[1] != ctx.author.username]
    if own:
        yield _similar_finding("BODY_DUPLICATE", own, lambda key, sim: say(
            "与你之前提交的文章（{key}）内容几乎相同（相似度{sim:.0%}），相同文章不得重复提交", key=key, sim=sim))
    if others:
        yield _similar_finding("BODY_PLAGIARISM", others, lambda key, sim: say(
            "与其他作者的文章（{key}）高度相似（相似度{sim:.0%}），疑似抄袭，请编辑确认", key=key, sim=sim))


def _similar_finding(rule_id: str, matches: list[tuple[str, str, float]], message: Callable[[str, float], Wording]):
    best = max(matches, key=lambda m: m[2])
    return finding(rule_id, "post", message(best[0], best[2]),
                   evidence={"matches": [{"post": k, "author": a, "similarity": round(s, 3)}
                                         for k, a, s in sorted(matches, key=lambda m: -m[2])[:5]]})


@rule("BODY_OFF_DOMAIN")
def body_off_domain(post: dict, ctx: CheckContext):
    """4.2(3): 作者账号名称有明确品类指向，却发布与该品类无关内容 (over 30% of posts → block)."""
    category = post_category_of(post, ctx)
    named = author_category(ctx.author.display_name, lexicons(ctx))
    if not named or not category or category == named:
        return
    earlier = [c for c in ctx.history.author_posts_categories(ctx.author.username) if c]
    off, total = sum(c != named for c in earlier) + 1, len(earlier) + 1
    share = off / total
    block = total >= ctx.threshold("off_domain_min_posts", OFF_DOMAIN_MIN_POSTS) and \
        share > ctx.threshold("off_domain_share", OFF_DOMAIN_SHARE)
    yield finding("BODY_OFF_DOMAIN", "post",
                  say("作者名称“{name}”指向{named}领域，这篇文章属于{category}；不建议跨领域创作（{off}/{total}篇不属于{named}）",
                      name=ctx.author.display_name, named=named, category=category, off=off, total=total),
                  severity=BLOCK if block else WARN,
                  evidence={"author_category": named, "post_category": category, "off": off, "total": total})


class InMemoryHistory:
    """The History protocol over posts added in this process (checkpost, tests)."""

    def __init__(self, lexicons: Lexicons | None = None):
        self.lexicons = lexicons
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._posts: dict[str, tuple[str, LeanMinHash, str | None]] = {}
        self._covers: dict[str, tuple[str, int]] = {}

    def add(self, post_key: str, author_username: str, post: dict, signature: LeanMinHash | None = None,
            cover_phash: str | None = None, category: str | None = None) -> None:
        """Remember a post; signature and category are computed when not given.
        ``cover_phash`` is the cover's perceptual hash as a hex string (str(imagehash.phash(...)))."""
        if post_key in self._posts:
            self._lsh.remove(post_key)
        signature = signature or body_signature(post)
        self._lsh.insert(post_key, signature)
        self._posts[post_key] = (author_username, signature, category or post_category(post, self.lexicons))
        if cover_phash:
            self._covers[post_key] = (author_username, int(cover_phash, 16))

    def similar_posts(self, signature, *, threshold):
        keys = self._lsh.query(signature) if threshold >= LSH_THRESHOLD else list(self._posts)
        found = [(k, self._posts[k][0], self._posts[k][1].jaccard(signature)) for k in keys]
        return sorted((m for m in found if m[2] >= threshold), key=lambda m: -m[2])

    def similar_covers(self, phash, *, max_distance):
        value = int(phash, 16)
        found = [(k, author, (value ^ other).bit_count()) for k, (author, other) in self._covers.items()]
        return sorted((m for m in found if m[2] <= max_distance), key=lambda m: m[2])

    def author_posts_categories(self, username):
        return [category for author, _, category in self._posts.values() if author == username and category]
