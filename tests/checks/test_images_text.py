"""Text on pictures (OCR with rapidocr, offline): too much text, text instead of the article's words,
watermarks, promotion on product images, product-page screenshots; the pre-filter and the per-post cap."""
import socket
import re
from pathlib import Path

import pytest

import imagegen as gen
from moderation.checks import RULES, ocr
from moderation.checks.images import AUTO_BLOCK_PRECISION, IMAGE_RULES, MEASURED_PRECISION
from test_images import BODY_TEXT, build, check, only, photo, rules

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "RULES.md"


def test_ocr_engine_loads_and_reads_without_any_network(monkeypatch):
    """The models ship in the wheel: nothing may be fetched, now or later."""
    def refuse(*args, **kwargs):
        raise AssertionError("OCR tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    ocr.engine.cache_clear()
    bgr = gen.np.asarray(gen.with_text(photo(60), ["加微信领取优惠券"], size=48))[:, :, ::-1]
    lines = ocr.read_text(bgr)
    assert [line.text for line in lines] == ["加微信领取优惠券"]


# --- IMAGE_TEXT_HEAVY ---------------------------------------------------------------------------------

@pytest.mark.parametrize("make, fires", [
    (lambda: gen.text_page(), True),
    (lambda: gen.with_text(photo(61), ["夏日清凉好物推荐", "这台风扇我已经用了三个月", "噪音小风力足续航也不错",
                                       "宿舍办公室都很合适"], size=52), True),
    (lambda: gen.bookshelf(seed=4), False),  # spines with a few small titles
    (lambda: gen.with_text(photo(62), ["夏日好物"], size=44), False),  # a short title on a photo
    (lambda: photo(63), False),
], ids=["article-screenshot", "poster-lines", "bookshelf", "short-title", "photo"])
def test_text_heavy(make, fires):
    found, _ = check(*build(body=[gen.jpeg(make())]))
    assert ("IMAGE_TEXT_HEAVY" in rules(found, "blocks[1]")) == fires
    if fires:
        f = only(found, "IMAGE_TEXT_HEAVY")
        assert f.severity == "warn" and f.evidence["chars"] >= 30 and len(f.evidence["box"]) == 4


# --- IMAGE_TEXT_SHARE ---------------------------------------------------------------------------------

def test_text_share_over_ten_percent_of_the_article():
    found, _ = check(*build(body=[gen.jpeg(gen.text_page())], text=BODY_TEXT[:300]))
    f = only(found, "IMAGE_TEXT_SHARE")
    assert f.target == "post" and f.severity == "block" and f.evidence["value"] > 0.1 == f.evidence["threshold"]
    assert re.search(r"图片中的文字约\d+字，占正文文字（300字）的\d+%（上限10%）", f.message)


def test_text_share_under_ten_percent_passes():
    long_text = BODY_TEXT * 3  # 1,920 characters against ~130 on the picture
    found, _ = check(*build(body=[gen.jpeg(gen.text_page())], text=long_text))
    assert "IMAGE_TEXT_SHARE" not in rules(found)


def test_comics_are_exempt_from_text_share():
    found, _ = check(*build(body=[gen.jpeg(gen.text_page())], text=BODY_TEXT[:300],
                            title="周末漫画：程序员的数码生活第三话完整版"))
    assert "IMAGE_TEXT_SHARE" not in rules(found)


# --- IMAGE_WATERMARK ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, corner", [("@数码小王子", "br"), ("小红书号 8848123", "tl"), ("@值友阿花", "bl")])
def test_watermark_on_the_cover_blocks(text, corner):
    found, _ = check(*build(cover=gen.jpeg(gen.with_watermark(photo(64), text, corner=corner))))
    f = only(found, "IMAGE_WATERMARK")
    assert f.target == "cover" and f.severity == "block" and "封面图严禁出现任何水印" in f.message
    x, y, w, h = f.evidence["box"]
    assert (x > 800) == ("r" in corner) and (y > 600) == ("b" in corner)


def test_watermark_in_the_body_warns_unless_it_is_the_authors_own():
    post, files = build(body=[gen.jpeg(gen.with_watermark(photo(65), "@数码小王子"))])
    found, _ = check(post, files)
    assert only(found, "IMAGE_WATERMARK").severity == "warn"
    found, _ = check(post, files, display_name="数码小王子")
    assert "IMAGE_WATERMARK" not in rules(found)


def test_centred_caption_is_not_a_watermark():
    found, _ = check(*build(cover=gen.jpeg(gen.with_text(photo(66), ["旅行随拍"], xy=(520, 380), size=40))))
    assert "IMAGE_WATERMARK" not in rules(found)


# --- IMAGE_PROMO_TEXT ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lines, word", [
    (["全场满300减50", "限时秒杀"], "满300减50"),
    (["第二件半价", "包邮到家"], "第二件半价"),
])
def test_promotion_on_a_product_card_image(lines, word):
    image = gen.with_text(gen.product_on_white(seed=7), lines, xy=(60, 60), size=46, fill=(230, 30, 30), stroke=None)
    found, _ = check(*build(products=[gen.jpeg(image)]))
    f = only(found, "IMAGE_PROMO_TEXT")
    assert f.target == "blocks[1].image" and f.severity == "block" and word in f.evidence["value"]
    assert f.evidence["box"][1] < 200


def test_brand_name_on_a_product_image_is_not_promotion():
    image = gen.with_text(gen.product_on_white(seed=8), ["HUAWEI"], xy=(60, 60), size=46, fill=(30, 30, 30), stroke=None)
    found, _ = check(*build(products=[gen.jpeg(image)]))
    assert "IMAGE_PROMO_TEXT" not in rules(found)


# --- IMAGE_PRODUCT_SCREENSHOT -------------------------------------------------------------------------

def test_product_page_screenshot():
    found, _ = check(*build(body=[gen.jpeg(gen.product_page_screenshot())]))
    f = only(found, "IMAGE_PRODUCT_SCREENSHOT")
    assert {"加入购物车", "立即购买"} <= set(f.evidence["value"]) and f.target == "blocks[1]"


def test_article_screenshot_is_not_a_product_page():
    found, _ = check(*build(body=[gen.jpeg(gen.text_page())]))
    assert "IMAGE_PRODUCT_SCREENSHOT" not in rules(found)


# --- the pre-filter and the cap -----------------------------------------------------------------------

def test_plain_photos_are_not_read():
    post, files = build(body=[gen.jpeg(photo(s)) for s in (70, 71, 72)] + [gen.jpeg(gen.bright_room(seed=6))])
    _, ctx = check(post, files)
    assert ctx.cache["ocr_read"] == []


def test_ocr_is_capped_per_post_and_product_images_go_first():
    pages = [gen.jpeg(gen.text_page(size=30 + i)) for i in range(5)]
    post, files = build(body=pages, products=[gen.jpeg(gen.product_page_screenshot())])
    found, ctx = check(post, files, thresholds={"image_ocr_max_pictures": 3})
    read = [p.target for p in ctx.cache["ocr_read"]]
    assert len(read) == 3 and read[0] == "blocks[6].image"
    assert len(ctx.cache["ocr_skipped"]) == 3
    assert only(found, "IMAGE_TEXT_SHARE").evidence["unread"] == ctx.cache["ocr_skipped"]


# --- the catalogue ------------------------------------------------------------------------------------

@pytest.mark.skipif(not SPEC.exists(), reason="../shared/spec/RULES.md is not beside the repository")
def test_every_checkable_image_rule_is_registered_with_its_severity_and_clause():
    rows = {}
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and cells[0].startswith("IMAGE_") and cells[-1] in ("auto", "assist"):
            rows[cells[0]] = cells
    registered = {rule_id for r in RULES if r.kind == "image" for rule_id in r.rule_ids}
    assert set(rows) == set(IMAGE_RULES) == registered
    for rule_id, (severity, clause) in IMAGE_RULES.items():
        true, fired = MEASURED_PRECISION[rule_id]
        downgraded = severity == "warn" and true / fired < AUTO_BLOCK_PRECISION  # severity follows precision
        assert (severity in rows[rule_id][-3].split("/") or downgraded) and clause == rows[rule_id][1], rule_id
