"""Reading text on pictures (OCR) for the 4.2(2)/4.2(3) text-on-image rules.

rapidocr-onnxruntime: PP-OCRv4 detection and recognition models that ship inside the wheel, run by
onnxruntime on the CPU, so nothing is downloaded, ever. The engine is built once per process (about
0.6 s) and reused; one thread per worker (../shared/notes/performance.md §6: two threads fight the
other worker on a 2-core machine).

OCR costs 100–700 ms a picture, so it runs in stages: ``vision.text_blocks`` (a few ms) drops
pictures without dense thin strokes; on real photographs that is few of them (grass, gravel,
fur and foliage are all strokes), so ``may_hold_text`` (half a millisecond) also asks for strong
strokes in a line before ``detect`` runs the detection model alone on a copy
of at most 448 px, or half the picture's size when that is smaller (most real photos, 300–900 px: a
320 px copy costs about half of a 448 px one; on the real-photo corpus it finds text on every text
picture but an 18 px watermark on a 640 px photo, as 448 px did; ``handle_band`` then reads the
bottom strip again near full size where a line of strokes stands there, and finds it). Only
pictures with detected text are read, and where the text sits in a few small places (a caption, a watermark) only those crops are read.
A line counts only when it is ``legible``: garbled scene text (lettering on a bus, a logo, a
symbol) reads as low-scored fragments, not as words.
"""
from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass

import cv2
import numpy as np

from . import vision

MAX_SIDE = 1280  # the detector does not need more; a 4000 px phone photo is read at this size
WHOLE_PICTURE_SHARE = 0.35  # above this share of text regions, read the picture in one pass
MAX_CROPS = 4
DETECT_MAX_SIDE = 448  # the detection pre-pass (cost grows with its square) …
DETECT_MIN_SCALE = 0.5  # … or half the picture when that is smaller (a photo under 900 px) …
DETECT_MIN_SIDE = 256  # … but never under this
# The line gate (``may_hold_text``): blocks of the grey analysis copy, a stroke contrast and a share
# of stroke pixels a block of text reaches, and how many such blocks a line of characters makes.
LINE_BLOCK = 16
LINE_STROKE_CONTRAST = 50
LINE_BLOCK_DENSITY = 0.25
LINE_MIN_BLOCKS = 3
# The handle band: apps stamp a handle or a site (@name, weibo.com/…) along the bottom edge, in type
# that half-size detection loses (18–22 px on a 500–700 px photo). Where the bottom of the picture
# holds a line of strokes in otherwise quiet surroundings, that strip is detected again near full size.
HANDLE_BAND = 0.2  # the bottom fifth of the picture
HANDLE_BAND_MAX_HOT = 0.25  # more of the strip dense with strokes than this is texture (grass, gravel)
HANDLE_BAND_MARGIN = 3  # blocks on each side of the line's run
HANDLE_BAND_MAX_PIXELS = 60_000  # the strip is reduced to this many pixels at most (about 10 ms)
LEGIBLE_SCORE = 0.8  # recognition confidence of a line read as words
LEGIBLE_WORD_SHARE = 0.6  # letters, digits and CJK characters among its non-space characters
_WORD = re.compile(r"[^\W_]")
_lock = threading.Lock()


@dataclass(frozen=True)
class TextLine:
    text: str
    box: list[int]  # [x, y, w, h] in the pixels of the picture given to ``read_text``
    score: float


@functools.lru_cache(maxsize=1)
def engine():
    """The process's OCR engine. ``det_limit_type="max"`` keeps small crops at their size (the
    default upscales every input to 736 px on its short side)."""
    from rapidocr_onnxruntime import RapidOCR  # heavy import: only when a picture needs reading

    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, det_limit_type="max", print_verbose=False)


def legible(line: TextLine) -> bool:
    """A line read as words: confident, at least two word characters, mostly word characters."""
    chars = re.sub(r"\s", "", line.text)
    words = len(_WORD.findall(chars))
    return line.score >= LEGIBLE_SCORE and words >= 2 and words >= LEGIBLE_WORD_SHARE * len(chars)


def may_hold_text(gray: np.ndarray, stroke_map: np.ndarray | None = None) -> bool:
    """False when a grey picture has no line of text the detector could find: no LINE_MIN_BLOCKS
    blocks in a row or a column each dense with thin strokes (``vision.strokes``, lines under 5 px:
    pass ``stroke_map`` when ``text_blocks`` already computed it) that stand out by
    LINE_STROKE_CONTRAST grey levels. About half a millisecond against ~15 ms for
    the detection model. Texture (grass, fur, foliage, gravel) is strokes too, but seldom three strong
    blocks in a line. Measured (issue 15): of the real photos the stroke pre-filter passes, this stops
    17 % of the pipeline bench's and 30 % of the picture corpus's clean photos, and keeps every picture
    where the detector finds text (13 in the corpus, 38 of 96 generated captions and handles of 14–44 px
    at 50–100 % opacity on 16 real photos)."""
    hot = _hot_blocks(stroke_map if stroke_map is not None else vision.strokes(gray))  # as text_blocks reads them
    return _has_run(hot, LINE_MIN_BLOCKS) or _has_run(hot.T, LINE_MIN_BLOCKS)


def _hot_blocks(strokes: np.ndarray) -> np.ndarray:
    """LINE_BLOCK-pixel blocks where strokes stronger than LINE_STROKE_CONTRAST cover LINE_BLOCK_DENSITY."""
    h, w = (strokes.shape[0] // LINE_BLOCK) * LINE_BLOCK, (strokes.shape[1] // LINE_BLOCK) * LINE_BLOCK
    if not h or not w:
        return np.zeros((0, 0), bool)
    mask = (strokes[:h, :w] > LINE_STROKE_CONTRAST).astype(np.float32)
    return cv2.resize(mask, (w // LINE_BLOCK, h // LINE_BLOCK), interpolation=cv2.INTER_AREA) >= LINE_BLOCK_DENSITY


def handle_band(gray: np.ndarray, stroke_map: np.ndarray) -> list[int] | None:
    """[x, y, w, h] (in ``gray`` pixels) of the bottom strip's part where a horizontal line of
    strokes stands (LINE_MIN_BLOCKS hot blocks in a row, HANDLE_BAND_MARGIN blocks either side), or
    None: no such line, or a strip that is texture (more than HANDLE_BAND_MAX_HOT of it hot).
    Measured (2026-12-07) on 16 real photos with generated handles of 14–30 px in the bottom right
    corner: the half-size pre-pass finds 27 of 66, with this strip 50; on 106 clean real pictures
    the strip is read on 20 and the detector finds nothing there."""
    top = int(gray.shape[0] * (1 - HANDLE_BAND)) // LINE_BLOCK * LINE_BLOCK
    hot = _hot_blocks(stroke_map[top:])
    if hot.size == 0 or hot.shape[1] < LINE_MIN_BLOCKS or hot.mean() > HANDLE_BAND_MAX_HOT:
        return None
    n = hot.shape[1] - LINE_MIN_BLOCKS + 1
    start = hot[:, :n].copy()
    for k in range(1, LINE_MIN_BLOCKS):
        start &= hot[:, k:n + k]
    columns = np.flatnonzero(start.any(axis=0))
    if not columns.size:
        return None
    x0 = max(0, int(columns.min()) - HANDLE_BAND_MARGIN) * LINE_BLOCK
    x1 = min(gray.shape[1], (int(columns.max()) + LINE_MIN_BLOCKS + HANDLE_BAND_MARGIN) * LINE_BLOCK)
    return [x0, top, x1 - x0, gray.shape[0] - top]




def _has_run(hot: np.ndarray, length: int) -> bool:
    """Whether ``length`` consecutive True cells stand in one row."""
    if hot.shape[1] < length:
        return False
    run = hot[:, : hot.shape[1] - length + 1].copy()
    for k in range(1, length):
        run &= hot[:, k: hot.shape[1] - length + 1 + k]
    return bool(run.any())


def detect(bgr: np.ndarray) -> list[list[int]]:
    """Boxes [x, y, w, h] (in ``bgr`` pixels) where the detection model sees text, on a copy of at
    most DETECT_MAX_SIDE px, or of half the picture when that is smaller (real photos of 500–900 px:
    half the cost of 448 px, and a 22 px watermark is still 11 px there), never under
    DETECT_MIN_SIDE; no recognition."""
    h, w = bgr.shape[:2]
    long = max(h, w)
    scale = min(1.0, DETECT_MAX_SIDE / long, max(DETECT_MIN_SCALE, DETECT_MIN_SIDE / long))
    if scale == 0.5:  # an exact 2:1 of the even part keeps OpenCV's area resize on its fast path
        even = bgr[: h - h % 2, : w - w % 2]  # (an odd size's generic path took 1.4 ms of ~23)
        small = cv2.resize(even, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    elif scale < 1:
        small = cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    else:
        small = bgr
    return _boxes(small, scale)


def detect_strip(bgr: np.ndarray, box: list[int]) -> list[list[int]]:
    """``detect`` on one part ``box`` [x, y, w, h] of ``bgr`` (the handle band), near full size:
    reduced only to HANDLE_BAND_MAX_PIXELS. Boxes in ``bgr`` pixels."""
    x, y, w, h = box
    part = bgr[y:y + h, x:x + w]
    scale = min(1.0, (HANDLE_BAND_MAX_PIXELS / max(1, w * h)) ** 0.5)
    if scale < 1:
        part = cv2.resize(part, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    return [[bx + x, by + y, bw, bh] for bx, by, bw, bh in _boxes(part, scale)]


def _boxes(small: np.ndarray, scale: float) -> list[list[int]]:
    """The detector's boxes on ``small``, a copy at ``scale`` of the picture, in the picture's pixels."""
    with _lock:
        quads = _text_det(np.ascontiguousarray(small))
    boxes = []
    for quad in quads if quads is not None else ():
        xs, ys = quad[:, 0] / scale, quad[:, 1] / scale
        boxes.append([int(xs.min()), int(ys.min()), int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1])
    return boxes


def _text_det(bgr: np.ndarray):
    """RapidOCR's ``TextDetector.__call__`` (rapidocr-onnxruntime 1.4.4: resize to multiples of 32,
    normalise, run, DB post-processing) with the normalisation done by ``cv2.dnn.blobFromImage`` in
    float32: RapidOCR's own goes through float64 and three copies, 1.6 ms of a ~20 ms detection on a
    real photo, against 0.2 ms. Same input to the model (to 1e-6), so the same boxes."""
    det = engine().text_det
    pre = det.get_preprocess(max(bgr.shape[:2]))
    mean, std = np.asarray(pre.mean, np.float64).ravel(), np.asarray(pre.std, np.float64).ravel()
    if np.ptp(mean) or np.ptp(std):  # per-channel statistics: blobFromImage has one scale factor
        return det(bgr)[0]
    resized = pre.resize(bgr)
    if resized is None:
        return None
    blob = cv2.dnn.blobFromImage(resized, 1 / (255 * std[0]), mean=(255 * mean[0],) * 3)
    shape = bgr.shape[:2]
    quads, _ = det.postprocess_op(det.infer(blob)[0], shape)
    return det.filter_tag_det_res(quads, shape)


def _run(bgr: np.ndarray) -> list[TextLine]:
    with _lock:  # one engine per process; onnxruntime is thread-safe, RapidOCR's call state is not
        result, _ = engine()(np.ascontiguousarray(bgr))  # rapidocr takes BGR arrays, as OpenCV decodes
    lines = []
    for quad, text, score in result or ():
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        x0, y0 = int(min(xs)), int(min(ys))
        lines.append(TextLine(text.strip(), [x0, y0, int(max(xs)) - x0, int(max(ys)) - y0], float(score)))
    return [line for line in lines if line.text]


def read_text(bgr: np.ndarray, regions: list[list[int]] | None = None) -> list[TextLine]:
    """Lines of text on a BGR picture, boxes in its pixels. ``regions`` ([x, y, w, h] in the same
    pixels) limits reading to those places when they are few and small."""
    h, w = bgr.shape[:2]
    covered = sum(rw * rh for _, _, rw, rh in regions or ()) / float(w * h)
    if regions is None or covered > WHOLE_PICTURE_SHARE or len(regions) > MAX_CROPS:
        scale = min(1.0, MAX_SIDE / max(h, w))
        small = cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA) \
            if scale < 1 else bgr
        return [_scaled(line, 1 / scale, 0, 0) for line in _run(small)]
    lines = []
    for x, y, rw, rh in regions:
        lines += [_scaled(line, 1.0, x, y) for line in _run(bgr[y:y + rh, x:x + rw])]
    return lines


def _scaled(line: TextLine, scale: float, dx: int, dy: int) -> TextLine:
    x, y, bw, bh = line.box
    return TextLine(line.text, [round(x * scale) + dx, round(y * scale) + dy, round(bw * scale), round(bh * scale)],
                    line.score)
