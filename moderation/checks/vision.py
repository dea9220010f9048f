"""Regional detectors: QR codes (4.2(3), 5.4-II.1), faces (4.2(2) guide covers) and the cheap
"likely carries text" pre-filter that decides which pictures go to OCR.

OpenCV only, offline: the Haar cascade ships in opencv-python 4.x (``cv2.data.haarcascades``); the
QR detector is ``QRCodeDetectorAruco``. Detectors are built once per process. Every box is
[x, y, w, h] in the pixels of the copy it was found on; ``Prepared.to_original`` maps it back.
"""
from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

import cv2
import numpy as np

_lock = threading.Lock()

# QR pre-filter: a QR code is a patch of nearly pure black and white with sharp edges everywhere
QR_BLOCK = 8  # pixels of the analysis copy
QR_EXTREME_SHARE = 0.8  # share of near-black or near-white pixels in a candidate block
QR_EDGE_SHARE = 0.2  # share of strong-edge pixels in a candidate block
QR_MIN_BLOCKS = 3  # a scannable code spans at least this many blocks (24 px of the analysis copy)
QR_DARK_SHARE = (0.15, 0.75)  # share of dark pixels over a candidate (quiet zone included)
QR_MAX_ASPECT = 3  # a code is square (a caption beside it may lengthen the patch)
QR_MAX_CANDIDATES = 3  # largest first: text on paper makes many small patches
QR_MIN_FINDERS = 2  # nested square outlines (finder patterns: a code has 3) before the decoder runs


@dataclass(frozen=True)
class QrCode:
    payload: str
    box: list[int]


@functools.lru_cache(maxsize=1)
def _qr_detector():
    return cv2.QRCodeDetectorAruco()


def _block_share(mask: np.ndarray) -> np.ndarray:
    h, w = (mask.shape[0] // QR_BLOCK) * QR_BLOCK, (mask.shape[1] // QR_BLOCK) * QR_BLOCK
    return cv2.resize(mask[:h, :w], (w // QR_BLOCK, h // QR_BLOCK), interpolation=cv2.INTER_AREA)


def _share_of(blocks: np.ndarray) -> np.ndarray:
    """Per block (k × QR_BLOCK × QR_BLOCK booleans), its share of True on the 0–255 scale of
    ``_block_share`` (the area resize rounds a 0/255 mask's mean the same way)."""
    n = QR_BLOCK * QR_BLOCK
    return ((blocks.sum(axis=(1, 2)) * 255 + n // 2) // n).astype(np.uint8)


def _qr_candidates(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of patches that look like a QR code: black and white, dense sharp edges.
    Dense strong edges are rare in photos, so the black-and-white and dark shares are only counted
    in the blocks that have them (the grid is otherwise left at 0, which no candidate reads)."""
    if min(gray.shape) < QR_BLOCK * QR_MIN_BLOCKS:
        return []
    edges = cv2.threshold(cv2.morphologyEx(gray, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)), 100, 255,
                          cv2.THRESH_BINARY)[1]
    edgy = _block_share(edges) >= QR_EDGE_SHARE * 255
    if not edgy.any():
        return []
    ys, xs = np.nonzero(edgy)
    gh, gw = edgy.shape
    blocks = gray[: gh * QR_BLOCK, : gw * QR_BLOCK].reshape(gh, QR_BLOCK, gw, QR_BLOCK)[ys, :, xs, :]
    mask = np.zeros_like(edgy)
    mask[ys, xs] = _share_of((blocks > 175) | (blocks <= 79)) >= QR_EXTREME_SHARE * 255
    if not mask.any():
        return []
    dark = np.zeros(edgy.shape, np.uint8)
    dark[ys, xs] = _share_of(blocks <= 127)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    # square enough and large enough, largest first (a photo's edges make dozens of small patches)
    side, length = np.minimum(stats[:, 2], stats[:, 3]), np.maximum(stats[:, 2], stats[:, 3])
    shaped = (side >= QR_MIN_BLOCKS) & (length <= QR_MAX_ASPECT * side)
    shaped[0] = False  # the background
    boxes = []
    for i in sorted(np.flatnonzero(shaped).tolist(), key=lambda i: -stats[i, cv2.CC_STAT_AREA]):
        x, y, w, h = stats[i, :4].tolist()
        # about half of a code's modules are dark; a white card or a dark photo is not a code
        if QR_DARK_SHARE[0] <= dark[labels == i].mean() / 255 <= QR_DARK_SHARE[1]:
            m = max(w, h) // 3 + 1  # the quiet zone and the finder patterns' outer ring
            x0, y0 = max(0, x - m) * QR_BLOCK, max(0, y - m) * QR_BLOCK
            boxes.append((x0, y0, min(gray.shape[1], (x + w + m) * QR_BLOCK), min(gray.shape[0], (y + h + m) * QR_BLOCK)))
            if len(boxes) == QR_MAX_CANDIDATES:
                break
    return boxes


def _finder_patterns(crop: np.ndarray) -> int:
    """Square outlines with an outline inside that holds another (a finder pattern's dark ring, light
    ring and dark centre) on the Otsu-binarised grey crop. A code shows 3; the candidates that fur,
    coins or a motorbike's chrome make show 0–1. 0.1–0.8 ms, where the decoder takes 1–5 ms."""
    _, binary = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return 0
    tree, count = hierarchy[0], 0
    for i, (_, _, child, _) in enumerate(tree):
        if child < 0 or tree[child][2] < 0:
            continue
        _, _, w, h = cv2.boundingRect(contours[i])
        count += w >= 5 and h >= 5 and 0.6 <= w / h <= 1.67
    return count


def find_qr_codes(analysis: np.ndarray, full: np.ndarray) -> list[QrCode]:
    """QR codes that decode, anywhere in the picture; boxes in ``full`` pixels. Candidates are found
    on the ~600 px grey ``analysis`` copy and decoded from ``full`` (the working-resolution BGR), so
    that small codes with 1–2 px modules on the analysis copy still decode. Only candidates with
    finder patterns go to the decoder (most real photos have a candidate or two and none)."""
    scale = full.shape[1] / analysis.shape[1]
    found = []
    for x0, y0, x1, y1 in _qr_candidates(analysis):
        fx0, fy0 = int(x0 * scale), int(y0 * scale)
        crop = cv2.cvtColor(np.ascontiguousarray(full[fy0:int(y1 * scale), fx0:int(x1 * scale)]), cv2.COLOR_BGR2GRAY)
        if _finder_patterns(crop) < QR_MIN_FINDERS:
            continue
        with _lock:  # OpenCV detector objects are not documented as thread-safe
            ok, payloads, points, _ = _qr_detector().detectAndDecodeMulti(crop)
        for payload, quad in zip(payloads if ok else (), points if ok else ()):
            if payload:
                xs, ys = quad[:, 0] + fx0, quad[:, 1] + fy0
                found.append(QrCode(payload, [int(xs.min()), int(ys.min()), int(np.ptp(xs)), int(np.ptp(ys))]))
    return found


# --- faces -----------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _face_cascade():
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_alt2.xml")
    if cascade.empty():
        raise RuntimeError("OpenCV's Haar face cascade is missing (opencv-python 4.x ships it)")
    return cascade


def find_faces(gray: np.ndarray, *, min_share: float) -> list[list[int]]:
    """Frontal faces at least ``min_share`` of the picture's shorter side, largest first."""
    side = max(20, int(min(gray.shape) * min_share))
    with _lock:
        faces = _face_cascade().detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(side, side))
    return sorted(([int(v) for v in f] for f in faces), key=lambda f: -f[2] * f[3])


# --- does the picture carry text? ------------------------------------------------------------------

TEXT_BLOCK = 16  # pixels of the analysis copy
TEXT_STROKE_CONTRAST = 30  # grey levels a stroke stands out from its surroundings
TEXT_BLOCK_DENSITY = 0.25  # share of stroke pixels in a block that holds text
_STROKE_KERNEL = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))


def strokes(gray: np.ndarray) -> np.ndarray:
    """Thin-stroke strength of a grey picture: top-hat / black-hat with a 5×5 square (lines thinner
    than 5 px, light or dark, against their surroundings). Shared by ``text_blocks`` and
    ``ocr.may_hold_text`` (two morphology passes, about 0.2 ms on a 512 px copy)."""
    return cv2.max(cv2.morphologyEx(gray, cv2.MORPH_TOPHAT, _STROKE_KERNEL),
                   cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, _STROKE_KERNEL))


def text_blocks(gray: np.ndarray, stroke_map: np.ndarray | None = None) -> np.ndarray:
    """Boolean grid of TEXT_BLOCK-pixel blocks dense with thin strokes (``strokes``; pass
    ``stroke_map`` when already computed). Object edges are steps, not strokes, so photos stay quiet;
    a block counts only next to another one along a line, as characters stand in a row or column."""
    strength = stroke_map if stroke_map is not None else strokes(gray)
    _, mask = cv2.threshold(strength, TEXT_STROKE_CONTRAST, 255, cv2.THRESH_BINARY)
    h, w = (gray.shape[0] // TEXT_BLOCK) * TEXT_BLOCK, (gray.shape[1] // TEXT_BLOCK) * TEXT_BLOCK
    if not h or not w:
        return np.zeros((0, 0), bool)
    density = cv2.resize(mask[:h, :w], (w // TEXT_BLOCK, h // TEXT_BLOCK), interpolation=cv2.INTER_AREA)
    hot = density >= TEXT_BLOCK_DENSITY * 255
    paired = np.zeros_like(hot)
    paired[:, 1:] |= hot[:, 1:] & hot[:, :-1]
    paired[:, :-1] |= hot[:, 1:] & hot[:, :-1]
    paired[1:] |= hot[1:] & hot[:-1]
    paired[:-1] |= hot[1:] & hot[:-1]
    return paired


def text_regions(blocks: np.ndarray) -> list[list[int]]:
    """Boxes [x, y, w, h] (in analysis pixels) around groups of text blocks, with a margin of one
    block above and below and two on each side (a line's first and last characters are often
    missed by the block test)."""
    if not blocks.any():
        return []
    grown = cv2.dilate(blocks.astype(np.uint8), np.ones((3, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    gh, gw = blocks.shape
    boxes = []
    for x, y, w, h, _ in stats[1:]:
        x1, y1 = min(gw, x + w), min(gh, y + h)
        boxes.append([x * TEXT_BLOCK, y * TEXT_BLOCK, (x1 - x) * TEXT_BLOCK, (y1 - y) * TEXT_BLOCK])
    return boxes
