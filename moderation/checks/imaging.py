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
_SECOND_DIFFERENCE = np.array([[1, -2, 1]], np.float32)


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

    @cached_property
    def second_differences(self) -> tuple[np.ndarray, np.ndarray]:
        """(along x, along y): the [1, -2, 1] second difference of the analysis copy, int16 (exact).
        Computed once and shared: their sum is the Laplacian (sharpness), each alone the directional
        detail (motion blur), and on a native-resolution copy their magnitudes carry resampling traces."""
        a = self.analysis  # along x filter2D is 3× cheaper than the equal Sobel(2, 0, ksize=1); along y Sobel is
        return cv2.filter2D(a, cv2.CV_16S, _SECOND_DIFFERENCE), cv2.Sobel(a, cv2.CV_16S, 0, 2, ksize=1)

    @property
    def analysis_is_native(self) -> bool:
        """The analysis copy has the original's pixels (no draft, no halving)."""
        return self.native and self.analysis.shape[:2] == self.decoded.pixels.shape[:2]

    @property
    def shares_differences(self) -> bool:
        """The resampling measure reads ``second_differences`` too (a photo measured at its own size)."""
        return self.analysis_is_native and self.decoded.format in PHOTO_FORMATS

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
    """0/255 mask. With every channel at least NEAR_WHITE_MIN (235), max − min is at most 20 already:
    one ``inRange`` (no int16 copy, no channel min and max) where the chroma test cannot bite."""
    mask = cv2.inRange(rgb, (NEAR_WHITE_MIN,) * 3, (255,) * 3)
    if 255 - NEAR_WHITE_MIN <= NEAR_WHITE_CHROMA:
        return mask
    s = rgb.astype(np.int16)
    return mask & np.where(channel_max(s) - channel_min(s) <= NEAR_WHITE_CHROMA, 255, 0).astype(np.uint8)


def measure_white_background(p: Prepared) -> WhiteBackground:
    small = p.small
    b = max(2, round(min(small.shape[:2]) * 0.04))
    # the outer ring: top and bottom bands, then the left and right bands between them
    ring = (small[:b], small[-b:], small[b:-b, :b], small[b:-b, -b:])
    border = sum(cv2.countNonZero(_near_white(part)) for part in ring) / sum(part.shape[0] * part.shape[1] for part in ring)
    if border < 0.5:  # clearly not a studio background: the ring alone decides (most pictures stop here)
        return WhiteBackground(border, 0.0, 0.0)
    white = _near_white(small) > 0
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
    if p.shares_differences:  # computed for the resampling measure anyway
        d2x, d2y = p.second_differences
        return _tile_sharpness(cv2.add(d2x, d2y), spread)  # = cv2.Laplacian(analysis, CV_16S), ksize 1
    return _tile_sharpness(cv2.Laplacian(p.analysis, cv2.CV_16S), spread)


def _tile_sharpness(d2: np.ndarray, spread: float) -> float:
    """95th percentile over an 8×8 grid of tiles of the variance of ``d2`` (int16), normalised to a
    100-level contrast."""
    h, w = (d2.shape[0] // 8) * 8, (d2.shape[1] // 8) * 8
    norm = (100 / max(spread, 20.0)) ** 2
    if h < 32 or w < 32:
        return float(d2.astype(np.float32).var() * norm)
    runs = np.ascontiguousarray(d2[:h, :w]).reshape(h * 8, w // 8)  # row r, tile column c: row 8r + c
    n = (h // 8) * (w // 8)
    mean = cv2.reduce(runs, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32F).reshape(8, h // 8, 8).sum(axis=1) / n
    mean_sq = cv2.reduce(runs, 1, cv2.REDUCE_SUM2, dtype=cv2.CV_32F).reshape(8, h // 8, 8).sum(axis=1) / n
    return _percentile(mean_sq - mean * mean, 95) * norm


def measure_directional_sharpness(p: Prepared, spread: float) -> tuple[float, float]:
    """(across columns, across rows): ``measure_sharpness`` of the second difference along x alone
    and along y alone. Motion blur (a shaken camera, a moving subject) smears detail along one
    direction only, so the Laplacian keeps the other direction's detail and reads sharp enough;
    along the motion there is then almost none (skimage's motion-blurred clock: 3–12 against 67–76
    across it; real photos, a brick wall's strongly oriented texture included, keep 18+ both ways)."""
    d2x, d2y = p.second_differences
    return _tile_sharpness(d2x, spread), _tile_sharpness(d2y, spread)


def _steepest(gray: np.ndarray) -> float:
    """99.5th percentile of the larger neighbour difference (grey levels per pixel)."""
    dx = cv2.absdiff(gray[:-1, 1:], gray[:-1, :-1])
    dy = cv2.absdiff(gray[1:, :-1], gray[:-1, :-1])
    return percentiles(cv2.max(dx, dy), 99.5)[0]


def measure_edge_steepness(p: Prepared) -> tuple[float, float]:
    """(ratio, steepest): how steep the strongest edges are at the analysis resolution against half
    of it. A sharp edge changes within a pixel at both scales (ratio 0.7–1.2 on real photos); a
    blurred edge spreads over several pixels, so halving the picture doubles its steepness
    (ratio ≈ 0.5). Content without strong edges (a smooth gradient, a fundus photograph) keeps
    whatever edges it has sharp, so it is not called blurry for lacking them."""
    a = p.analysis
    h, w = a.shape[0] // 2 * 2, a.shape[1] // 2 * 2
    half = cv2.resize(a[:h, :w], (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    steep_half = _steepest(half)
    return _steepest(a) / max(steep_half, 1.0), steep_half


# --- 画面暗淡 --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Exposure:
    brightness: float  # mean luma, 0–255
    spread: float  # 5th–95th percentile range of luma: global contrast
    colourfulness: float  # Hasler & Süsstrunk (2003)
    highlights: float  # 98th percentile of luma: an under-exposed picture has no bright part at all
    shadows: float  # 2nd percentile of luma: with ``highlights``, the range a flat (灰暗) picture lacks


def measure_exposure(p: Prepared) -> Exposure:
    """On one pixel in 16 of the small copy (about 4,000): global statistics need no more."""
    sample = np.ascontiguousarray(p.small[::4, ::4])
    luma = cv2.cvtColor(sample, cv2.COLOR_RGB2GRAY)
    bottom, lo, hi, top = percentiles(luma, 2, 5, 95, 98)
    # the opponent channels rg = R − G and yb = (R + G)/2 − B in one transform, their moments in one call
    opponent = cv2.transform(sample.astype(np.float32), _OPPONENT)
    mean, std = cv2.meanStdDev(opponent)
    colour = float(np.hypot(*std.ravel())) + 0.3 * float(np.hypot(*mean.ravel()))
    return Exposure(cv2.mean(luma)[0], hi - lo, colour, top, bottom)


_OPPONENT = np.array([[1, -1, 0], [0.5, 0.5, -1]], np.float32)  # RGB → (rg, yb), Hasler & Süsstrunk


# --- 变形、压缩、放大 --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """The strongest interpolation period along one axis: ``frequency`` in cycles per pixel (0–0.5),
    ``prominence`` its magnitude over the mean of its neighbourhood, weighted by how well the line
    keeps one phase from one group of lines to the next (``coherence``; no period: about 1–3),
    ``across`` the other axis' plain prominence at the same frequency."""

    frequency: float
    prominence: float
    across: float
    coherence: float = 1.0


@dataclass(frozen=True)
class Resampling:
    """Traces resampling leaves, at native resolution, read so that scene texture does not count.

    ``detail``: the larger of the two axes' (past 0.1: at least) power in 60–90% of the band over
    30–45% of it. A picture enlarged 2× or more has almost nothing above its old Nyquist limit
    (0.04–0.06 on real photos so enlarged; untouched ones 0.05–0.7, a retina or gravel near 0.1).

    ``x``/``y``: interpolation makes the second derivative's strength periodic with the resampling
    step, the same on every row (Gallagher 2005): the row-averaged |second difference| then has a
    sharp spectral line (at 0.13 cycles/px for a 1.15× stretch, 0.23 for 1.3×). Texture is not
    locked to the pixel grid, so it makes no line; JPEG's 8-pixel grid (k/8) is skipped, and so
    are periods longer than 20 px (bricks, tiles). The lines are read in 8 groups of rows (columns):
    a resampling line has the same phase in every group, a texture peak a different one, so the
    prominence counts only its phase-coherent part. Resampled along one axis only = the aspect
    ratio was changed (拉伸/压扁); along both at the same step = resized, which is allowed.

    ``pairs``: a 2× enlargement puts every output pixel a quarter of an input pixel from an input
    sample, alternately on either side, so the |first difference| alternates from one pixel to the
    next (a second difference cannot see it: its two phases mirror each other). Read on the luma
    (the chroma planes of a 4:2:0 JPEG are themselves enlarged 2×) as the 2-pixel component of the
    |first difference| folded on JPEG's 8-pixel grid, over the grid's own components (1/8, 2/8,
    3/8), the smaller of the two axes: about 1 without enlargement (0.7–1.6 on real photos, JPEG
    grid included), 3–18 on real photos enlarged 2×."""

    detail: float
    x: Period
    y: Period
    pairs: float = 0.0

    def one_axis(self, min_prominence: float, max_across: float) -> str | None:
        """"x" or "y" when that axis alone carries a clear resampling period: the other axis has
        none, at that step or any other (JPEG's grid mixes with a resize's period into lines that
        differ between the axes, so a resize in both axes is not taken for a stretch)."""
        for axis, period, other in (("x", self.x, self.y), ("y", self.y, self.x)):
            if period.prominence >= min_prominence and other.prominence < min_prominence \
                    and period.across <= min(max_across, period.prominence / 2):
                return axis
        return None


PERIOD_MIN_FREQUENCY = 0.05  # cycles per pixel: periods up to 20 px (longer: scene structure)
PERIOD_WINDOW = 12  # bins on each side for the neighbourhood median
PERIOD_GROUPS = 8  # groups of lines whose spectra must agree in phase
PERIOD_LINES = 200  # lines read per axis on a bigger picture (every k-th row or column; at least this many)


def _prominence(mag: np.ndarray) -> np.ndarray:
    """Each bin's magnitude over the mean of its neighbourhood, the line itself and its two
    neighbours left out (cumulative sums)."""
    w, n_bins = PERIOD_WINDOW, mag.size
    padded = np.concatenate([mag[w:0:-1], mag, mag[-2:-w - 2:-1]])
    cs = np.concatenate([[0.0], np.cumsum(padded, dtype=np.float64)])
    wide = cs[2 * w + 1: 2 * w + 1 + n_bins] - cs[:n_bins]
    near = cs[w + 2: w + 2 + n_bins] - cs[w - 1: w - 1 + n_bins]
    local = (wide - near) / (2 * w - 2)
    return (mag / (local + 1e-6)).astype(np.float32)


@functools.lru_cache(maxsize=128)
def _frequencies(size: int) -> np.ndarray:
    """The bins' frequencies (cycles per pixel) of a real transform of ``size`` points."""
    freq = np.arange(size // 2 + 1, dtype=np.float32) / size
    freq.flags.writeable = False
    return freq


@functools.lru_cache(maxsize=128)
def _usable(size: int) -> np.ndarray:
    """The bins of a ``size``-point transform where a resampling period is looked for (the same
    for every picture of a size; bins near JPEG's grid are told apart at the even length's spacing)."""
    freq = _frequencies(size)
    n = 2 * (freq.size - 1)
    ok = freq >= PERIOD_MIN_FREQUENCY
    for k in range(1, 5):  # JPEG's 8×8 grid, in both axes alike
        ok &= np.abs(freq - k / 8) > 3.0 / n  # a strong line leaks into its neighbours
    ok.flags.writeable = False
    return ok


def _group_profiles(d2: np.ndarray, axis: int) -> np.ndarray:
    """|second difference| ``d2`` (int16, along ``axis``: 1 = along rows) summed over each of
    PERIOD_GROUPS groups of lines: (groups, length), the border pixels left out. Each group's block
    is summed by ``cv2.reduce`` in place (no transpose, no int32 copy: 30% cheaper than numpy)."""
    a = cv2.convertScaleAbs(d2)  # saturates at 255
    lines = a.shape[0] if axis == 1 else a.shape[1]
    k = PERIOD_GROUPS if lines >= 4 * PERIOD_GROUPS else 1
    step = lines // k
    if axis == 1:
        return np.vstack([cv2.reduce(a[g * step:(g + 1) * step, 1:-1], 0, cv2.REDUCE_SUM, dtype=cv2.CV_32F)
                          for g in range(k)])
    return np.hstack([cv2.reduce(a[1:-1, g * step:(g + 1) * step], 1, cv2.REDUCE_SUM, dtype=cv2.CV_32F)
                      for g in range(k)]).T


def _coherent_lines(profiles: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(frequencies, prominence × coherence, prominence, coherence) of the summed profile's spectrum;
    the coherence of a bin is |Σ groups' spectra| / Σ |groups' spectra| (1: one phase in every
    group). The transform is zero-padded to a length with small prime factors."""
    k, n = profiles.shape
    size = cv2.getOptimalDFTSize(n)
    centred = (profiles - profiles.mean(axis=1, keepdims=True)) * _hann(n)
    spectra = np.fft.rfft(centred, n=size, axis=1)
    total = np.abs(spectra.sum(axis=0))
    coherence = (total / (np.abs(spectra).sum(axis=0) + 1e-6)).astype(np.float32)
    prominence = _prominence(total)
    return _frequencies(size), np.where(_usable(size), prominence * coherence, 0), prominence, coherence


def _periods(x_profiles: np.ndarray, y_profiles: np.ndarray) -> tuple[Period, Period]:
    spectra = [_coherent_lines(x_profiles), _coherent_lines(y_profiles)]
    found = []
    for (freq, score, _, coherence), (ofreq, _, oprom, _) in (spectra, spectra[::-1]):
        n = 2 * (ofreq.size - 1)
        i = int(np.argmax(score))
        j = np.abs(ofreq - freq[i]) <= 2.0 / n  # the same step, within two bins
        found.append(Period(float(freq[i]), float(score[i]), float(oprom[j].max()) if j.any() else 0.0,
                            float(coherence[i])))
    return found[0], found[1]


def _pairs(gray: np.ndarray, axis: int) -> float:
    """The 2-pixel component of the line-averaged |first difference| of ``gray`` along ``axis`` (1:
    along rows), folded on JPEG's 8-pixel grid, over the mean of the grid's 1/8, 2/8 and 3/8 components."""
    d1 = cv2.absdiff(gray[:, 1:], gray[:, :-1]) if axis == 1 else cv2.absdiff(gray[1:], gray[:-1])
    d1 = cv2.reduce(d1, 1 - axis, cv2.REDUCE_SUM, dtype=cv2.CV_32F).ravel()
    n = d1.size // 8 * 8
    if n < 64:
        return 0.0
    h = np.abs(np.fft.rfft(d1[:n].reshape(-1, 8).sum(axis=0)))
    return float(h[4] / (h[1:4].mean() + 1e-6))


def _both_pairs(x_lines: np.ndarray, y_lines: np.ndarray, y_axis: int, detail: float) -> float:
    """The smaller axis' ``_pairs``, measured only where there is little detail above the old Nyquist
    limit (an enlargement has little; a soft original with a 2-pixel pattern has plenty): 0 elsewhere."""
    if detail >= DRAFT_SUSPECT_DETAIL:
        return 0.0
    return min(_pairs(x_lines, 1), _pairs(y_lines, y_axis))


@functools.lru_cache(maxsize=128)
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


def _detail(lines: np.ndarray) -> float:
    lines = lines.astype(np.float32)
    lines -= lines.mean(axis=1, keepdims=True)
    power = _power(lines * _hann(lines.shape[1]))
    n = len(power)

    def band(lo, hi):
        return float(power[int(n * lo): int(n * hi)].mean()) + 1e-6

    return band(0.6, 0.9) / band(0.3, 0.45)


def _gray_columns(bgr: np.ndarray, stride: int) -> np.ndarray:
    """Grey of every ``stride``-th column, as rows. Gathering the columns' bytes with ``take`` on
    the flat rows is 3× cheaper than copying the strided view."""
    h, w = bgr.shape[:2]
    cols = (np.arange(0, w, stride)[:, None] * 3 + np.arange(3)).ravel()
    picked = np.ascontiguousarray(bgr).reshape(h, w * 3).take(cols, axis=1).reshape(h, -1, 3)
    return cv2.cvtColor(picked, cv2.COLOR_BGR2GRAY).T


def _native_pixels(p: Prepared) -> np.ndarray | None:
    """The full-resolution pixels of a draft-decoded JPEG (decoded again, only when asked)."""
    if p.decoded.data is None:
        return None
    return cv2.imdecode(np.frombuffer(p.decoded.data, np.uint8), cv2.IMREAD_COLOR)


DRAFT_SUSPECT_DETAIL = 0.1  # a draft this poor in detail is decoded again at full size to be sure


def measure_resampling(p: Prepared, stride: int = 32) -> Resampling | None:
    """None when the picture is too small to measure or not a photo format (PNG and GIF hold
    screenshots and graphics, whose spectra are anisotropic by design). A draft-decoded JPEG hides
    resampling; it is decoded again at full size only when its draft already looks poor in detail."""
    if min(p.full.shape[:2]) < 128 or p.decoded.format not in PHOTO_FORMATS:
        return None
    full = p.full
    if not p.native:
        draft = max(_detail(p.gray(rows=slice(None, None, stride))), _detail(_gray_columns(full, stride)))
        full = _native_pixels(p) if draft < DRAFT_SUSPECT_DETAIL else None
        if full is None:
            return None
    # the larger of the two axes' detail (past 0.1 the other cannot matter)
    detail = _detail(np.ascontiguousarray(full[::stride, :, 1]))
    if detail < DRAFT_SUSPECT_DETAIL:
        detail = max(detail, _detail(np.ascontiguousarray(full[:, ::stride, 1].T)))
    if full is p.full and p.shares_differences:  # the analysis copy is the picture: its differences are shared
        d2x, d2y = p.second_differences
        x, y = _periods(_group_profiles(d2x, 1), _group_profiles(d2y, 0))
        return Resampling(detail, x, y, _both_pairs(p.analysis, p.analysis, 0, detail))
    # a bigger picture: the luma (the green channel alone carries the chroma planes' own 2× grid) of
    # every k-th row (PERIOD_LINES or more) and of the middle third of the columns, read down
    h, w = full.shape[:2]
    rows = cv2.cvtColor(full[:: max(1, h // PERIOD_LINES)], cv2.COLOR_BGR2GRAY)
    band = cv2.cvtColor(full[:, w // 3: w - w // 3], cv2.COLOR_BGR2GRAY)
    x, y = _periods(_group_profiles(cv2.filter2D(rows, cv2.CV_16S, _SECOND_DIFFERENCE), 1),
                    _group_profiles(cv2.Sobel(band, cv2.CV_16S, 0, 2, ksize=1), 0))
    return Resampling(detail, x, y, _both_pairs(rows, band, 0, detail))
