"""Text checks against jieba: median and p95 ms per post for all text rules together, beside one plain
``jieba.lcut`` (default settings) of the same post, in the same process.

Run from the repository root:  .venv/bin/python bench/checks.py
The corpus is built from the realistic test posts (tests/checks/textposts.py): reviews, guides and
news of 500–3,000 characters, some with planted problems, checked against an in-memory history of
the rest of the corpus. Target: median text-check time ≤ one jieba.lcut of the post (ratio ≤ 1.0).
"""
from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "checks")]

import jieba  # noqa: E402

import textposts as tp  # noqa: E402
from moderation.checks import check_post  # noqa: E402
from moderation.checks.history import InMemoryHistory  # noqa: E402
from moderation.checks.post import body_text_length  # noqa: E402
from moderation.checks.segment import initialize  # noqa: E402

PARAGRAPHS = tp.PHONE_REVIEW + tp.NEWS + tp.RECIPE + tp.SKINCARE_BLURBS + [tp.SKINCARE_GUIDE_INTRO,
                                                                           tp.SKINCARE_GUIDE_OUTRO]
PLANTED = ["同款在淘*宝上要贵两百块，到手价1999元，感兴趣的加微❤信 shuma_2023 或者访问 www . example . com。",
           "店铺正在搞周年庆，全场五折包邮，评论区抽奖送三台，限时三天！！！",
           "据财报，该品牌去年销售额4.9亿元；电池容量3000mAh，支持65W快充。"]
REPEATS = 7


def corpus(n: int = 120, seed: int = 7) -> list[dict]:
    """Posts of 500–3,000 characters: the fixtures, and random mixes of their paragraphs."""
    rng = random.Random(seed)
    posts = [tp.review(), tp.guide()]
    while len(posts) < n:
        target = rng.randint(500, 3000)
        texts: list[str] = []
        while sum(map(len, texts)) < target:
            texts.append(rng.choice(PARAGRAPHS + PLANTED if rng.random() < 0.2 else PARAGRAPHS))
        kind = rng.choice(["review", "review", "news", "video"])
        posts.append(tp.review(kind=kind, blocks=tp.paragraphs(texts) + [tp.product("HUAWEI P60 8GB+256GB",
                                                                                    brand="HUAWEI")]))
    return posts


def body(post: dict) -> str:
    return "\n".join(b["text"] for b in post["blocks"] if "text" in b)


def timed(fn) -> float:
    """Median milliseconds of ``fn()`` over REPEATS runs, after one warm-up."""
    fn()
    runs = []
    for _ in range(REPEATS):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    posts = corpus()
    history = InMemoryHistory()
    for i, post in enumerate(posts):
        history.add(f"h{i}", "someone", post)
    initialize()  # jieba's dictionary, once per process, as a worker does at start
    jieba.lcut("预热")

    checks, segs, ratios = [], [], []
    for post in posts:
        ctx = lambda: tp.context(post, history=history)  # noqa: E731 — a fresh cache per run
        check_ms = timed(lambda: check_post(post, ctx()))
        text = body(post)
        seg_ms = timed(lambda: jieba.lcut(text))
        checks.append(check_ms)
        segs.append(seg_ms)
        ratios.append(check_ms / seg_ms)

    lengths = [body_text_length(p) for p in posts]
    print(f"corpus: {len(posts)} posts, {min(lengths)}–{max(lengths)} characters (median {statistics.median(lengths):.0f})")
    print(f"{'measure':<34}{'median ms':>10}{'p95 ms':>10}")
    print(f"{'all text checks (check_post)':<34}{statistics.median(checks):>10.2f}{percentile(checks, 0.95):>10.2f}")
    print(f"{'jieba.lcut, default settings':<34}{statistics.median(segs):>10.2f}{percentile(segs, 0.95):>10.2f}")
    print(f"{'ratio per post (checks / jieba)':<34}{statistics.median(ratios):>10.2f}{percentile(ratios, 0.95):>10.2f}")
    print(f"text-checks/jieba ratio: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
