"""The desk's statistics as plain functions: no Django, no database. Percentiles (exact and from a
histogram), the Wilson score interval, Cohen's kappa and a detector's precision."""
from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence

# Upper edges, in seconds, of the time histograms the rollups keep (submit→decision, handling time).
# Close together where targets live (minutes to a few hours), wide in the tail; the last bucket is open.
TIME_BUCKETS = (
    60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 9000, 10800, 14400, 21600, 28800,
    43200, 64800, 86400, 129600, 172800, 259200, 432000, 604800, 1209600,
)

Z_95 = 1.959963984540054  # two-sided 95%


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0–100) with linear interpolation between ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def bucket_of(seconds: float, edges: Sequence[float] = TIME_BUCKETS) -> int:
    """Index of the histogram bucket holding ``seconds`` (bucket i holds (edges[i-1], edges[i]])."""
    return bisect_right(edges, seconds - 1e-9) if seconds > 0 else 0


def histogram(values: Iterable[float], edges: Sequence[float] = TIME_BUCKETS) -> list[int]:
    counts = [0] * (len(edges) + 1)
    for value in values:
        counts[bucket_of(value, edges)] += 1
    return counts


def merge_histograms(histograms: Iterable[Sequence[int]], size: int = len(TIME_BUCKETS) + 1) -> list[int]:
    total = [0] * size
    for counts in histograms:
        for i, c in enumerate(counts or ()):
            total[i] += c
    return total


def histogram_percentile(counts: Sequence[int], p: float, edges: Sequence[float] = TIME_BUCKETS) -> float | None:
    """The ``p``-th percentile read from bucket counts, interpolating linearly inside the bucket (as
    Prometheus does); the open last bucket answers its lower edge. Error: at most one bucket's width."""
    n = sum(counts)
    if not n:
        return None
    target = n * p / 100
    seen = 0
    for i, c in enumerate(counts):
        if c and seen + c >= target:
            low = edges[i - 1] if i else 0.0
            if i >= len(edges):
                return float(low)
            return low + (edges[i] - low) * (target - seen) / c
        seen += c
    return float(edges[-1])


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion: honest at small n and near 0 or 1, unlike p ± z·se."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def precision(used: int, dismissed: int) -> float | None:
    """A rule's precision as editors judged it: findings used as a reason over those used or dismissed
    as false alarms (findings nobody acted on say nothing either way)."""
    judged = used + dismissed
    return used / judged if judged else None


def cohen_kappa(pairs: Iterable[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two raters over the same items: (p_o - p_e) / (1 - p_e). None without items;
    1.0 when both raters always give the one same label (no disagreement is possible to measure)."""
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        return 1.0
    return (observed - expected) / (1 - expected)


def kappa_from_table(table: dict[tuple[Hashable, Hashable], int]) -> float | None:
    """Cohen's kappa from a contingency table {(first rater's label, second's): count}."""
    return cohen_kappa(pair for pair, count in table.items() for _ in range(count))
