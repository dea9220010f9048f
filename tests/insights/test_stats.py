"""The pure statistics behind the dashboard, checked against textbook values."""
import subprocess
import sys
from pathlib import Path

import pytest

from insights import stats


def test_percentile_interpolates_like_numpy():
    minutes = [5, 1, 3, 2, 4]
    assert stats.percentile(minutes, 50) == 3
    assert stats.percentile(minutes, 90) == pytest.approx(4.6)
    assert stats.percentile([7], 90) == 7
    assert stats.percentile([], 50) is None


def test_histogram_percentile_stays_within_the_buckets_of_the_exact_value():
    seconds = sorted([30, 200, 500, 700, 1000, 3000, 3500, 5000, 7000, 20000])
    counts = stats.histogram(seconds)
    assert sum(counts) == len(seconds)
    edges = (0, *stats.TIME_BUCKETS)
    for p in (10, 50, 90):
        rank = (len(seconds) - 1) * p / 100
        below, above = seconds[int(rank)], seconds[min(int(rank) + 1, len(seconds) - 1)]
        approx = stats.histogram_percentile(counts, p)
        assert edges[stats.bucket_of(below)] <= approx <= edges[stats.bucket_of(above) + 1]


def test_histograms_of_two_days_merge_into_the_histogram_of_both():
    monday, tuesday = [60, 600, 6000], [90, 9000]
    merged = stats.merge_histograms([stats.histogram(monday), stats.histogram(tuesday)])
    assert merged == stats.histogram(monday + tuesday)
    assert stats.histogram_percentile([0] * len(merged), 50) is None


def test_a_value_on_a_bucket_edge_falls_in_the_bucket_it_closes():
    assert stats.bucket_of(60) == 0 and stats.bucket_of(61) == 1 and stats.bucket_of(0) == 0
    assert stats.bucket_of(10 ** 9) == len(stats.TIME_BUCKETS)


@pytest.mark.parametrize("successes, n, low, high", [
    (8, 10, 0.4902, 0.9433),     # textbook values (Newcombe 1998, method 3)
    (0, 10, 0.0, 0.2775),
    (81, 263, 0.2553, 0.3662),
])
def test_wilson_interval_matches_published_values(successes, n, low, high):
    lo, hi = stats.wilson_interval(successes, n)
    assert lo == pytest.approx(low, abs=1e-3) and hi == pytest.approx(high, abs=1e-3)


def test_wilson_interval_is_none_without_observations():
    assert stats.wilson_interval(0, 0) is None


def test_precision_counts_only_judged_findings():
    assert stats.precision(used=3, dismissed=1) == 0.75
    assert stats.precision(used=0, dismissed=0) is None


def test_kappa_on_the_textbook_table():
    """Two readers, 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 → p_o 0.7, p_e 0.5, κ 0.4."""
    table = {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}
    assert stats.kappa_from_table(table) == pytest.approx(0.4)


def test_kappa_of_three_outcomes():
    """Two editors, 100 posts: agree on 80; both give approve 30, return 35, reject 35 times, so
    p_e = (30·30 + 35·35 + 35·35) / 100² = 0.335 and κ = (0.80 - 0.335) / (1 - 0.335) ≈ 0.6992."""
    outcomes = ("approve", "return", "reject")
    counts = [[25, 5, 0], [5, 25, 5], [0, 5, 30]]
    table = {(a, b): counts[i][j] for i, a in enumerate(outcomes) for j, b in enumerate(outcomes)}
    assert stats.kappa_from_table(table) == pytest.approx(0.465 / 0.665)


def test_kappa_edge_cases():
    assert stats.cohen_kappa([]) is None
    assert stats.cohen_kappa([("approve", "approve")] * 4) == 1.0
    assert stats.cohen_kappa([("approve", "reject"), ("reject", "approve")]) == pytest.approx(-1.0)


def test_the_statistics_and_charts_import_no_django():
    code = ("import sys, insights.stats, insights.charts; "
            "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[2]).returncode == 0
