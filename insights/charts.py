"""Charts drawn on the server as SVG strings: no script, no CDN, readable without JavaScript and
printable. Pure Python (no Django); every label is escaped, so the caller may mark the result safe."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

PALETTE = ("#2563eb", "#15803d", "#f59e0b", "#d93025", "#7c3aed", "#0891b2", "#6b7280")
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 28, 34
LEGEND_ROW = 16


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str = ""


def nice_max(value: float) -> float:
    """A round upper bound for the axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _fmt(value: float) -> str:
    return f"{value:.3g}" if value < 10000 else f"{value / 1000:.3g}k"


def _text_width(text: str, size: float) -> float:
    """About how wide a label draws: Chinese characters are square, Latin letters about half as wide."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


def _legend(title: str, series: Sequence[Series]) -> tuple[list[str], int]:
    """Legend items in series order, right-aligned beside the title; when they would run into it (long
    English names) they wrap onto more rows below it. Returns the items and the height the extra rows take."""
    rows: list[list[tuple[Series, float]]] = [[]]
    room = WIDTH - RIGHT - (LEFT + _text_width(title, 13) + 12)
    for s in series:
        width = 14 + _text_width(s.name, 11) + 10
        if rows[-1] and width > room:
            rows.append([])
            room = WIDTH - RIGHT - LEFT
        rows[-1].append((s, width))
        room -= width
    out = []
    for row, items in enumerate(rows):
        x, y = WIDTH - RIGHT - sum(w for _s, w in items), 7 + LEGEND_ROW * row
        for s, width in items:
            out.append(f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{s.colour}"/>'
                       f'<text x="{x + 14:.0f}" y="{y + 9}" font-size="11" fill="#374151">{escape(s.name)}</text>')
            x += width
    return out, LEGEND_ROW * (len(rows) - 1)


def _frame(title: str, labels: Sequence[str], top: float, unit: str, extra: int = 0) -> list[str]:
    """The title, the value axis and the labels; ``extra`` pixels above the plot hold legend rows."""
    height, plot_top = HEIGHT + extra, TOP + extra
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'class="chart" aria-label={quoteattr(title)}>',
           f"<title>{escape(title)}</title>",
           f'<text x="{LEFT}" y="16" font-size="13" font-weight="600" fill="#1f2328">{escape(title)}</text>']
    for i in range(5):
        y = plot_top + plot_h * i / 4
        value = top * (4 - i) / 4
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ea"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="#6b7280">'
                   f"{escape(_fmt(value))}{escape(unit) if i == 0 else ''}</text>")
    step = max(1, math.ceil(len(labels) / 12))  # at most a dozen x labels
    slot = plot_w / max(1, len(labels))
    for i, label in enumerate(labels):
        if i % step == 0:
            x = LEFT + slot * (i + 0.5)
            out.append(f'<text x="{x:.1f}" y="{height - BOTTOM + 14}" font-size="10" text-anchor="middle" '
                       f'fill="#6b7280">{escape(label)}</text>')
    return out


def _coloured(series: Sequence[Series]) -> list[Series]:
    return [s if s.colour else Series(s.name, s.values, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, unit: str = "") -> str:
    """Stacked bars, one per label; each segment carries a tooltip with its series and value."""
    series = _coloured(series)
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    top = nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(labels))
    bar = max(2.0, slot * 0.7)
    legend, extra = _legend(title, series)
    out = _frame(title, labels, top, unit, extra)
    for i, label in enumerate(labels):
        y = TOP + extra + plot_h
        x = LEFT + slot * i + (slot - bar) / 2
        for s in series:
            value = s.values[i] or 0
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{s.colour}">'
                       f"<title>{escape(f'{label} {s.name}: {_fmt(value)}{unit}')}</title></rect>")
    out += legend + ["</svg>"]
    return "".join(out)


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, unit: str = "",
               target: float | None = None) -> str:
    """Lines with a dot per point (gaps where a value is None); an optional dashed target line."""
    series = _coloured(series)
    values = [v for s in series for v in s.values if v is not None]
    top = nice_max(max(values + ([target] if target else []), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(labels))
    legend, extra = _legend(title, series)
    out = _frame(title, labels, top, unit, extra)
    if target:
        y = TOP + extra + plot_h * (1 - target / top)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d93025" '
                   f'stroke-dasharray="5 4"><title>{escape(f"target {_fmt(target)}{unit}")}</title></line>')
    for s in series:
        points = [(LEFT + slot * (i + 0.5), TOP + extra + plot_h * (1 - v / top), v, labels[i])
                  for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v, _l in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="2"/>')
        for x, y, v, label in points:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{s.colour}">'
                       f"<title>{escape(f'{label} {s.name}: {_fmt(v)}{unit}')}</title></circle>")
    out += legend + ["</svg>"]
    return "".join(out)
