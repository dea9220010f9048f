"""The pictures of one post, decoded once per ``check_post`` and measured on demand.

``pictures(post, ctx)`` opens every image of the post through ``ctx.open_image`` (cover, body images,
product-card images: ``post.image_refs``), decodes each path once with ``uploads.decode_for_checks``
and caches the result in ``ctx.cache``; a bad image becomes a ``Picture`` with an ``error`` (the
IMAGE_INVALID finding) and the other pictures are still checked. Measurements are lazy and cached on
the Picture, so the rules that share one (the text pre-filter, say) pay for it once.

``read_pictures(post, ctx)`` runs OCR on the pictures most likely to carry text, up to a cap per post.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cached_property

import cv2
import numpy as np

from . import collage, imaging, ocr, vision
from .engine import CheckContext, Wording, say
from .post import image_refs
from .uploads import ImageRejected, decode_for_checks

MIN_SIDE_TO_MEASURE = 64  # icons and thumbnails: decoded (IMAGE_INVALID) but not judged
OCR_MAX_PICTURES = 4  # per post: OCR costs 0.1–0.7 s a picture
OCR_MIN_SCORE = 0.6
ROLE_PRIORITY = {"product": 0, "cover": 1, "body": 2}  # 4.4: promotion on product images above all


@dataclass
class Picture:
    target: str  # "cover", "blocks[3]", "blocks[5].image"
    ref: str  # the image path in the post
    role: str  # "cover", "body" or "product"
    prepared: imaging.Prepared | None = None
    error: ImageRejected | None = None
    lines: list[ocr.TextLine] | None = field(default=None, repr=False)  # OCR, ORIGINAL pixels; None = not read

    @property
    def label(self) -> Wording:
        """How a message names this picture."""
        name = posixpath.basename(self.ref) or self.ref
        if self.role == "cover":
            return say("封面图")
        return say("正文图片「{name}」", name=name) if self.role == "body" else say("商品卡片图片「{name}」", name=name)

    @property
    def measurable(self) -> bool:
        p = self.prepared
        return p is not None and min(p.decoded.width, p.decoded.height) >= MIN_SIDE_TO_MEASURE

    @property
    def size(self) -> tuple[int, int]:
        return self.prepared.decoded.width, self.prepared.decoded.height

    @cached_property
    def white_background(self) -> imaging.WhiteBackground:
        return imaging.measure_white_background(self.prepared)

    @cached_property
    def sharpness(self) -> float:
        return imaging.measure_sharpness(self.prepared, self.exposure.spread)

    @cached_property
    def directional_sharpness(self) -> tuple[float, float]:
        return imaging.measure_directional_sharpness(self.prepared, self.exposure.spread)

    @cached_property
    def edge_steepness(self) -> tuple[float, float]:
        return imaging.measure_edge_steepness(self.prepared)

    @cached_property
    def exposure(self) -> imaging.Exposure:
        return imaging.measure_exposure(self.prepared)

    @cached_property
    def resampling(self) -> imaging.Resampling | None:
        return imaging.measure_resampling(self.prepared)

    @cached_property
    def seams(self) -> list[collage.Seam]:
        return collage.find_seams(self.prepared.medium)

    @cached_property
    def qr_codes(self) -> list[vision.QrCode]:
        return vision.find_qr_codes(self.prepared.analysis, self.prepared.full)

    @cached_property
    def strokes(self) -> np.ndarray:
        return vision.strokes(self.prepared.analysis)

    @cached_property
    def text_blocks(self) -> np.ndarray:
        return vision.text_blocks(self.prepared.analysis, self.strokes)

    def faces(self, min_share: float) -> list[list[int]]:
        small = cv2.cvtColor(self.prepared.small, cv2.COLOR_RGB2GRAY)
        return [self.prepared.to_original(box, small) for box in vision.find_faces(small, min_share=min_share)]

    @cached_property
    def text_boxes(self) -> list[list[int]]:
        """Where the OCR detection model sees text (working-resolution pixels); [] without strokes.
        The whole picture at half size, and the bottom strip near full size where a line of strokes
        stands there and the half-size pass found nothing (``ocr.handle_band``: handles, sites)."""
        p = self.prepared
        if not self.text_blocks.any() or not ocr.may_hold_text(p.analysis, self.strokes):
            return []
        boxes = ocr.detect(p.full)
        band = ocr.handle_band(p.analysis, self.strokes)
        if band is not None:  # a line of strokes along the bottom: small type there is read near full size
            sx, sy = p.full.shape[1] / p.analysis.shape[1], p.full.shape[0] / p.analysis.shape[0]
            strip = [round(band[0] * sx), round(band[1] * sy), round(band[2] * sx), round(band[3] * sy)]
            if not any(by + bh > strip[1] for _, by, _, bh in boxes):  # nothing found there yet
                boxes += ocr.detect_strip(p.full, strip)
        return boxes

    def read(self) -> list[ocr.TextLine]:
        """OCR the detected text (only those places, when they are few and small); legible lines only."""
        p = self.prepared
        bgr = p.full
        h, w = bgr.shape[:2]
        regions = []
        for x, y, bw, bh in self.text_boxes:  # a margin: the detector's boxes are tight
            m = max(8, bh // 2)
            x0, y0 = max(0, x - m), max(0, y - m)
            regions.append([x0, y0, min(w, x + bw + m) - x0, min(h, y + bh + m) - y0])
        lines = ocr.read_text(bgr, regions)
        return [ocr.TextLine(line.text, p.to_original(line.box, bgr), line.score)
                for line in lines if line.score >= OCR_MIN_SCORE and ocr.legible(line)]


def _open(ctx: CheckContext, ref: str) -> tuple[imaging.Prepared | None, ImageRejected | None]:
    try:
        data = ctx.open_image(ref)
    except (OSError, KeyError, ValueError):
        return None, ImageRejected("unreadable", say("图片「{ref}」无法读取（文件不存在或已损坏），请重新上传", ref=ref))
    try:
        return imaging.prepare(decode_for_checks(data, name=ref)), None
    except ImageRejected as e:
        return None, e


def pictures(post: dict, ctx: CheckContext) -> list[Picture]:
    """Every picture of the post, in reading order; each path decoded once per check."""
    cached = ctx.cache.get("pictures")
    if cached is None:
        opened: dict[str, tuple] = {}
        cached = []
        for target, ref, role in image_refs(post):
            if ref not in opened:
                opened[ref] = _open(ctx, ref)
            cached.append(Picture(target, ref, role, *opened[ref]))
        ctx.cache["pictures"] = cached
    return cached


def measurable(post: dict, ctx: CheckContext, *roles: str) -> list[Picture]:
    return [p for p in pictures(post, ctx) if p.measurable and (not roles or p.role in roles)]


def read_pictures(post: dict, ctx: CheckContext) -> list[Picture]:
    """OCR the pictures where text is detected (strokes, then the detection model): product-card
    images first, then the cover, then body images with the most text first, at most
    ``image_ocr_max_pictures`` (4) of them; a path used twice is read once. Returns the pictures
    that were read."""
    if "ocr_read" in ctx.cache:
        return ctx.cache["ocr_read"]
    if ctx.threshold("image_ocr_max_pictures", OCR_MAX_PICTURES) <= 0:
        ctx.cache["ocr_read"], ctx.cache["ocr_skipped"] = [], []
        return []
    candidates = [p for p in measurable(post, ctx) if p.text_boxes]
    candidates.sort(key=lambda p: (ROLE_PRIORITY[p.role], -sum(b[2] * b[3] for b in p.text_boxes)))
    cap = ctx.threshold("image_ocr_max_pictures", OCR_MAX_PICTURES)
    read: dict[str, list[ocr.TextLine]] = {}
    for picture in candidates:
        if picture.ref not in read and len(read) >= cap:
            continue
        if picture.ref not in read:
            read[picture.ref] = picture.read()
        picture.lines = read[picture.ref]
    ctx.cache["ocr_read"] = [p for p in candidates if p.lines is not None]
    ctx.cache["ocr_skipped"] = [p.target for p in candidates if p.lines is None]
    return ctx.cache["ocr_read"]
