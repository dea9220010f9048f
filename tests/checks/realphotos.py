"""Real photographs nobody on this project took, and labelled variants of them, for the picture rules.

The photographs ship inside two test-only wheels (requirements-test.txt): scikit-image's
``skimage/data/`` and scikit-learn's ``sklearn/datasets/images/``. They are read from the installed
packages at run time (never copied into this repository), found without importing either package.

``corpus()`` is a list of ``Item``: a name, the uploaded bytes (built on first use), the role the
picture plays in a post (cover, body or product-card image), and its label by the standard
(../shared/spec/review-standard.zh.txt): ``breaks`` is the set of IMAGE_* rules it breaks (empty =
clean), ``moot`` the rules on which a reader of the standard could go either way (a finding there is
counted neither false nor true). Variants are made here: resized, re-saved at low JPEG quality,
stretched, darkened, blurred, collaged, with text, QR codes and watermarks.

No wheel ships real white-background product shots (商品白底图): those are generated
(``imagegen.product_on_white`` and the black and white products below), and the corpus says so in
their names ("generated-").

Used by tests/checks/test_images_real.py and bench/precision_images.py, bench/images.py.
"""
from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

import imagegen as gen


def _package_dir(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed: pip install -r requirements-test.txt")
    return Path(list(spec.submodule_search_locations)[0], *parts)


# name → (package, folder, file); each is a photograph as its authors published it
PHOTOS = {
    "astronaut": ("skimage", "data", "astronaut.png"),
    "brick": ("skimage", "data", "brick.png"),
    "camera": ("skimage", "data", "camera.png"),
    "chelsea": ("skimage", "data", "chelsea.png"),
    "coffee": ("skimage", "data", "coffee.png"),
    "coins": ("skimage", "data", "coins.png"),
    "grass": ("skimage", "data", "grass.png"),
    "gravel": ("skimage", "data", "gravel.png"),
    "moon": ("skimage", "data", "moon.png"),
    "motorcycle_left": ("skimage", "data", "motorcycle_left.png"),
    "motorcycle_right": ("skimage", "data", "motorcycle_right.png"),
    "rocket": ("skimage", "data", "rocket.jpg"),
    "hubble_deep_field": ("skimage", "data", "hubble_deep_field.jpg"),
    "retina": ("skimage", "data", "retina.jpg"),
    "china": ("sklearn", "datasets/images", "china.jpg"),
    "flower": ("sklearn", "datasets/images", "flower.jpg"),
}
# real pictures that are not plain photos, or that carry what a rule looks for
OTHERS = {
    "clock_motion": ("skimage", "data", "clock_motion.png"),  # motion-blurred photo
    "page": ("skimage", "data", "page.png"),  # a photographed page of text
    "text": ("skimage", "data", "text.png"),  # handwriting on a blackboard
    "color": ("skimage", "data", "color.png"),  # a colour wheel (graphic)
    "horse": ("skimage", "data", "horse.png"),  # a silhouette (graphic, transparent)
    "logo": ("skimage", "data", "logo.png"),  # scikit-image's logo (graphic, transparent)
}


@functools.lru_cache(maxsize=None)
def path(name: str) -> Path:
    package, folder, file = {**PHOTOS, **OTHERS}[name]
    return _package_dir(package, *folder.split("/"), file)


@functools.lru_cache(maxsize=None)
def raw(name: str) -> bytes:
    """The file exactly as the wheel ships it."""
    return path(name).read_bytes()


@functools.lru_cache(maxsize=None)
def image(name: str) -> Image.Image:
    """RGB (grey photos stay grey in colour; transparency on white, as a page shows it)."""
    im = Image.open(path(name))
    if im.mode in ("RGBA", "LA", "P"):
        rgba = im.convert("RGBA")
        out = Image.new("RGB", rgba.size, (255, 255, 255))
        out.paste(rgba, mask=rgba.getchannel("A"))
        return out
    return im.convert("RGB")


def jpeg(im: Image.Image, quality: int = 90) -> bytes:
    """How a phone or an editor exports a picture (4:2:0, as Pillow's default)."""
    return gen.jpeg(im, quality=quality)


# --- variants --------------------------------------------------------------------------------------

def resized(im: Image.Image, factor: float) -> Image.Image:
    """Scaled by ``factor`` on both axes (bicubic, as editors and browsers enlarge)."""
    return im.resize((round(im.width * factor), round(im.height * factor)),
                     Image.BICUBIC if factor > 1 else Image.LANCZOS)


def stretched(im: Image.Image, factor: float, axis: str = "x") -> Image.Image:
    """Aspect ratio changed by ``factor``: the picture enlarged along one axis only."""
    w, h = im.size
    size = (round(w * factor), h) if axis == "x" else (w, round(h * factor))
    return im.resize(size, Image.BICUBIC)


def darkened(im: Image.Image, factor: float = 0.35) -> Image.Image:
    """Under-exposed: every level scaled down (then a little gamma, as a camera's curve)."""
    a = np.asarray(im, np.float32) / 255
    return Image.fromarray(np.clip(255 * (a * factor) ** 1.1, 0, 255).astype(np.uint8))


def blurred(im: Image.Image, radius: float = 2.5) -> Image.Image:
    return im.filter(ImageFilter.GaussianBlur(radius))


def cropped(im: Image.Image, share: float = 0.8) -> Image.Image:
    w, h = im.size
    cw, ch = round(w * share), round(h * share)
    return im.crop(((w - cw) // 2, (h - ch) // 2, (w - cw) // 2 + cw, (h - ch) // 2 + ch))


def collage(names: list[str], layout: str, gutter: int = 0) -> Image.Image:
    return gen.collage([image(n) for n in names], layout, w=1000, h=700, gutter=gutter)


def black_product_on_white(seed: int = 0) -> Image.Image:
    """GENERATED (no wheel ships real product shots): a black appliance on studio white."""
    rng = np.random.default_rng(seed)
    w, h = 1000, 1000
    canvas = np.full((h, w, 3), 252, np.float32)
    mask = Image.new("L", (w, h))
    ImageDraw.Draw(mask).rounded_rectangle([300, 220, 700, 820], radius=60, fill=255)
    gen._paint(canvas, mask, (28, 28, 30), rng, shade=0.4, grain=4)
    return gen._finish(canvas, rng, soften=0.5, noise=1.0)


def white_product_on_light(seed: int = 0) -> Image.Image:
    """GENERATED: a white kettle on a light-grey table against a light wall: bright, flat and
    colourless by nature (a high-key picture, not a dull one), and not studio white."""
    rng = np.random.default_rng(seed)
    w, h = 1000, 750
    canvas = gen._vgradient(h, w, (228, 226, 222), (214, 211, 206)) + 3 * gen.texture(rng, w, h, (80, 20, 5))[..., None]
    canvas[520:] = (198, 196, 192) + 4 * gen.texture(rng, w, h - 520, (60, 12, 3))[..., None]
    mask = Image.new("L", (w, h))
    ImageDraw.Draw(mask).rounded_rectangle([360, 180, 640, 600], radius=50, fill=255)
    ImageDraw.Draw(mask).rectangle([630, 260, 700, 300], fill=255)  # the handle
    gen._paint(canvas, mask, (246, 246, 244), rng, shade=0.12, grain=3)
    edge = Image.new("L", (w, h))
    ImageDraw.Draw(edge).rounded_rectangle([360, 180, 640, 600], radius=50, outline=255, width=3)
    gen._paint(canvas, edge, (150, 150, 148), rng, shade=0.0, grain=2)
    return gen._finish(canvas, rng, soften=0.3, noise=1.5)


def black_product_in_a_dark_room(seed: int = 0) -> Image.Image:
    """GENERATED: a black speaker on a dark wooden shelf, lit from one side (a catch light, a bright
    edge): mostly dark by content, correctly exposed."""
    rng = np.random.default_rng(seed)
    w, h = 1000, 750
    canvas = gen._vgradient(h, w, (52, 46, 40), (30, 26, 22)) + 6 * gen.texture(rng, w, h)[..., None]
    mask = Image.new("L", (w, h))
    ImageDraw.Draw(mask).rounded_rectangle([300, 150, 700, 640], radius=30, fill=255)
    gen._paint(canvas, mask, (22, 22, 24), rng, shade=0.3, grain=4)
    light = Image.new("L", (w, h))
    ImageDraw.Draw(light).rounded_rectangle([300, 150, 318, 640], radius=8, fill=255)  # lit edge
    ImageDraw.Draw(light).ellipse([420, 260, 580, 420], outline=255, width=6)  # the cone's rim
    gen._paint(canvas, light, (225, 222, 215), rng, shade=0.1, grain=4)
    lamp = Image.new("L", (w, h))
    ImageDraw.Draw(lamp).ellipse([800, 60, 900, 160], fill=255)
    gen._paint(canvas, lamp, (250, 240, 215), rng, shade=0.05, grain=2)
    return gen._finish(canvas, rng, soften=0.5, noise=2.0)


# --- the corpus ------------------------------------------------------------------------------------

@dataclass
class Item:
    name: str
    make: Callable[[], bytes]
    breaks: frozenset = frozenset()  # IMAGE_* rules this picture breaks by the standard
    role: str = "cover"  # "cover", "body" or "product"
    moot: frozenset = frozenset()  # rules a reader could call either way: not counted
    kind: str = "review"
    text: str | None = None  # the article's text (None: a long one), for IMAGE_TEXT_SHARE
    history: tuple = ()  # covers already on the platform: (post key, author, picture name)
    real: bool = True  # made from a real photograph (False: generated)
    _data: bytes | None = field(default=None, repr=False)

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = self.make()
        return self._data

    @property
    def clean(self) -> bool:
        return not self.breaks


def _fs(*rules: str) -> frozenset:
    return frozenset(rules)


DIST, DARK, BLUR, COLLAGE = "IMAGE_DISTORTED", "IMAGE_DARK", "IMAGE_BLURRY", "IMAGE_COLLAGE"
GREY = ("brick", "camera", "coins", "grass", "gravel", "moon")
# photographs a reader could call dim or dull as they are: a grey, low-contrast surface; the night sky
MOOT_AS_SHIPPED = {"moon": _fs(DARK), "hubble_deep_field": _fs(DARK)}
# photographs already soft at their own size (a grainy, low-contrast lunar surface; a fundus photograph):
# the standard names 变形、压缩、拉伸 and 模糊, not enlargement as such; a clean 2× or 3× enlargement of
# these shows no more softness at display width than the original does, so an upscaling finding
# there could go either way (relabelled from "breaks IMAGE_DISTORTED" on 2026-12-07)
SOFT_AS_SHIPPED = ("moon", "retina")


@functools.lru_cache(maxsize=1)
def corpus() -> tuple[Item, ...]:
    items: list[Item] = []

    def add(name, make, breaks=(), **kw):
        moot = _fs(*kw.pop("moot", ())) | MOOT_AS_SHIPPED.get(name.split(":")[0], frozenset())
        items.append(Item(name, make, _fs(*breaks), moot=moot - _fs(*breaks), **kw))

    for n in PHOTOS:
        im = functools.partial(image, n)
        # clean: as shipped, re-saved by a phone or an editor, cropped, made smaller, mirrored, 1.1×
        add(f"{n}:original", functools.partial(raw, n))
        add(f"{n}:q90", lambda im=im: jpeg(im()))
        add(f"{n}:crop", lambda im=im: jpeg(cropped(im()), 92))
        add(f"{n}:smaller", lambda im=im: jpeg(resized(im(), 0.75), 88))
        add(f"{n}:mirrored", lambda im=im: jpeg(im().transpose(Image.FLIP_LEFT_RIGHT), 85), role="body")
        add(f"{n}:up1.1", lambda im=im: jpeg(resized(im(), 1.1)))  # enlarged a little: not visibly worse
        # violating: enlarged, compressed, stretched
        enlarged = dict(moot=[DIST]) if n in SOFT_AS_SHIPPED else dict(breaks=[DIST])
        add(f"{n}:up2", lambda im=im: jpeg(resized(im(), 2.0)), **enlarged)
        add(f"{n}:up3", lambda im=im: jpeg(resized(im(), 3.0)), **enlarged)
        add(f"{n}:q15", lambda im=im: jpeg(im(), 15), [DIST])
        add(f"{n}:stretch1.3", lambda im=im: jpeg(stretched(im(), 1.3)), [DIST])
        add(f"{n}:squash1.3", lambda im=im: jpeg(stretched(im(), 1.3, "y")), [DIST])
        add(f"{n}:stretch1.15", lambda im=im: jpeg(stretched(im(), 1.15)), [DIST])
        add(f"{n}:dark", lambda im=im: jpeg(darkened(im())), [DARK], moot=[BLUR])
        add(f"{n}:hazy", lambda im=im: jpeg(gen.hazy(im())), [DARK], moot=[BLUR])  # washed out: 灰暗
        # blurring a grey photograph also flattens it: 灰暗 is then arguable too
        add(f"{n}:blur", lambda im=im: jpeg(blurred(im())), [BLUR], moot=[DIST] + ([DARK] if n in GREY else []))
    # collages of real photographs on the cover (拼接图), with and without a gutter; panes are resized to
    # their boxes, so their aspect ratio changes (a stretch finding there is arguable)
    add("collage:2x2", lambda: jpeg(collage(["chelsea", "coffee", "rocket", "china"], "2x2"), 88),
        [COLLAGE], moot=[DIST])
    add("collage:1x2", lambda: jpeg(collage(["astronaut", "flower"], "1x2"), 88),
        [COLLAGE], moot=[DIST])
    add("collage:2x1", lambda: jpeg(collage(["motorcycle_left", "coffee"], "2x1"), 88),
        [COLLAGE], moot=[DIST])
    add("collage:big-left", lambda: jpeg(collage(["china", "chelsea", "rocket"], "big-left"), 88),
        [COLLAGE], moot=[DIST])
    add("collage:1x3-gutter", lambda: jpeg(collage(["coffee", "flower", "chelsea"], "1x3", gutter=12), 88),
        [COLLAGE], moot=[DIST])
    add("collage:2x2-bricks", lambda: jpeg(collage(["brick", "gravel", "grass", "camera"], "2x2"), 88),
        [COLLAGE], moot=[DIST])
    # text, codes and watermarks on real photographs
    add("chelsea:qr", lambda: jpeg(gen.with_qr(image("chelsea"), size=140)), ["IMAGE_QR_CODE"], role="body")
    add("china:qr", lambda: jpeg(gen.with_qr(image("china"), size=160, corner="tl")), ["IMAGE_QR_CODE"])
    add("coffee:watermark", lambda: jpeg(gen.with_watermark(image("coffee"), "@咖啡日记", size=22)),
        ["IMAGE_WATERMARK"])
    add("rocket:watermark-site", lambda: jpeg(gen.with_watermark(image("rocket"), "weibo.com/rocketfan", size=18)),
        ["IMAGE_WATERMARK"])
    add("flower:promo", lambda: jpeg(gen.with_text(image("flower"), ["限时秒杀", "全场满300减50"], size=40)),
        ["IMAGE_PROMO_TEXT"], role="product")
    add("motorcycle:promo", lambda: jpeg(gen.with_text(image("motorcycle_left"), ["领券立减200元"], size=44)),
        ["IMAGE_PROMO_TEXT"], role="product")
    poster = ["夏日清凉好物推荐", "这台风扇我已经用了三个月", "噪音小风力足续航也不错", "宿舍办公室都很合适"]
    add("coffee:poster", lambda: jpeg(gen.with_text(image("coffee"), poster, xy=(30, 40), size=34)),
        ["IMAGE_TEXT_HEAVY"], role="body")
    add("page:body", functools.partial(raw, "page"), ["IMAGE_TEXT_HEAVY", "IMAGE_TEXT_SHARE"], role="body",
        text="这一页讲的是分水岭分割。" * 10)
    add("text:body", functools.partial(raw, "text"), role="body", text="黑板上的公式。" * 10,
        moot=["IMAGE_TEXT_HEAVY"])
    add("clock_motion:original", functools.partial(raw, "clock_motion"), [BLUR], moot=[DIST])
    add("clock_motion:q90", lambda: jpeg(image("clock_motion")), [BLUR], moot=[DIST])
    # a cover already used on the platform
    add("chelsea:reused", lambda: jpeg(image("chelsea"), 80), ["IMAGE_COVER_REUSED"],
        history=(("post-1", "someone", "chelsea"),))
    add("astronaut:guide-cover", functools.partial(raw, "astronaut"), ["IMAGE_FACE_ON_GUIDE_COVER"], kind="guide")
    # graphics: real, not photographs; a silhouette on white reads like a product on white
    add("color:original", functools.partial(raw, "color"))
    add("logo:original", functools.partial(raw, "logo"), role="body")
    add("horse:original", functools.partial(raw, "horse"), moot=["IMAGE_WHITE_BACKGROUND"])
    # GENERATED product shots (none ship in any wheel): studio white is 商品白底图, whatever the product's colour
    for seed in range(3):
        add(f"generated-product-on-white:{seed}", lambda s=seed: jpeg(gen.product_on_white(seed=s)),
            ["IMAGE_WHITE_BACKGROUND"], real=False)
    add("generated-black-product-on-white", lambda: jpeg(black_product_on_white()), ["IMAGE_WHITE_BACKGROUND"],
        real=False)
    add("generated-white-product-in-a-room", lambda: jpeg(white_product_on_light()), real=False)
    add("generated-black-product-in-a-dark-room", lambda: jpeg(black_product_in_a_dark_room()), real=False)
    # GENERATED: a shop's product page captured on a phone (price, 包邮, cart and buy buttons)
    add("generated-product-page-screenshot", lambda: gen.png(gen.product_page_screenshot()),
        ["IMAGE_PRODUCT_SCREENSHOT", "IMAGE_TEXT_HEAVY", "IMAGE_PROMO_TEXT", "IMAGE_TEXT_SHARE"], role="body",
        real=False, moot=["IMAGE_WHITE_BACKGROUND"])  # the page shows the shop's white-background photo
    # a real photograph cut off in transfer
    add("china:truncated", lambda: raw("china")[: len(raw("china")) // 2], ["IMAGE_INVALID"], role="body")
    return tuple(items)


def clean(items=None) -> list[Item]:
    return [i for i in (items or corpus()) if i.clean]


def violating(items=None) -> list[Item]:
    return [i for i in (items or corpus()) if not i.clean]


def post_for(item: Item) -> tuple[dict, dict[str, bytes]]:
    """A post with the picture in its role, and the files it refers to."""
    text = item.text or ("这台咖啡机用了一个月，萃取稳定，奶泡细腻，清洁也方便，整体体验不错。" * 12)
    files = {"p.jpg": item.data}
    blocks = [{"type": "paragraph", "text": text}]
    cover = "p.jpg"
    if item.role != "cover":
        files["cover.jpg"] = jpeg(image("coffee"))  # a clean cover beside it
        cover = "cover.jpg"
    if item.role == "body":
        blocks.append({"type": "image", "src": "p.jpg"})
    elif item.role == "product":
        blocks.append({"type": "product", "sku": "100012", "name": "德龙 ECAM22.110.B 全自动咖啡机", "price": 3299.0,
                       "on_shelf": True, "image": "p.jpg", "display": "small"})
    return ({"format": "reviewdesk.post/1", "author": {"username": "real_photos", "display_name": "实拍"},
             "kind": item.kind, "title": "全自动咖啡机使用一个月后的真实感受与建议", "cover": cover, "tags": [],
             "blocks": blocks}, files)


def picture_bytes(name: str) -> bytes:
    """A picture of the corpus by name (for history entries)."""
    return jpeg(image(name))

