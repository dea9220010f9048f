"""拼接图 (4.2(2) 封面图禁止使用拼接图片): find the straight seams along which pictures were stitched.

A seam is a row or column where, along (nearly) the whole length of the region, the picture jumps
exactly at that line and not beside it — what pasting two pictures edge to edge leaves — or a thin
plain strip (a gutter) with pictures on both sides. Natural straight edges (a horizon, a shelf, a
table) are rarely pixel-straight and axis-aligned over the full width, something usually crosses
them, and the structure around them continues across the line; two pasted pictures do not continue.
Two pasted pictures also differ in colour: a line with the same colours on both sides (the mortar
of a brick wall, the joints of a floor) is inside one scene. Splitting is recursive (guillotine),
so 2×2, 1×3 and unequal layouts (one big pane beside two stacked
ones) are all found. Both sides of a split must be pictures (textured): a two-tone poster's flat
fields are not.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .imaging import channel_max

SEAM_COVERAGE = 0.8  # share of a gutter's length where the picture beside it differs from it
BUTT_COVERAGE = 0.7  # share of a butt seam's length where the picture jumps at the line: busy panes (a
#                      city, fur) jump beside it too (real photos pasted: 0.78+; the other tests decide)
MAX_CROSS_CORRELATION = 0.2  # structure continuing across the line means one scene, not two pictures
MIN_PANE = 0.12  # a pane spans at least this share of the region along the split axis
MAX_GUTTER = 0.06  # a plain strip between pictures is at most this share of the region
FLAT_STD = 4.0  # a gutter hardly changes along its length
MIN_TEXTURE = 2.5  # mean |gradient| (grey levels per pixel) of a pane that is a picture
SIDE = 6  # pixels: where "beside the line" is looked at
SAME_SCENE = 0.5  # colour overlap of the two sides above which they are one scene (a brick wall 0.73–0.88;
#                   real photos pasted together 0.08–0.28)
MAX_DEPTH = 3


@dataclass(frozen=True)
class Seam:
    axis: str  # "x": a vertical seam at column ``at``; "y": a horizontal one at row ``at``
    at: int
    start: int
    end: int
    coverage: float


class _Picture:
    """Per-pixel maps computed once for the whole picture; regions are slices of them. Maps are
    oriented for vertical seams; ``transposed()`` gives the same maps for horizontal ones (views,
    no copies)."""

    def __init__(self, rgb: np.ndarray, gray: np.ndarray, peak: np.ndarray, grad: tuple):
        self.rgb, self.gray, self.peak, self.grad = rgb, gray, peak, grad

    @classmethod
    def of(cls, rgb: np.ndarray) -> "_Picture":
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
        grad = np.abs(np.diff(gray, axis=1)), np.abs(np.diff(gray, axis=0))
        return cls(rgb, gray, _peaks(rgb[:, 2:], rgb[:, :-2], axis=1), grad)

    def transposed(self) -> "_Picture":
        peak = _peaks(self.rgb[2:], self.rgb[:-2], axis=0).T
        return _Picture(self.rgb.transpose(1, 0, 2), self.gray.T, peak, (self.grad[1].T, self.grad[0].T))

    def texture(self, y0, y1, x0, x1) -> float:
        gx, gy = self.grad
        if x1 - x0 < 3 or y1 - y0 < 3:
            return 0.0
        return float(gx[y0:y1, x0:x1 - 1].mean() + gy[y0:y1 - 1, x0:x1].mean()) / 2


def _peaks(after: np.ndarray, before: np.ndarray, axis: int) -> np.ndarray:
    """Where the picture jumps across a line and not SIDE pixels beside it, along ``axis``."""
    # largest channel difference across two pixels: panes of equal brightness but other hues count
    jump = channel_max(cv2.absdiff(after, before))
    if axis == 0:
        jump = jump.T
    core = jump[:, SIDE:-SIDE]
    side = np.maximum(jump[:, : -2 * SIDE], jump[:, 2 * SIDE:])
    # jump[:, j] straddles line j + 1, so core[:, k] is line k + SIDE + 1
    peak = np.zeros((jump.shape[0], jump.shape[1] + 2), bool)
    peak[:, SIDE + 1: -SIDE - 1] = (core > 10) & (core > side + side // 2)
    return peak.T if axis == 0 else peak


def _cross_correlation(gray: np.ndarray, at: int) -> float:
    """Correlation of the profiles just left and just right of column ``at``: shelves, windows and
    tiles continue across their edges (high), two pasted pictures do not (near 0)."""
    left = np.clip(np.diff(gray[:, max(0, at - 4): at - 1].mean(axis=1)), -15, 15)
    right = np.clip(np.diff(gray[:, at + 1: at + 4].mean(axis=1)), -15, 15)
    if left.std() < 1e-3 or right.std() < 1e-3:
        return 0.0
    return float(np.corrcoef(left, right)[0, 1])


def _bounded(rgb: np.ndarray, column: int, colour: np.ndarray) -> bool:
    """Does the picture beside a flat band differ from the band's colour along most of its length?"""
    if not 0 <= column < rgb.shape[1]:
        return False
    return bool((channel_max(np.abs(rgb[:, column].astype(np.int16) - colour)) > 12).mean() >= SEAM_COVERAGE)


def _gutters(rgb: np.ndarray, gray: np.ndarray) -> list[int]:
    """Centres of thin flat bands running the whole length, with pictures on both sides, not more of
    the same background (text on paper has flat columns too)."""
    w = gray.shape[1]
    mean = gray.mean(axis=0)
    flat = np.sqrt(np.maximum((gray * gray).mean(axis=0) - mean * mean, 0)) < FLAT_STD
    found, j = [], 0
    while j < w:
        end = j
        while end < w and flat[end]:
            end += 1
        if end > j and j >= w * MIN_PANE and end <= w * (1 - MIN_PANE) and end - j <= w * MAX_GUTTER:
            colour = np.median(rgb[:, j:end].reshape(-1, 3), axis=0)
            if _bounded(rgb, j - 2, colour) and _bounded(rgb, end + 1, colour):
                found.append((j + end) // 2)
        j = end + 1
    return found


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Overlap (histogram intersection, 0–1) of two regions' colour distributions, 8 levels a channel."""
    def hist(region):
        h = cv2.calcHist([np.ascontiguousarray(region)], [0, 1, 2], None, [8, 8, 8], [0, 256] * 3)
        return h / max(1.0, float(h.sum()))
    return float(np.minimum(hist(a), hist(b)).sum())


def _split(pic: _Picture, y0: int, y1: int, x0: int, x1: int) -> tuple[int, float] | None:
    """The column (relative to x0) of the best vertical split of a region, with its coverage."""
    w = x1 - x0
    if w < 4 * SIDE or y1 - y0 < 8:
        return None
    rgb, gray = pic.rgb[y0:y1, x0:x1], pic.gray[y0:y1, x0:x1]
    coverage = pic.peak[y0:y1, x0:x1].mean(axis=0)
    lo, hi = max(SIDE + 1, int(w * MIN_PANE)), min(w - SIDE - 1, int(w * (1 - MIN_PANE)))
    butts = sorted(((j, float(coverage[j])) for j in range(lo, hi) if coverage[j] >= BUTT_COVERAGE),
                   key=lambda c: -c[1])
    for at, cov, gutter in [(at, 1.0, True) for at in _gutters(rgb, gray)] + [(a, c, False) for a, c in butts]:
        if pic.texture(y0, y1, x0, x0 + at) < MIN_TEXTURE or pic.texture(y0, y1, x0 + at, x1) < MIN_TEXTURE:
            continue
        if not gutter and _cross_correlation(gray, at) >= MAX_CROSS_CORRELATION:
            continue
        # a wall's mortar line or a floor's joint has the same stuff on both sides; pasted pictures do not
        if _overlap(rgb[:, :at], rgb[:, at:]) < SAME_SCENE:
            return at, cov
    return None


def find_seams(rgb: np.ndarray) -> list[Seam]:
    """The stitching seams of an RGB picture (the ~600 px analysis copy), in its pixel coordinates."""
    pic = _Picture.of(rgb)
    pics = {"x": pic, "y": pic.transposed()}
    seams: list[Seam] = []

    def split(x0: int, y0: int, x1: int, y1: int, depth: int) -> None:
        if depth >= MAX_DEPTH:
            return
        for axis in ("x", "y"):
            # the transposed picture swaps the roles of rows and columns
            a0, a1, b0, b1 = (x0, x1, y0, y1) if axis == "x" else (y0, y1, x0, x1)
            found = _split(pics[axis], b0, b1, a0, a1)
            if found is None:
                continue
            at, coverage = found
            seams.append(Seam(axis, a0 + at, b0, b1, coverage))
            if axis == "x":
                split(x0, y0, x0 + at, y1, depth + 1)
                split(x0 + at, y0, x1, y1, depth + 1)
            else:
                split(x0, y0, x1, y0 + at, depth + 1)
                split(x0, y0 + at, x1, y1, depth + 1)
            return

    split(0, 0, rgb.shape[1], rgb.shape[0], 0)
    return seams
