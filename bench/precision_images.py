"""Precision and recall of the picture rules on real photographs (tests/checks/realphotos.py).

Every item of the corpus (real photographs from scikit-image and scikit-learn, their labelled
variants, and a few generated product shots, which no wheel ships) is put in a post in its role and
run through the picture rules. Per rule: findings on clean pictures (false alarms), hits on the
pictures that break it (recall), and precision over every picture it fired on. Findings on a rule a
reader could call either way for that picture (``Item.moot``) are not counted.

    .venv/bin/python bench/precision_images.py          # the table
    .venv/bin/python bench/precision_images.py -v       # and every false or missed finding

``measure()`` returns the numbers for bench/precision.py's last line.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "checks")]

import realphotos  # noqa: E402
from moderation.checks import AuthorInfo, CheckContext  # noqa: E402
from moderation.checks.engine import run_rules  # noqa: E402
from moderation.checks.history import InMemoryHistory  # noqa: E402
from moderation.checks.images import IMAGE_RULES  # noqa: E402
from moderation.checks.phash import cover_phash  # noqa: E402


def _target(item: realphotos.Item) -> str:
    return {"cover": "cover", "body": "blocks[1]", "product": "blocks[1].image"}[item.role]


def findings(item: realphotos.Item) -> list:
    """The picture rules' findings about this item's picture (and the post-wide text share)."""
    post, files = realphotos.post_for(item)
    history = InMemoryHistory()
    for key, author, name in item.history:
        phash = cover_phash(realphotos.picture_bytes(name))
        history.add(key, author, {"title": "旧文章", "blocks": []}, cover_phash=phash)
    ctx = CheckContext(author=AuthorInfo("real_photos", "实拍"), open_image=files.__getitem__, history=history)
    target = _target(item)
    return [f for f in run_rules(post, ctx, kinds=("image",)) if f.target in (target, "post")]


def measure(verbose: bool = False) -> dict:
    items = realphotos.corpus()
    fired = {item.name: {f.rule: f for f in findings(item)} for item in items}
    hits, false, clean_hits, totals = Counter(), Counter(), Counter(), Counter()
    misses, alarms = [], []
    for item in items:
        got = fired[item.name]
        for rule_id in item.breaks:
            totals[rule_id] += 1
            if rule_id in got:
                hits[rule_id] += 1
            else:
                misses.append((item.name, rule_id))
        for rule_id, f in got.items():
            if rule_id in item.breaks or rule_id in item.moot:
                continue
            false[rule_id] += 1
            if item.clean:
                clean_hits[rule_id] += 1
            alarms.append((item.name, rule_id, f.severity, f.message))
    rows = []
    for rule_id in IMAGE_RULES:
        fired_on = hits[rule_id] + false[rule_id]
        rows.append({"rule": rule_id, "severity": IMAGE_RULES[rule_id][0], "clean_hits": clean_hits[rule_id],
                     "false_hits": false[rule_id], "violating_hits": hits[rule_id],
                     "violating_total": totals[rule_id],
                     "precision": hits[rule_id] / fired_on if fired_on else None})
    clean_real = [i for i in items if i.clean and i.real]
    false_on_clean_real = sum(1 for i in clean_real for r in fired[i.name] if r not in i.moot)
    result = {"rows": rows, "clean_photos": len(clean_real),
              "false_per_50": 50 * false_on_clean_real / max(1, len(clean_real)),
              "recall_hits": sum(hits.values()), "recall_total": sum(totals.values()),
              "false_findings": alarms, "misses": misses}
    if verbose:
        for name, rule_id, severity, message in alarms:
            print(f"FALSE  {name:<34}{rule_id:<26}{severity:<6}{message}")
        for name, rule_id in misses:
            print(f"MISSED {name:<34}{rule_id}")
    return result


def table(result: dict) -> str:
    out = [f"{'rule':<28}{'severity':<9}{'clean':>6}{'false':>7}{'hits':>7}{'of':>5}{'precision':>11}"]
    for r in result["rows"]:
        p = "—" if r["precision"] is None else f"{r['precision']:.0%}"
        out.append(f"{r['rule']:<28}{r['severity']:<9}{r['clean_hits']:>6}{r['false_hits']:>7}"
                   f"{r['violating_hits']:>7}{r['violating_total']:>5}{p:>11}")
    recall = result["recall_hits"] / max(1, result["recall_total"])
    out.append(f"{result['clean_photos']} clean real photos: {result['false_per_50']:.1f} false image findings per 50; "
               f"recall {result['recall_hits']}/{result['recall_total']} = {recall:.0%}")
    return "\n".join(out)


def main() -> None:
    result = measure(verbose="-v" in sys.argv)
    n = len(realphotos.corpus())
    print(f"{n} pictures: {len(realphotos.clean())} clean, {len(realphotos.violating())} violating "
          f"(real photographs from scikit-image and scikit-learn and variants; product shots generated)")
    print(table(result))


if __name__ == "__main__":
    main()
