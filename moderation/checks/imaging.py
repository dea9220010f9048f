"""Measurements on one decoded image for the 4.2(2) picture rules: cheap, numpy/OpenCV only.

``prepare(decoded)`` builds the working copies once — a half-size grey "analysis" copy (~600 px) and
a "small" colour copy (~300 px), by halving with ``INTER_AREA`` (its fast path); the working-resolution
pixels are only read in rows, columns and crops — and each ``measure_*`` function reads them. Values
are on fixed scales so that thresholds hold across image sizes; see ../shared/notes/performance.md §4
for why the work happens on reduced copies. On a 1200×800 photo all of it costs about one decode more.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np

from .uploads import Decoded

ANALYSIS_MAX_SIDE = 1000  # blur, text pre-filter, QR
PHOTO_FORMATS = ("JPEG", "WEBP")
SMALL_MAX_SIDE = 480  # white background, exposure, collage, faces, hash


@dataclass
class Prepared:
    """Working copies of one image; ``to_original`` maps a box on any of them to ORIGINAL pixels."""

    decoded: Decoded
    analysis: np.ndarray  # grey, long side ≤ ANALYSIS_MAX_SIDE
    medium_bgr: np.ndarray  # BGR, long side ≤ ANALYSIS_MAX_SIDE
    small: np.ndarray  # RGB, long side ≤ SMALL_MAX_SIDE
    native: bool  # the working copy has the original's pixels (no draft reduction)

    @cached_property
    def medium(self) -> np.ndarray:
        """RGB, long side ≤ ANALYSIS_MAX_SIDE (the collage seams; only covers need it)."""
        return cv2.cvtColor(self.medium_bgr, cv2.COLOR_BGR2RGB)

    @property
    def full(self) -> np.ndarray:
        """The working-resolution BGR pixels (native unless draft-decoded)."""
        return self.decoded.pixels

    def gray(self, rows: slice = slice(None), cols: slice = slice(None)) -> np.ndarray:
        """Grey of a part of the working-resolution picture (a grey copy of all of it is never needed)."""
        return cv2.cvtColor(np.ascontiguousarray(self.decoded.pixels[rows, cols]), cv2.COLOR_BGR2GRAY)

    def to_original(self, box, source: np.ndarray) -> list[int]:
        """A box [x, y, w, h] on ``source`` (one of the copies) in ORIGINAL pixel coordinates."""
        sx = self.decoded.width / source.shape[1]
        sy = self.decoded.height / source.shape[0]
        x, y, w, h = box
        return [round(x * sx), round(y * sy), round(w * sx), round(h * sy)]


def _halve(a: np.ndarray) -> np.ndarray:
    h, w = a.shape[:2]
    even = a[: h - h % 2, : w - w % 2]  # exact 2:1 keeps OpenCV on its fast path
    return cv2.resize(even, (w // 2, h // 2), interpolation=cv2.INTER_AREA)


def _reduce_to(a: np.ndarray, max_side: int) -> np.ndarray:
    while max(a.shape[:2]) > max_side and min(a.shape[:2]) >= 4:
        a = _halve(a)
    return a


def prepare(decoded: Decoded) -> Prepared:
    bgr = decoded.pixels
    native = bgr.shape[:2] == (decoded.height, decoded.width)
    medium_bgr = _reduce_to(bgr, ANALYSIS_MAX_SIDE)
    analysis = cv2.cvtColor(medium_bgr, cv2.COLOR_BGR2GRAY)
    small = cv2.cvtColor(_reduce_to(medium_bgr, SMALL_MAX_SIDE), cv2.COLOR_BGR2RGB)
    return Prepared(decoded, analysis, medium_bgr, small, native)


def channel_max(rgb: np.ndarray) -> np.ndarray:
    """Per-pixel largest channel (``ndarray.max(axis=2)`` is 25× slower on small last axes)."""
    return np.maximum(np.maximum(rgb[..., 0], rgb[..., 1]), rgb[..., 2])


def channel_min(rgb: np.ndarray) -> np.ndarray:
    return np.minimum(np.minimum(rgb[..., 0], rgb[..., 1]), rgb[..., 2])


# --- 商品白底图 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WhiteBackground:
    border_share: float  # near-white share of the frame's outer ring
    white_share: float  # near-white share of the whole picture (0 when the border already rules it out)
    subject_share: float  # share of the non-white pixels held by large blobs (a product, not text; 0 likewise)


NEAR_WHITE_MIN = 235  # every channel at least this bright …
NEAR_WHITE_CHROMA = 20  # … and nearly grey (max − min channel)
SUBJECT_MIN_BLOB = 0.005  # a blob of at least 0.5% of the picture counts as a subject


def _near_white(rgb: np.ndarray) -> np.ndarray:
    s = rgb.astype(np.int16)
    lo, hi = channel_min(s), channel_max(s)
    return (lo >= NEAR_WHITE_MIN) & (hi - lo <= NEAR_WHITE_CHROMA)


def measure_white_background(p: Prepared) -> WhiteBackground:
    small = p.small
    b = max(2, round(min(small.shape[:2]) * 0.04))
    ring = np.concatenate([small[:b].reshape(-1, 3), small[-b:].reshape(-1, 3),
                           small[b:-b, :b].reshape(-1, 3), small[b:-b, -b:].reshape(-1, 3)])
    border = float(_near_white(ring).mean())
    if border < 0.5:  # clearly not a studio background: the ring alone decides (most pictures stop here)
        return WhiteBackground(border, 0.0, 0.0)
    white = _near_white(small)
    n, _, stats, _ = cv2.connectedComponentsWithStats((~white).astype(np.uint8), connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    big = areas[areas >= SUBJECT_MIN_BLOB * white.size].sum()
    return WhiteBackground(border, float(white.mean()), float(big / max(1, areas.sum())))


# --- 模糊 ------------------------------------------------------------------------------------------

def percentiles(gray: np.ndarray, *qs: float) -> list[float]:
    """Percentiles of a uint8 picture from its histogram (np.percentile sorts: 5× slower)."""
    cdf = np.cumsum(cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel())
    return [float(np.searchsorted(cdf, q / 100 * cdf[-1])) for q in qs]


def _percentile(values: np.ndarray, q: float) -> float:
    """``np.percentile`` (linear interpolation) of a few values, without its overhead (~50 µs)."""
    v = np.sort(values.ravel())
    if v.size == 1:
        return float(v[0])
    k = q / 100 * (v.size - 1)
    i = min(int(k), v.size - 2)
    return float(v[i] + (k - i) * (v[i + 1] - v[i]))


def measure_sharpness(p: Prepared, spread: float) -> float:
    """Variance of the Laplacian in the sharpest tiles (95th percentile of an 8×8 grid) on the
    analysis copy, normalised by the picture's contrast ``spread`` (``Exposure.spread``) to a 100-level
    contrast, so that dark or flat pictures are not called blurry for their lack of contrast.
    A sharp subject on a soft background stays sharp.

    The Laplacian of 8-bit grey is exact in int16 (at most ±1020); the tiles' sums and sums of
    squares come from ``cv2.reduce`` over runs of one tile's width (2–3× cheaper than a float
    Laplacian and two area resizes, same values)."""
    a = p.analysis
    lap = cv2.Laplacian(a, cv2.CV_16S)
    h, w = (a.shape[0] // 8) * 8, (a.shape[1] // 8) * 8
    norm = (100 / max(spread, 20.0)) ** 2
    if h < 32 or w < 32:
        return float(lap.astype(np.float32).var() * norm)
    runs = np.ascontiguousarray(lap[:h, :w]).reshape(h * 8, w // 8)  # row r, tile column c: row 8r + c
    n = (h // 8) * (w // 8)
    mean = cv2.reduce(runs, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32F).reshape(8, h // 8, 8).sum(axis=1) / n
    mean_sq = cv2.reduce(runs, 1, cv2.REDUCE_SUM2, dtype=cv2.CV_32F).reshape(8, h // 8, 8).sum(axis=1) / n
    return _percentile(mean_sq - mean * mean, 95) * norm


# --- 画面暗淡 --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Exposure:
    brightness: float  # mean luma, 0–255
    spread: float  # 5th–95th percentile range of luma: global contrast
    colourfulness: float  # Hasler & Süsstrunk (2003)


def measure_exposure(p: Prepared) -> Exposure:
    """On one pixel in 16 of the small copy (about 4,000): global statistics need no more."""
    sample = np.ascontiguousarray(p.small[::4, ::4])
    luma = cv2.cvtColor(sample, cv2.COLOR_RGB2GRAY)
    lo, hi = percentiles(luma, 5, 95)
    s = sample.reshape(-1, 3).astype(np.float32)  # flat rows: strided channel views are slow
    rg, yb = s[:, 0] - s[:, 1], 0.5 * (s[:, 0] + s[:, 1]) - s[:, 2]
    mean = np.array([rg.mean(), yb.mean()])
    var = np.array([(rg * rg).mean(), (yb * yb).mean()]) - mean * mean
    colour = np.sqrt(max(var.sum(), 0.0)) + 0.3 * np.hypot(*mean)
    return Exposure(float(luma.mean()), hi - lo, float(colour))


# --- 变形、压缩、放大 --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Resampling:
    """Spectral signature of resampling, along rows (x) and columns (y), at native resolution.

    ``detail_*``: energy in the upper half of the band over the energy in 5–25% of it. An enlarged
    picture has almost nothing above its old Nyquist limit. ``edge_*``: energy in the top quarter
    over 25–50%; enlarging along one axis only (拉伸) makes the two axes differ."""

    detail_x: float
    detail_y: float
    edge_x: float
    edge_y: float

    @property
    def anisotropy(self) -> float:
        return self.edge_x / self.edge_y if self.edge_y else 1.0


@functools.lru_cache(maxsize=16)
def _hann(n: int) -> np.ndarray:
    return np.hanning(n).astype(np.float32)


def _power(lines: np.ndarray) -> np.ndarray:
    """Mean power spectrum of the rows (``|rfft|²`` averaged over rows). OpenCV's real DFT takes a third
    of numpy's time on these sizes; its packed output (Re0, Re1, Im1, …) is unpacked here. Sizes that are not
    2^a·3^b·5^c go to numpy (OpenCV is slow on large prime factors)."""
    r, n = lines.shape
    if cv2.getOptimalDFTSize(n) != n:
        return (np.abs(np.fft.rfft(lines, axis=1)) ** 2).mean(axis=0)
    sq = cv2.reduce(cv2.dft(lines, flags=cv2.DFT_ROWS), 0, cv2.REDUCE_SUM2).ravel()
    power = np.empty(n // 2 + 1, np.float32)
    power[0] = sq[0]
    m = (n - 1) // 2
    power[1: m + 1] = sq[1: 2 * m: 2] + sq[2: 2 * m + 1: 2]
    if n % 2 == 0:
        power[-1] = sq[-1]
    return power / r


def _band_energies(lines: np.ndarray) -> tuple[float, float]:
    lines = lines.astype(np.float32)
    lines -= lines.mean(axis=1, keepdims=True)
    power = _power(lines * _hann(lines.shape[1]))
    n = len(power)

    def band(lo, hi):
        return float(power[int(n * lo): int(n * hi)].sum()) + 1e-6

    return band(0.5, 1.0) / band(0.05, 0.25), band(0.75, 1.0) / band(0.25, 0.5)


def _gray_columns(bgr: np.ndarray, stride: int) -> np.ndarray:
    """Grey of every ``stride``-th column, as rows. Gathering the columns' bytes with ``take`` on
    the flat rows is 3× cheaper than copying the strided view."""
    h, w = bgr.shape[:2]
    cols = (np.arange(0, w, stride)[:, None] * 3 + np.arange(3)).ravel()
    picked = np.ascontiguousarray(bgr).reshape(h, w * 3).take(cols, axis=1).reshape(h, -1, 3)
    return cv2.cvtColor(picked, cv2.COLOR_BGR2GRAY).T


def measure_resampling(p: Prepared, stride: int = 64) -> Resampling | None:
    """None when the working copy is not at native resolution (a draft decode hides resampling),
    too small to measure, or not a photo format (PNG and GIF hold screenshots and graphics, whose
    spectra are anisotropic by design)."""
    if not p.native or min(p.full.shape[:2]) < 128 or p.decoded.format not in PHOTO_FORMATS:
        return None
    dx, ex = _band_energies(p.gray(rows=slice(None, None, stride)))
    dy, ey = _band_energies(_gray_columns(p.full, stride))
    return Resampling(dx, dy, ex, ey)
