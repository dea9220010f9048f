"""Realistic-looking test images, generated on the fly (no binary fixtures).

Photos are built like photos: a lit background with a horizon, textured ground, shaded objects,
a little lens softness, sensor noise, then JPEG. Everything is deterministic from ``seed``.
Used by tests/checks/test_images*.py and bench/images.py.
"""
from __future__ import annotations

import functools
import io

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@functools.lru_cache(maxsize=None)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, size)


def jpeg(im: Image.Image, quality: int = 88, **kwargs) -> bytes:
    out = io.BytesIO()
    im.convert("RGB").save(out, "JPEG", quality=quality, **kwargs)
    return out.getvalue()


def png(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


# --- building blocks -------------------------------------------------------------------------------

def value_noise(rng: np.random.Generator, w: int, h: int, cell: int) -> np.ndarray:
    """Smooth noise in [-1, 1] with features about ``cell`` pixels wide."""
    grid = rng.uniform(-1, 1, (max(2, h // cell + 2), max(2, w // cell + 2))).astype(np.float32)
    return np.asarray(Image.fromarray(grid, "F").resize((w, h), Image.BICUBIC))


def texture(rng: np.random.Generator, w: int, h: int, cells=(64, 16, 4), amps=(1.0, 0.5, 0.25)) -> np.ndarray:
    return sum(a * value_noise(rng, w, h, c) for c, a in zip(cells, amps))


def _vgradient(h: int, w: int, top, bottom) -> np.ndarray:
    t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    return (np.array(top, np.float32) * (1 - t) + np.array(bottom, np.float32) * t) * np.ones((1, w, 1), np.float32)


def _paint(canvas: np.ndarray, mask: Image.Image, color, rng: np.random.Generator, shade=0.35, grain=10.0) -> None:
    """Blend a shaded, grainy object of ``color`` into ``canvas`` where ``mask`` is set."""
    box = mask.getbbox()
    if not box:
        return
    x0, y0, x1, y1 = box
    m = np.asarray(mask.crop(box), np.float32)[..., None] / 255
    h, w = y1 - y0, x1 - x0
    light = 1 + shade * (np.linspace(0.5, -0.5, w, dtype=np.float32)[None, :, None]
                         + np.linspace(0.3, -0.3, h, dtype=np.float32)[:, None, None])
    obj = np.array(color, np.float32) * light + grain * texture(rng, w, h, (24, 6, 2))[..., None]
    region = canvas[y0:y1, x0:x1]
    region[:] = region * (1 - m) + obj * m


def _finish(canvas: np.ndarray, rng: np.random.Generator, soften: float = 0.6, noise: float = 2.5) -> Image.Image:
    im = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8))
    if soften:
        im = im.filter(ImageFilter.GaussianBlur(soften))
    arr = np.asarray(im, np.float32) + rng.normal(0, noise, (im.height, im.width, 1)).astype(np.float32)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _random_objects(canvas: np.ndarray, rng: np.random.Generator, count: int, top: int) -> None:
    h, w = canvas.shape[:2]
    for _ in range(count):
        mask = Image.new("L", (w, h))
        draw = ImageDraw.Draw(mask)
        cx, cy = rng.uniform(0.05, 0.95) * w, rng.uniform(top / h, 0.95) * h
        rw, rh = rng.uniform(0.04, 0.16) * w, rng.uniform(0.05, 0.25) * h
        box = [cx - rw, cy - rh, cx + rw, cy + rh]
        kind = rng.integers(3)
        if kind == 0:
            draw.ellipse(box, fill=255)
        elif kind == 1:
            draw.rounded_rectangle(box, radius=int(min(rw, rh) * 0.3), fill=255)
        else:
            draw.polygon([(cx, cy - rh), (cx + rw, cy + rh), (cx - rw, cy + rh)], fill=255)
        _paint(canvas, mask, rng.uniform(30, 230, 3), rng, shade=rng.uniform(0.2, 0.6))


# --- photos ----------------------------------------------------------------------------------------

def photo(w: int = 1200, h: int = 800, seed: int = 0) -> Image.Image:
    """An outdoor-like scene: sky with clouds, textured ground, shaded objects, thin branches."""
    rng = np.random.default_rng(seed)
    horizon = int(h * rng.uniform(0.35, 0.6))
    sky_top = rng.uniform([40, 90, 150], [120, 160, 230])
    canvas = _vgradient(h, w, sky_top, sky_top + rng.uniform(40, 80))
    canvas += 18 * value_noise(rng, w, h, 160)[..., None]
    ground = rng.uniform([50, 60, 30], [150, 140, 90])
    land = ground + 45 * texture(rng, w, h)[..., None] + rng.uniform(-15, 15, 3) * value_noise(rng, w, h, 40)[..., None]
    land += 24 * value_noise(rng, w, h, 1)[..., None]  # grass-like fine detail: real photos carry plenty
    # rolling hills, blended over a few pixels of haze: a real horizon is neither straight nor hard
    ridge = horizon + h * 0.05 * value_noise(rng, w, 1, 220)[0] + np.linspace(0, rng.uniform(-0.04, 0.04) * h, w)
    alpha = np.clip((np.arange(h, dtype=np.float32)[:, None] - ridge[None, :]) / 6 + 0.5, 0, 1)[..., None]
    canvas = canvas * (1 - alpha) + land * alpha
    _random_objects(canvas, rng, int(rng.integers(4, 8)), horizon - h // 6)
    im = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(im)
    for _ in range(int(rng.integers(3, 8))):
        x, y = rng.uniform(0, w), rng.uniform(0, horizon)
        draw.line([(x, y), (x + rng.uniform(-120, 120), y + rng.uniform(20, 160))],
                  fill=tuple(int(v) for v in rng.uniform(10, 80, 3)), width=int(rng.integers(2, 5)))
    return _finish(np.asarray(im, np.float32), rng, noise=4.0)  # phone-like grain: ~180 KB at q85, as real photos


def portrait(w: int = 1200, h: int = 800, seed: int = 0, face_size: int = 360) -> Image.Image:
    """A person's face (shaded oval, eyes, brows, nose, mouth) in front of a photo background."""
    im = photo(w, h, seed)
    im.paste(face(face_size), ((w - face_size) // 2, (h - face_size) // 2))
    return im


def face(size: int) -> Image.Image:
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    s, c = size / 240, size / 2

    def blob(px, py, sx, sy):
        return np.exp(-(((x - px) / sx) ** 2 + ((y - py) / sy) ** 2) / 2)

    oval = ((x - c) / (80 * s)) ** 2 + ((y - c - 5 * s) / (105 * s)) ** 2 <= 1
    lum = np.where(oval, 200.0, 60.0) - 50 * (np.abs(x - c) / (80 * s)) ** 2 * oval
    for ex in (c - 32 * s, c + 32 * s):
        lum -= 120 * blob(ex, c - 20 * s, 14 * s, 7 * s) + 70 * blob(ex, c - 42 * s, 18 * s, 4 * s)
    lum += 20 * blob(c, c, 8 * s, 25 * s) - 50 * blob(c, c + 22 * s, 14 * s, 5 * s)
    lum -= 90 * blob(c, c + 50 * s, 26 * s, 6 * s)
    rgb = np.stack([lum, lum * 0.82, lum * 0.7], -1)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.5 * s))


def product_mask(w: int, h: int, rng: np.random.Generator, scale: float = 0.5) -> Image.Image:
    """A bottle-like product silhouette centred in a w×h frame."""
    mask = Image.new("L", (w, h))
    draw = ImageDraw.Draw(mask)
    ph = h * scale
    pw = ph * rng.uniform(0.35, 0.6)
    cx, base = w / 2 + rng.uniform(-0.05, 0.05) * w, h / 2 + ph / 2
    draw.rounded_rectangle([cx - pw / 2, base - ph * 0.75, cx + pw / 2, base], radius=int(pw * 0.2), fill=255)
    draw.rectangle([cx - pw / 5, base - ph, cx + pw / 5, base - ph * 0.7], fill=255)
    return mask


def product_on_white(w: int = 1200, h: int = 800, seed: int = 0, scale: float = 0.6) -> Image.Image:
    """商品白底图: a shaded product with a soft shadow on a studio-white background."""
    rng = np.random.default_rng(seed)
    canvas = np.full((h, w, 3), rng.uniform(249, 254), np.float32)
    shadow = Image.new("L", (w, h))
    sy = h / 2 + h * scale / 2
    ImageDraw.Draw(shadow).ellipse([w * 0.35, sy - h * 0.03, w * 0.65, sy + h * 0.03], fill=60)
    shadow = np.asarray(shadow.filter(ImageFilter.GaussianBlur(h * 0.02)), np.float32)[..., None]
    canvas -= shadow
    _paint(canvas, product_mask(w, h, rng, scale), rng.uniform(20, 200, 3), rng, shade=0.5, grain=6)
    label = Image.new("L", (w, h))
    ImageDraw.Draw(label).rectangle([w / 2 - h * scale * 0.12, h * 0.5, w / 2 + h * scale * 0.12, h * 0.62], fill=255)
    _paint(canvas, label, (235, 235, 230), rng, shade=0.1, grain=3)
    return _finish(canvas, rng, soften=0.5, noise=1.0)


def bright_room(w: int = 1200, h: int = 800, seed: int = 0) -> Image.Image:
    """A bright interior: light wall lit from a window, wooden floor, a table with a product on it."""
    rng = np.random.default_rng(seed)
    floor = int(h * rng.uniform(0.62, 0.72))
    falloff = np.linspace(1.0, 0.9, w, dtype=np.float32)[None, :, None]
    canvas = np.full((h, w, 3), (240, 236, 228), np.float32) * falloff
    canvas += 4 * texture(rng, w, h, (80, 20, 5))[..., None]
    window = Image.new("L", (w, h))
    ImageDraw.Draw(window).rectangle([w * 0.08, h * 0.08, w * 0.3, h * 0.5], fill=255)
    _paint(canvas, window, (252, 252, 250), rng, shade=0.02, grain=2)
    ImageDraw.Draw(window).rectangle([w * 0.08, h * 0.08, w * 0.3, h * 0.5], outline=0, width=0)
    planks = np.full((h - floor, w, 3), (150, 105, 70), np.float32)
    planks *= 1 + 0.08 * np.sign(np.sin(np.arange(w, dtype=np.float32) / 37))[None, :, None]
    planks += 14 * texture(rng, w, h - floor, (200, 30, 3), (0.3, 1.0, 0.4))[..., None] * [1, 0.7, 0.5]
    canvas[floor:] = planks
    table = Image.new("L", (w, h))
    ImageDraw.Draw(table).rectangle([w * 0.45, floor - h * 0.2, w * 0.9, floor - h * 0.16], fill=255)
    ImageDraw.Draw(table).rectangle([w * 0.48, floor - h * 0.16, w * 0.5, floor + h * 0.1], fill=255)
    ImageDraw.Draw(table).rectangle([w * 0.85, floor - h * 0.16, w * 0.87, floor + h * 0.1], fill=255)
    _paint(canvas, table, (110, 80, 55), rng, shade=0.3)
    item = product_mask(int(w * 0.3), int(h * 0.4), rng, 0.8)
    full = Image.new("L", (w, h))
    full.paste(item, (int(w * 0.53), int(floor - h * 0.2 - h * 0.4 + h * 0.08)))
    _paint(canvas, full, rng.uniform(30, 200, 3), rng, shade=0.5)
    sofa = Image.new("L", (w, h))
    ImageDraw.Draw(sofa).rounded_rectangle([-20, floor - h * 0.25, w * 0.38, floor + h * 0.12], radius=40, fill=255)
    _paint(canvas, sofa, (90, 110, 130), rng, shade=0.3, grain=14)
    return _finish(canvas, rng)


def bookshelf(w: int = 1200, h: int = 800, seed: int = 0) -> Image.Image:
    """Rows of book spines on wooden shelves; some spines carry a short vertical title."""
    rng = np.random.default_rng(seed)
    canvas = np.full((h, w, 3), (95, 65, 40), np.float32) + 12 * texture(rng, w, h)[..., None]
    im = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(im)
    titles = "红楼梦三国演义水浒传西游记围城活着平凡的世界边城朝花夕拾骆驼祥子呐喊"
    shelf_h = h // 3
    for row in range(3):
        y1 = row * shelf_h + shelf_h - 14
        draw.rectangle([0, y1, w, y1 + 14], fill=(70, 45, 28))
        x = int(rng.integers(5, 30))
        while x < w - 20:
            bw = int(rng.integers(22, 48))
            top = y1 - int(rng.integers(int(shelf_h * 0.6), shelf_h - 12))
            color = tuple(int(v) for v in rng.uniform(30, 220, 3))
            draw.rectangle([x, top, x + bw, y1], fill=color, outline=(20, 20, 20))
            if rng.random() < 0.35:
                start = int(rng.integers(0, len(titles) - 3))
                ink = (240, 230, 200) if sum(color) < 380 else (30, 30, 30)
                for k, ch in enumerate(titles[start:start + 3]):
                    draw.text((x + bw / 2 - 6, top + 12 + k * 15), ch, font=font(12), fill=ink)
            x += bw + int(rng.integers(0, 4))
    # hand-held: a slight tilt, cropped back to the frame
    im = im.rotate(float(rng.uniform(0.6, 1.2)), resample=Image.BICUBIC, expand=False)
    im = im.crop((w * 0.03, h * 0.03, w * 0.97, h * 0.97)).resize((w, h), Image.BICUBIC)
    return _finish(np.asarray(im, np.float32), rng, soften=0.4)


# --- edits of a photo ------------------------------------------------------------------------------

def blurred(im: Image.Image, radius: float = 3.0, seed: int = 0) -> Image.Image:
    """Out of focus: blur, then the sensor noise that a real camera adds after the optics."""
    rng = np.random.default_rng(seed)
    return _finish(np.asarray(im.filter(ImageFilter.GaussianBlur(radius)), np.float32), rng, soften=0, noise=2.0)


def darkened(im: Image.Image, factor: float = 0.3) -> Image.Image:
    return Image.fromarray((np.asarray(im, np.float32) * factor).astype(np.uint8))


def hazy(im: Image.Image, amount: float = 0.7) -> Image.Image:
    """Dull and washed out: low contrast and low saturation (画面暗淡、土气)."""
    a = np.asarray(im, np.float32)
    gray = a.mean(axis=2, keepdims=True)
    a = gray + (a - gray) * (1 - amount)  # desaturate
    a = 110 + (a - a.mean()) * (1 - amount)  # flatten contrast towards a muddy mid-grey
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def stretched(im: Image.Image, factor: float = 1.6) -> Image.Image:
    """A crop enlarged along x only, back to the original size: what forcing an aspect ratio does."""
    w, h = im.size
    crop = im.crop((0, 0, round(w / factor), h))
    return crop.resize((w, h), Image.BICUBIC)


def upscaled(im: Image.Image, factor: float = 3.0) -> Image.Image:
    w, h = im.size
    return im.resize((round(w / factor), round(h / factor)), Image.LANCZOS).resize((w, h), Image.BICUBIC)


def with_text(im: Image.Image, lines: list[str], *, xy=(60, 60), size: int = 44, fill=(255, 255, 255),
              stroke=(0, 0, 0), spacing: float = 1.5) -> Image.Image:
    im = im.copy()
    draw = ImageDraw.Draw(im)
    x, y = xy
    for line in lines:
        draw.text((x, y), line, font=font(size), fill=fill, stroke_width=2 if stroke else 0, stroke_fill=stroke)
        y += int(size * spacing)
    return im


def with_watermark(im: Image.Image, text: str = "@数码小王子", *, corner: str = "br", size: int = 26,
                   opacity: float = 0.75) -> Image.Image:
    """A semi-transparent white handle with a soft shadow near a corner, as apps stamp them."""
    base = im.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    tw, th = draw.textbbox((0, 0), text, font=font(size))[2:]
    margin = int(min(base.size) * 0.03)
    x = base.width - tw - margin if "r" in corner else margin
    y = base.height - th - margin if "b" in corner else margin
    draw.text((x + 1, y + 1), text, font=font(size), fill=(0, 0, 0, int(120 * opacity)))
    draw.text((x, y), text, font=font(size), fill=(255, 255, 255, int(255 * opacity)))
    return Image.alpha_composite(base, layer).convert("RGB")


def with_qr(im: Image.Image, payload: str = "https://u.wechat.com/abc123", *, size: int = 220,
            corner: str = "br") -> Image.Image:
    """A QR code on a white card pasted into the picture (as ads do)."""
    qr = qr_image(payload, size)
    im = im.copy()
    margin = int(min(im.size) * 0.04)
    x = im.width - qr.width - margin if "r" in corner else margin
    y = im.height - qr.height - margin if "b" in corner else margin
    im.paste(qr, (x, y))
    return im


def qr_image(payload: str, size: int) -> Image.Image:
    matrix = np.array([list(row) for row in segno.make(payload, error="m").matrix], np.uint8)
    modules = np.pad(1 - matrix, 4, constant_values=1) * 255
    return Image.fromarray(modules.astype(np.uint8)).resize((size, size), Image.NEAREST).convert("RGB")


def checkerboard_tiles(w: int = 1200, h: int = 800, seed: int = 0, cell: int = 40) -> Image.Image:
    """Black and white floor tiles: a QR detector's near miss."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    board = (((x // cell) + (y // cell)) % 2).astype(np.float32)
    canvas = (30 + 200 * board)[..., None] * np.ones(3, np.float32)
    return _finish(canvas, rng, soften=1.0, noise=3)


# --- layouts ---------------------------------------------------------------------------------------

def collage(panes: list[Image.Image], layout: str = "2x2", *, w: int = 1200, h: int = 800, gutter: int = 0,
            gutter_color=(255, 255, 255)) -> Image.Image:
    """拼接图: ``layout`` is "RxC" (rows×columns) or "big-left" (one pane left, two stacked right)."""
    canvas = Image.new("RGB", (w, h), gutter_color)
    if layout == "big-left":
        boxes = [(0, 0, int(w * 0.6), h), (int(w * 0.6), 0, w, h // 2), (int(w * 0.6), h // 2, w, h)]
    else:
        rows, cols = (int(n) for n in layout.split("x"))
        boxes = [(w * c // cols, h * r // rows, w * (c + 1) // cols, h * (r + 1) // rows)
                 for r in range(rows) for c in range(cols)]
    for pane, (x0, y0, x1, y1) in zip(panes, boxes):
        g = gutter // 2
        size = (x1 - x0 - (g if x0 else 0) - (g if x1 < w else 0), y1 - y0 - (g if y0 else 0) - (g if y1 < h else 0))
        canvas.paste(pane.resize(size, Image.LANCZOS), (x0 + (g if x0 else 0), y0 + (g if y0 else 0)))
    return canvas


def two_tone_poster(w: int = 1200, h: int = 800, seed: int = 0) -> Image.Image:
    """A designed poster: two flat colour fields meeting on a straight line, a product on one side."""
    rng = np.random.default_rng(seed)
    canvas = np.empty((h, w, 3), np.float32)
    split = int(w * rng.uniform(0.4, 0.6))
    canvas[:, :split] = rng.uniform(60, 200, 3)
    canvas[:, split:] = rng.uniform(60, 200, 3)
    mask = Image.new("L", (w, h))
    mask.paste(product_mask(w // 2, h, rng, 0.6), (split - w // 4, 0))
    _paint(canvas, mask, rng.uniform(20, 230, 3), rng, shade=0.5)
    return _finish(canvas, rng, soften=0.4, noise=1.5)


def product_page_screenshot(w: int = 750, h: int = 1334, seed: int = 0, price: str = "¥2999.00") -> Image.Image:
    """A phone screenshot of a shop's product page: photo, title, red price, cart and buy buttons."""
    im = Image.new("RGB", (w, h), (245, 245, 245))
    im.paste(product_on_white(w, w, seed, scale=0.6), (0, 0))
    draw = ImageDraw.Draw(im)
    draw.rectangle([0, w, w, w + 330], fill=(255, 255, 255))
    draw.text((30, w + 30), price, font=font(48), fill=(230, 30, 30))
    draw.text((30, w + 110), "华为 HUAWEI P60 8GB+256GB 羽砂黑", font=font(32), fill=(30, 30, 30))
    draw.text((30, w + 170), "月销 1万+   好评率 98%   包邮", font=font(26), fill=(120, 120, 120))
    draw.rectangle([0, h - 110, w, h], fill=(255, 255, 255))
    draw.rounded_rectangle([w * 0.36, h - 95, w * 0.67, h - 15], radius=40, fill=(255, 150, 0))
    draw.rounded_rectangle([w * 0.67, h - 95, w * 0.98, h - 15], radius=40, fill=(230, 30, 30))
    draw.text((w * 0.40, h - 75), "加入购物车", font=font(32), fill=(255, 255, 255))
    draw.text((w * 0.72, h - 75), "立即购买", font=font(32), fill=(255, 255, 255))
    draw.text((30, h - 75), "店铺   客服   收藏", font=font(24), fill=(90, 90, 90))
    return im


def text_page(w: int = 1200, h: int = 800, lines: list[str] | None = None, size: int = 34) -> Image.Image:
    """A screenshot of an article: many lines of dark text on paper (图片上有过多文字)."""
    lines = lines or [
        "这款手机的影像系统采用了全新的一英寸大底主摄，",
        "在夜景模式下能够保留更多暗部细节，同时噪点控制",
        "也相当出色。续航方面，五千毫安时电池配合六十六",
        "瓦快充，基本可以满足一整天的重度使用需求。屏幕",
        "采用了高频调光技术，长时间阅读眼睛也不会疲劳，",
        "整体来说是一款均衡且值得推荐的旗舰产品。",
    ]
    im = Image.new("RGB", (w, h), (250, 248, 240))
    return with_text(im, lines, xy=(50, 60), size=size, fill=(30, 30, 30), stroke=None, spacing=1.8)
