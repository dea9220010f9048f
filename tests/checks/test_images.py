"""Picture rules (4.2(2), 4.2(3), 4.4): for each rule a generated picture that must fire and a near
miss that must not. No Django; OCR (rapidocr) is loaded once for the session."""
import functools

import numpy as np
import pytest
from PIL import Image, ImageDraw

import imagegen as gen
from moderation.checks import AuthorInfo, CheckContext, check_post
from moderation.checks.history import InMemoryHistory
from moderation.checks.phash import cover_phash

BODY_TEXT = "这款手机的影像系统在夜景下表现稳定，续航也能撑过一整天的重度使用。" * 20  # 640 characters


@functools.lru_cache(maxsize=None)
def photo(seed: int = 1) -> Image.Image:
    return gen.photo(seed=seed)


def build(cover=None, body=(), products=(), *, kind="review", text=BODY_TEXT, title="华为P60深度体验：影像与续航的一次全面升级"):
    """A post and its files: ``cover``, ``body`` and ``products`` are bytes (JPEG of a generated picture)."""
    files = {"cover.jpg": cover if cover is not None else gen.jpeg(photo(1))}
    blocks = [{"type": "paragraph", "text": text}]
    for i, data in enumerate(body):
        files[f"images/{i}.jpg"] = data
        blocks.append({"type": "image", "src": f"images/{i}.jpg"})
    for i, data in enumerate(products):
        files[f"images/p{i}.jpg"] = data
        blocks.append({"type": "product", "sku": f"10000{i}", "name": "HUAWEI P60 8GB+256GB 羽砂黑", "price": 4488.0,
                       "on_shelf": True, "image": f"images/p{i}.jpg", "display": "small"})
    post = {"format": "reviewdesk.post/1", "author": {"username": "shuma_home", "display_name": "数码之家"},
            "kind": kind, "title": title, "cover": "cover.jpg", "tags": [], "blocks": blocks}
    return post, files


def check(post, files, *, history=None, username="shuma_home", display_name="数码之家", thresholds=None):
    ctx = CheckContext(author=AuthorInfo(username, display_name, "数码"), open_image=lambda ref: files[ref],
                       history=history or InMemoryHistory(), thresholds=thresholds or {})
    found = [f for f in check_post(post, ctx) if f.rule.startswith("IMAGE_")]
    return found, ctx


def rules(found, target=None):
    return {f.rule for f in found if target is None or f.target == target}


def only(found, rule_id):
    hits = [f for f in found if f.rule == rule_id]
    assert len(hits) == 1, [f.message for f in found]
    return hits[0]


# --- IMAGE_INVALID: the rest of the post is still checked -------------------------------------------

@pytest.mark.parametrize("data, words", [
    (lambda: gen.jpeg(photo(2))[:15_000], "已损坏或不完整"),
    (lambda: gen.png(Image.new("1", (10000, 10000))), "疑似解压炸弹"),
    (lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "SVG"),
    (lambda: "纯文本冒充图片".encode() * 50, "仅支持 JPEG、PNG、WEBP、GIF"),
    (lambda: gen.jpeg(Image.new("RGB", (20500, 40), "gray")), "尺寸过大"),
], ids=["truncated", "bomb", "svg", "text", "huge"])
def test_a_bad_image_is_named_and_the_rest_of_the_post_is_still_checked(data, words):
    post, files = build(body=[data(), gen.jpeg(gen.with_qr(photo(3)))])
    found, _ = check(post, files)
    invalid = only(found, "IMAGE_INVALID")
    assert invalid.target == "blocks[1]" and "images/0.jpg" in invalid.message and words in invalid.message
    assert invalid.severity == "block"
    assert rules(found, "blocks[2]") == {"IMAGE_QR_CODE"}


def test_a_missing_file_is_reported_not_raised():
    post, files = build()
    del files["cover.jpg"]
    found, _ = check(post, files)
    assert only(found, "IMAGE_INVALID").message == "图片「cover.jpg」无法读取（文件不存在或已损坏），请重新上传"


def test_without_open_image_no_picture_rule_runs():
    post, _ = build()
    ctx = CheckContext(author=AuthorInfo("shuma_home"))
    assert not [f for f in check_post(post, ctx) if f.rule.startswith("IMAGE_")]


# --- 商品白底图 ---------------------------------------------------------------------------------------

def _cutout_png() -> bytes:
    """The product cut out on a transparent background."""
    rgb = np.asarray(gen.product_on_white(seed=3))
    alpha = np.where(rgb.min(axis=2) > 240, 0, 255).astype(np.uint8)
    return gen.png(Image.fromarray(np.dstack([rgb, alpha]), "RGBA"))


@pytest.mark.parametrize("make, fires", [
    (lambda: gen.jpeg(gen.product_on_white(seed=1)), True),
    (lambda: gen.jpeg(gen.product_on_white(seed=2, scale=0.8)), True),
    (_cutout_png, True),  # transparent background: shown on a white page
    (lambda: gen.jpeg(gen.bright_room(seed=1)), False),  # a bright product photographed in a room
    (lambda: gen.jpeg(gen.bright_room(seed=4)), False),
    (lambda: gen.jpeg(gen.text_page()), False),  # dark text on paper is not a product shot
], ids=["white", "white-large", "cutout-png", "bright-room", "bright-room-2", "text-page"])
def test_white_background(make, fires):
    found, _ = check(*build(cover=make()))
    assert ("IMAGE_WHITE_BACKGROUND" in rules(found, "cover")) == fires
    if fires:
        f = only(found, "IMAGE_WHITE_BACKGROUND")
        assert f.evidence["value"] >= f.evidence["threshold"] == 0.85 and "阈值85%" in f.message


def test_white_background_on_a_product_card_image():
    found, _ = check(*build(products=[gen.jpeg(gen.product_on_white(seed=5))]))
    assert only(found, "IMAGE_WHITE_BACKGROUND").target == "blocks[1].image"


# --- quality: distorted, blurry, dark ---------------------------------------------------------------

@pytest.mark.parametrize("make, kind", [
    (lambda: gen.jpeg(gen.stretched(photo(4), 1.4)), "stretched"),
    (lambda: gen.jpeg(gen.stretched(photo(5), 1.25).transpose(Image.Transpose.ROTATE_90)), "stretched"),
    (lambda: gen.jpeg(gen.upscaled(photo(6), 2.5)), "upscaled"),
    (lambda: gen.jpeg(photo(7), quality=25), "compressed"),
    (lambda: gen.jpeg(photo(8)), None),
    (lambda: gen.jpeg(photo(9), quality=60), None),
    (lambda: gen.jpeg(gen.bookshelf(seed=2)), None),
    (lambda: gen.jpeg(gen.portrait(seed=3)), None),
], ids=["stretched-x", "stretched-y", "upscaled", "compressed", "photo", "q60", "bookshelf", "portrait"])
def test_distorted(make, kind):
    found, _ = check(*build(cover=make()))
    hits = [f for f in found if f.rule == "IMAGE_DISTORTED"]
    assert [f.evidence["kind"] for f in hits] == ([kind] if kind else [])
    for f in hits:
        assert f.severity == "warn" and "threshold" in f.evidence


@pytest.mark.parametrize("make, fires", [
    (lambda: gen.jpeg(gen.blurred(photo(10), 2.5)), True),
    (lambda: gen.jpeg(gen.blurred(photo(11), 3.5)), True),
    (lambda: gen.jpeg(photo(12)), False),
    (lambda: gen.jpeg(gen.darkened(photo(13))), False),  # dark, but sharp
    (lambda: gen.jpeg(gen.bright_room(seed=2)), False),
    (lambda: gen.jpeg(gen.two_tone_poster(seed=4)), False),  # flat colour fields, sharp edges
], ids=["blur-2.5", "blur-3.5", "photo", "dark-but-sharp", "room", "poster"])
def test_blurry(make, fires):
    found, _ = check(*build(cover=make()))
    assert ("IMAGE_BLURRY" in rules(found)) == fires


@pytest.mark.parametrize("make, kind", [
    (lambda: gen.jpeg(gen.darkened(photo(14))), "dim"),
    (lambda: gen.jpeg(gen.hazy(photo(15))), "dull"),
    (lambda: gen.jpeg(photo(16)), None),
    (lambda: gen.jpeg(gen.bright_room(seed=3)), None),
    (lambda: gen.jpeg(gen.two_tone_poster(seed=1)), None),  # flat but colourful
], ids=["dim", "dull", "photo", "room", "poster"])
def test_dark(make, kind):
    found, _ = check(*build(cover=make()))
    hits = [f for f in found if f.rule == "IMAGE_DARK"]
    assert [f.evidence["kind"] for f in hits] == ([kind] if kind else [])


def test_quality_message_says_the_measure_and_the_threshold():
    found, _ = check(*build(cover=gen.jpeg(gen.darkened(photo(17)))))
    f = only(found, "IMAGE_DARK")
    assert f.message.startswith("请编辑确认：封面图画面偏暗：平均亮度") and "（阈值60）" in f.message
    assert f.evidence["value"] < f.evidence["threshold"] == 60


# --- the cover: collage, reuse, faces ----------------------------------------------------------------

@pytest.mark.parametrize("make, panes", [
    (lambda: gen.collage([photo(s) for s in (20, 21, 22, 23)], "2x2"), 4),
    (lambda: gen.collage([photo(s) for s in (24, 25, 26)], "1x3", gutter=10), 3),
    (lambda: gen.collage([photo(s) for s in (27, 28)], "1x2"), 2),
    (lambda: gen.collage([photo(s) for s in (29, 30, 31)], "big-left"), 3),
    (lambda: gen.collage([photo(s) for s in (32, 33)], "2x1", gutter=12, gutter_color=(30, 30, 30)), 2),
    (lambda: gen.two_tone_poster(seed=2), None),
    (lambda: gen.two_tone_poster(seed=3), None),
    (lambda: gen.bookshelf(seed=3), None),
    (lambda: photo(34), None),
    (lambda: gen.bright_room(seed=5), None),
], ids=["2x2", "1x3-gutter", "1x2", "unequal", "2x1-dark-gutter", "poster", "poster-2", "bookshelf", "photo", "room"])
def test_collage_cover(make, panes):
    found, _ = check(*build(cover=gen.jpeg(make())))
    hits = [f for f in found if f.rule == "IMAGE_COLLAGE"]
    assert [f.evidence["value"] for f in hits] == ([panes] if panes else [])
    for f in hits:
        assert f.target == "cover" and f.severity == "block" and len(f.evidence["seams"]) == panes - 1


def test_collage_in_the_body_is_not_a_cover_rule():
    found, _ = check(*build(body=[gen.jpeg(gen.collage([photo(s) for s in (35, 36)], "1x2"))]))
    assert "IMAGE_COLLAGE" not in rules(found)


def _history_with(cover: Image.Image, author: str) -> InMemoryHistory:
    history = InMemoryHistory()
    history.add("2024-000001", author, {"title": "旧文章", "blocks": []}, cover_phash=cover_phash(gen.jpeg(cover)))
    return history


@pytest.mark.parametrize("edit", [
    lambda im: gen.jpeg(im, quality=55),
    lambda im: gen.jpeg(im.resize((600, 400))),
    lambda im: gen.jpeg(im.crop((40, 30, 1200, 800))),
], ids=["re-encoded", "resized", "cropped"])
def test_cover_reused_by_the_same_author(edit):
    history = _history_with(photo(40), "shuma_home")
    found, ctx = check(*build(cover=edit(photo(40))), history=history)
    f = only(found, "IMAGE_COVER_REUSED")
    assert "你之前的文章（2024-000001）" in f.message and f.evidence["value"] <= f.evidence["threshold"]
    assert ctx.cache["cover_phash"] == f.evidence["phash"]


def test_cover_reused_from_another_author_and_a_new_cover_passes():
    history = _history_with(photo(41), "someone_else")
    found, _ = check(*build(cover=gen.jpeg(photo(41))), history=history)
    assert "其他作者的文章" in only(found, "IMAGE_COVER_REUSED").message
    found, ctx = check(*build(cover=gen.jpeg(photo(42))), history=history)
    assert "IMAGE_COVER_REUSED" not in rules(found) and len(ctx.cache["cover_phash"]) == 16


@pytest.mark.parametrize("kind, cover, fires", [
    ("guide", lambda: gen.portrait(seed=5), True),
    ("guide", lambda: gen.portrait(seed=6, face_size=220), True),
    ("review", lambda: gen.portrait(seed=5), False),  # the rule is for guides
    ("guide", lambda: photo(43), False),
    ("guide", lambda: gen.product_on_white(seed=6), False),
], ids=["guide-portrait", "guide-smaller-face", "review-portrait", "guide-photo", "guide-product"])
def test_face_on_guide_cover(kind, cover, fires):
    found, _ = check(*build(cover=gen.jpeg(cover()), kind=kind))
    assert ("IMAGE_FACE_ON_GUIDE_COVER" in rules(found)) == fires
    if fires:
        f = only(found, "IMAGE_FACE_ON_GUIDE_COVER")
        x, y, w, h = f.evidence["box"]
        assert f.severity == "warn" and abs(x + w / 2 - 600) < 60 and abs(y + h / 2 - 400) < 60


# --- QR codes --------------------------------------------------------------------------------------

@pytest.mark.parametrize("size, corner", [(220, "br"), (120, "tl"), (320, "bl")])
def test_qr_code_is_decoded_and_boxed_in_original_pixels(size, corner):
    found, _ = check(*build(body=[gen.jpeg(gen.with_qr(photo(50), "https://u.wechat.com/abc123", size=size, corner=corner))]))
    f = only(found, "IMAGE_QR_CODE")
    assert f.evidence["payload"] == "https://u.wechat.com/abc123" and "u.wechat.com" in f.message
    x, y, w, h = f.evidence["box"]
    margin = 32  # 4% of 800
    expect_x = margin + 4 * size / 37 if "l" in corner else 1200 - margin - size + 4 * size / 37  # inside the quiet zone
    assert abs(x - expect_x) < 12 and abs(w - size * 29 / 37) < 12


def test_qr_code_on_a_large_phone_photo_is_boxed_in_its_own_pixels():
    big = gen.with_qr(gen.photo(3000, 2000, seed=51), size=400, corner="tl").resize((3000, 2000))
    found, _ = check(*build(body=[gen.jpeg(big)]))
    x, y, w, h = only(found, "IMAGE_QR_CODE").evidence["box"]
    assert abs(x - (80 + 400 * 4 / 37)) < 20 and abs(w - 400 * 29 / 37) < 20


def test_qr_code_with_a_caption_beside_it():
    image = gen.with_qr(photo(53), size=200)
    ImageDraw.Draw(image).rectangle([900, 520, 1170, 560], fill="white")
    ImageDraw.Draw(image).text((910, 525), "扫码关注公众号", font=gen.font(30), fill="black")
    found, _ = check(*build(body=[gen.jpeg(image)]))
    assert only(found, "IMAGE_QR_CODE").evidence["payload"] == "https://u.wechat.com/abc123"


@pytest.mark.parametrize("make", [lambda: gen.checkerboard_tiles(), lambda: gen.text_page(), lambda: photo(52)],
                         ids=["floor-tiles", "text-page", "photo"])
def test_no_qr_code(make):
    found, _ = check(*build(body=[gen.jpeg(make())]))
    assert "IMAGE_QR_CODE" not in rules(found)


# --- pHash helpers for the indexed store ---------------------------------------------------------------

def test_phash_helpers_for_the_django_side():
    from moderation.checks.phash import CoverIndex, phash_band_keys, phash_distance

    a = cover_phash(gen.jpeg(photo(44)))
    b = cover_phash(gen.jpeg(photo(44).resize((900, 600)), quality=60))
    c = cover_phash(gen.jpeg(photo(45)))
    assert len(a) == 16 and int(a, 16) >= 0
    assert phash_distance(a, a) == 0 and phash_distance(a, b) <= 3 < 20 < phash_distance(a, c)
    keys = phash_band_keys(a)
    assert keys == [f"{i}:{a[i * 4:(i + 1) * 4]}" for i in range(4)]
    assert set(keys) & set(phash_band_keys(b))  # within distance 3: at least one band is shared
    index = CoverIndex()
    index.extend([("p1", "alice", a), ("p2", "bob", c)])
    index.add("p3", "charlie", b)
    assert index.similar(a, max_distance=10) == [("p1", "alice", 0), ("p3", "charlie", phash_distance(a, b))]
    with pytest.raises(ValueError):
        phash_band_keys("abc")
