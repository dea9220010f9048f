"""Safe decoding of images: the gate behind IMAGE_INVALID (4.2(2) covers every image of a post).

Pure functions over bytes, no Django: the upload form, the API, the import and the image checks all go
through ``open_checked`` (Pillow reads and checks the header), so an image that one of them accepts
the others accept too.

- ``clean_upload(data, name=...)`` validates an upload and returns it re-encoded (EXIF, appended
  payloads and other trailing bytes dropped, orientation applied), or raises ``ImageRejected`` with a
  Chinese message that names the image (kept as its template and values too, so that an interface
  can say it in English: ``engine.say``).
- ``decode_for_checks(data, name=..., min_side=...)`` decodes once for the checks, straight into a
  numpy array with OpenCV's decoder (libjpeg-turbo; it refuses truncated JPEG and PNG data as
  Pillow does, and saves Pillow's copy into numpy), with a reduced-scale (draft) decode for large
  JPEGs. Animated or unusual files go through Pillow.

Limits (see ../shared/notes/ecosystem.md §3.7): an allow-list of formats, a byte cap, a pixel and side
cap read from the header before anything is decoded (decompression bombs), Pillow's bomb warning
promoted to an error, and a full decode that catches truncated files.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

from .engine import Wording, as_wording, say

ALLOWED_FORMATS = ("GIF", "JPEG", "PNG", "WEBP")
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 20_000  # long images (条漫, long screenshots) are legitimate; 20k px is still bounded
MAX_FRAMES = 300
# Under this many bytes per pixel a huge image is almost surely a crafted bomb, not a photo
BOMB_BYTES_PER_PIXEL = 0.02
# EXIF orientations that swap width and height (transpose, rotate 90/270, transverse)
SWAPPING_ORIENTATIONS = (5, 6, 7, 8)


class ImageRejected(ValueError):
    """An image that cannot be accepted. ``code`` is stable (for logs, the API and tests);
    ``message`` is the Chinese text shown to the author and names the image; ``wording`` is the same
    message as its template and values (the IMAGE_INVALID finding keeps it, for the English UI)."""

    def __init__(self, code: str, message: str | Wording):
        self.wording = as_wording(message)
        self.message = str(self.wording)
        super().__init__(self.message)
        self.code = code


@dataclass(frozen=True)
class CleanImage:
    """A validated, re-encoded image ready to store."""

    data: bytes
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class Decoded:
    """One decode for the checks: ``pixels`` is 8-bit BGR (OpenCV's order), upright, transparency
    composited on white, possibly reduced by a draft decode; ``width``/``height`` are the ORIGINAL
    (upright) pixel size that evidence boxes refer to."""

    pixels: np.ndarray
    format: str
    width: int
    height: int
    byte_size: int
    jpeg_quality: int | None  # estimated from the quantisation tables; None for other formats
    data: bytes | None = None  # the encoded bytes of a draft-decoded JPEG (a full decode on demand)


def _mb(n: int) -> float:
    return n / 1024 / 1024


def _pixels(n: int) -> Wording:
    """4000万像素 (units of 10,000) or 1.2亿像素 (units of 100 million)."""
    if n < 100_000_000:
        return say("{wan:.0f}万像素", wan=n / 10_000)
    return say("{yi:.1f}亿像素", yi=n / 100_000_000)


def _check_size(n_bytes: int, name: str) -> None:
    if n_bytes == 0:
        raise ImageRejected("empty", say("图片「{name}」是空文件，请重新上传", name=name))
    if n_bytes > MAX_BYTES:
        raise ImageRejected(
            "too_large", say("图片「{name}」文件过大：{size:.1f} MB（上限 {limit:.1f} MB），请压缩后重新上传",
                             name=name, size=_mb(n_bytes), limit=_mb(MAX_BYTES))
        )


def _not_an_image(data: bytes, name: str) -> ImageRejected:
    head = data[:512].lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        what = say("SVG 矢量图")
    else:
        what = say("不是图片或格式不受支持")
    return ImageRejected("format", say("图片「{name}」{what}，仅支持 JPEG、PNG、WEBP、GIF 格式", name=name, what=what))


def _check_header(im: Image.Image, n_bytes: int, name: str) -> None:
    """Reject by the header alone, before a single pixel is decoded."""
    w, h = im.size
    frames = getattr(im, "n_frames", 1)
    pixels = w * h
    if pixels <= MAX_PIXELS and max(w, h) <= MAX_SIDE and frames <= MAX_FRAMES:
        return
    if frames > MAX_FRAMES:
        raise ImageRejected("too_many_frames", say("图片「{name}」动图帧数过多：{frames} 帧（上限 {limit} 帧）",
                                                   name=name, frames=frames, limit=MAX_FRAMES))
    sizes = dict(name=name, w=w, h=h, pixels=_pixels(pixels), limit=_pixels(MAX_PIXELS), side=MAX_SIDE)
    if pixels > MAX_PIXELS and n_bytes < pixels * BOMB_BYTES_PER_PIXEL:
        raise ImageRejected("bomb", say("图片「{name}」尺寸过大：{w}×{h}（{pixels}，上限 {limit}、边长上限 {side} 像素），"
                                        "疑似解压炸弹，请缩小后重新上传", **sizes))
    raise ImageRejected("too_many_pixels", say(
        "图片「{name}」尺寸过大：{w}×{h}（{pixels}，上限 {limit}、边长上限 {side} 像素），请缩小后重新上传", **sizes))


def _corrupt(name: str) -> ImageRejected:
    return ImageRejected("corrupt", say("图片「{name}」已损坏或不完整，无法解码，请重新导出后上传", name=name))


def _decode(im: Image.Image, name: str) -> None:
    """Full decode of the current frame: catches truncated and corrupt files."""
    try:
        im.load()
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise _corrupt(name) from e


def open_checked(data: bytes, *, name: str) -> Image.Image:
    """Open ``data`` with only the allowed decoders and validate its header; nothing decoded yet."""
    _check_size(len(data), name)
    try:
        with warnings.catch_warnings():
            # Pillow only *warns* between 1× and 2× its own limit: make that an error too
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            _check_header(im, len(data), name)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ImageRejected("bomb", say("图片「{name}」像素数异常，疑似解压炸弹，已拒绝", name=name)) from e
    except UnidentifiedImageError as e:
        raise _not_an_image(data, name) from e
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise _corrupt(name) from e
    return im


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1))
    except Exception:  # a broken EXIF block must not reject an otherwise fine image
        return 1


def upright_size(im: Image.Image) -> tuple[int, int]:
    """The size the image is shown at, after its EXIF orientation."""
    w, h = im.size
    return (h, w) if _orientation(im) in SWAPPING_ORIENTATIONS else (w, h)


def _flatten(im: Image.Image) -> Image.Image:
    """RGB for analysis; transparency is composited on white, as a page shows it; 16-bit grey
    is scaled down (Pillow's own conversion clips it to white)."""
    if im.mode.startswith("I"):
        values = np.asarray(im).astype(np.float32)
        top = float(values.max()) if values.size else 0.0
        values = values * (255.0 / top) if top > 255 else values
        im = Image.fromarray(np.clip(values, 0, 255).astype(np.uint8))
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        out = Image.new("RGB", rgba.size, (255, 255, 255))
        out.paste(rgba, mask=rgba.getchannel("A"))
        return out
    return im.convert("RGB") if im.mode != "RGB" else im


def estimate_jpeg_quality(im: Image.Image) -> int | None:
    """libjpeg quality (1–100) whose luminance table matches this JPEG's best; None if not a JPEG."""
    tables = getattr(im, "quantization", None)
    if not tables or 0 not in tables:
        return None
    return _quality_from_table(list(tables[0]))


# The IJG luminance table that libjpeg scales by quality; compared sorted, so the zigzag or natural
# order of Pillow's ``quantization`` does not matter.
_IJG_LUMA = np.array(sorted([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]))


def _ijg_tables() -> np.ndarray:
    """Row q-1: the sorted luminance table libjpeg writes at quality q (baseline, clamped to 1..255)."""
    q = np.arange(1, 101)[:, None]
    scale = np.where(q < 50, 5000 // q, 200 - 2 * q)
    return np.clip((_IJG_LUMA[None, :] * scale + 50) // 100, 1, 255)


_IJG_TABLES = _ijg_tables()


def _quality_from_table(table: list[int]) -> int:
    errors = np.abs(_IJG_TABLES - np.sort(np.asarray(table))[None, :]).sum(axis=1)
    return int(np.argmin(errors)) + 1


# OpenCV decodes these straight to numpy; the reduced flags are libjpeg's DCT-domain draft decode
OPENCV_FORMATS = ("JPEG", "PNG", "WEBP")
_JPEG_FLAGS = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4,
               8: cv2.IMREAD_REDUCED_COLOR_8}
_ORIENT = {  # EXIF orientation → the operation that shows the picture upright (as ImageOps.exif_transpose)
    2: lambda a: cv2.flip(a, 1), 3: lambda a: cv2.rotate(a, cv2.ROTATE_180), 4: lambda a: cv2.flip(a, 0),
    5: cv2.transpose, 6: lambda a: cv2.rotate(a, cv2.ROTATE_90_CLOCKWISE),
    7: lambda a: cv2.rotate(cv2.transpose(a), cv2.ROTATE_180), 8: lambda a: cv2.rotate(a, cv2.ROTATE_90_COUNTERCLOCKWISE),
}


def _as_bgr(arr: np.ndarray) -> np.ndarray:
    """Any depth and 1–4 channels as 8-bit BGR, transparency composited on white."""
    if arr.dtype == np.uint16:
        arr = (arr >> 8).astype(np.uint8)
    if arr.ndim == 2:
        return cv2.cvtColor(arr, cv2.COLOR_GRAY2BGR)
    if arr.shape[2] == 4:
        alpha = arr[..., 3:].astype(np.float32) * (1 / 255)
        return (arr[..., :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    return arr


def _opencv_decode(data: bytes, im: Image.Image, orientation: int, min_side: int) -> np.ndarray | None:
    buf = np.frombuffer(data, np.uint8)
    if im.format == "JPEG":  # OpenCV applies the EXIF orientation itself with these flags
        scale = max(1, min(im.size) // max(1, min_side))
        return cv2.imdecode(buf, _JPEG_FLAGS[max(s for s in _JPEG_FLAGS if s <= scale)])
    arr = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)  # keeps alpha and 16 bits; no orientation applied
    if arr is None:
        return None
    bgr = _as_bgr(arr)
    return _ORIENT[orientation](bgr) if orientation in _ORIENT else bgr


def decode_for_checks(data: bytes, *, name: str, min_side: int = 720) -> Decoded:
    """Validate and decode once for the checks. Large JPEGs are draft-decoded so that the shorter
    side stays at least ``min_side`` (a 1200×800 photo decodes in full, a 4000×3000 one at 1000×750)."""
    im = open_checked(data, name=name)
    orientation = _orientation(im)
    width, height = im.size[::-1] if orientation in SWAPPING_ORIENTATIONS else im.size
    fmt = im.format
    quality = estimate_jpeg_quality(im) if fmt == "JPEG" else None
    if fmt in OPENCV_FORMATS and getattr(im, "n_frames", 1) == 1:
        pixels = _opencv_decode(data, im, orientation, min_side)
        if pixels is None:  # truncated or corrupt
            raise _corrupt(name)
        drafted = pixels.shape[0] != height
        return Decoded(pixels, fmt, width, height, len(data), quality, data if drafted else None)
    _decode(im, name)  # GIF and animations: the first frame, through Pillow
    try:
        upright = ImageOps.exif_transpose(im) if orientation != 1 else im  # no copy when upright
        return Decoded(cv2.cvtColor(np.asarray(_flatten(upright)), cv2.COLOR_RGB2BGR), fmt, width, height,
                       len(data), quality)
    except (OSError, SyntaxError, ValueError) as e:
        raise _corrupt(name) from e


def _encode(im: Image.Image, fmt: str, source: Image.Image) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        rgb = im if im.mode in ("RGB", "L") else im.convert("RGB")
        # Keep the original tables: no second generation of loss, and IMAGE_DISTORTED still sees them
        rgb.save(out, "JPEG", qtables=source.quantization, subsampling=JpegImagePlugin.get_sampling(source))
    elif fmt == "PNG":
        keep = im.mode in ("1", "L", "LA", "P", "RGB", "RGBA")
        (im if keep else im.convert("RGBA")).save(out, "PNG")
    elif fmt == "WEBP":
        im.convert("RGBA" if "A" in im.getbands() else "RGB").save(out, "WEBP", quality=90)
    else:
        im.save(out, "GIF")
    return out.getvalue()


def _encode_animation(im: Image.Image, fmt: str, name: str) -> bytes:
    frames = []
    for index in range(im.n_frames):
        im.seek(index)
        _decode(im, name)
        frames.append(im.convert("RGBA"))
    out = io.BytesIO()
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], loop=im.info.get("loop", 0),
                   duration=im.info.get("duration", 100))
    return out.getvalue()


def clean_upload(data: bytes, *, name: str) -> CleanImage:
    """Validate an uploaded image and return it re-encoded in its own format, upright, without EXIF
    or anything appended after the image data. Raises ``ImageRejected`` (IMAGE_INVALID)."""
    im = open_checked(data, name=name)
    fmt = im.format
    try:
        if getattr(im, "n_frames", 1) > 1:
            encoded = _encode_animation(im, fmt, name)
        else:
            _decode(im, name)
            encoded = _encode(ImageOps.exif_transpose(im), fmt, im)
    except ImageRejected:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise _corrupt(name) from e
    width, height = upright_size(im)
    return CleanImage(encoded, fmt, width, height)
