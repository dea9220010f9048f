"""Product-card rules (4.3, 4.4) and the guide's structure (4.3(4))."""
import pytest

from textposts import (NEWS, PHONE_REVIEW, SKINCARE_BLURBS, guide, guide_item, news, paragraphs, product, review,
                       run, with_paragraph)


def test_product_unavailable_no_price_or_off_shelf():
    blocks = paragraphs(PHONE_REVIEW) + [product("HUAWEI P60 8GB+256GB", brand="HUAWEI", price=None),
                                         product("HUAWEI P60 Pro", brand="HUAWEI", on_shelf=False)]
    found = run(review(blocks=blocks), "PRODUCT_UNAVAILABLE")
    assert {f.target: f.message for f in found} == {
        "blocks[9]": "商品“HUAWEI P60 8GB+256GB”暂无报价，请更换为在售商品",
        "blocks[10]": "商品“HUAWEI P60 Pro”已下架，请更换为在售商品"}


@pytest.mark.parametrize("card, licensed, classes", [
    (product("深海鱼油软胶囊 100粒", category="营养保健"), False, ["health"]),
    (product("电子血压计 上臂式", category="医疗器械"), False, ["device"]),
    (product("冈本 安全套 10只装", category="计生用品"), False, ["adult"]),
    (product("深海鱼油软胶囊 100粒", category="营养保健"), True, []),  # licensed author
    (product("HUAWEI P60 8GB+256GB", brand="HUAWEI"), False, []),
])
def test_product_restricted(card, licensed, classes):
    from textposts import context

    post = review(blocks=paragraphs(PHONE_REVIEW) + [card])
    found = run(post, "PRODUCT_RESTRICTED", context(post, licensed_health=licensed, licensed_adult=licensed))
    assert [c for f in found for c in f.evidence["classes"]] == classes


def test_product_unrelated_review_with_another_phone_card():
    """4.3(1) 【举例】 a 华为P10 review may carry a 华为P10 card, not a 小米6 card."""
    blocks = paragraphs(PHONE_REVIEW) + [product("HUAWEI P60 8GB+256GB", brand="HUAWEI"),
                                         product("小米6 全网通 4GB+64GB 亮黑色", brand="小米")]
    [f] = run(review(blocks=blocks), "PRODUCT_UNRELATED")
    assert f.target == "blocks[10]" and "小米6" in f.message and f.severity == "warn"


def test_product_unrelated_near_miss_recipe_with_ingredients():
    from textposts import RECIPE

    blocks = paragraphs(RECIPE) + [product("蒸鱼豉油 450ml", category="调味品", price=12.9),
                                   product("鲜活鲈鱼 约500g", category="生鲜", price=39.0)]
    assert run(review(blocks=blocks), "PRODUCT_UNRELATED") == []


def test_product_unrelated_near_miss_unknown_brand_named_by_its_kind():
    text = "这款面霜质地比较厚，适合干皮晚上厚涂，第二天起床脸还是软的。"
    post = with_paragraph(review(blocks=paragraphs(PHONE_REVIEW) + [product("某品牌保湿面霜 50ml", brand="某品牌")]),
                          text)
    assert run(post, "PRODUCT_UNRELATED") == []


def test_product_news_extra_allows_two_related_cards():
    """4.3(2) 【举例】 a 小米14 news may add two related cards, not three."""
    related = [product("Xiaomi 小米13 8GB+256GB", brand="Xiaomi"), product("Redmi K70 12GB+256GB", brand="Redmi")]
    ok = news(blocks=paragraphs(NEWS) + [product("Xiaomi 小米14 12GB+256GB", brand="Xiaomi")] + related)
    assert run(ok, "PRODUCT_NEWS_EXTRA") == []
    too_many = news(blocks=ok["blocks"] + [product("Xiaomi 小米12S Ultra", brand="Xiaomi")])
    [f] = run(too_many, "PRODUCT_NEWS_EXTRA")
    assert f.evidence["extra"] == ["Xiaomi 小米13 8GB+256GB", "Redmi K70 12GB+256GB", "Xiaomi 小米12S Ultra"]


def test_product_news_extra_only_for_news():
    post = review(blocks=paragraphs(PHONE_REVIEW) + [product(f"HUAWEI Mate{n}", brand="HUAWEI") for n in (40, 50, 60)])
    assert run(post, "PRODUCT_NEWS_EXTRA") == []


@pytest.mark.parametrize("title, prices, flagged", [
    ("2000元左右手机如何选：五款热门机型横向对比", [1999.0, 2299.0, 999.0], [999.0]),
    ("3000元以内的降噪耳机怎么选：通勤党实测五款", [899.0, 3499.0], [3499.0]),
    ("千元机怎么选：五款高性价比手机的真实体验", [1299.0, 4999.0], [4999.0]),
    ("华为P60深度体验：影像与续航的一次全面升级", [4488.0, 999.0], []),  # no price theme
])
def test_product_theme_mismatch(title, prices, flagged):
    cards = [product(f"HUAWEI P{60 + i}", brand="HUAWEI", price=p) for i, p in enumerate(prices)]
    found = run(review(title=title, blocks=paragraphs(PHONE_REVIEW) + cards), "PRODUCT_THEME_MISMATCH")
    assert [f.evidence["price"] for f in found] == flagged


def test_product_suggest_card_for_a_brand_discussed_without_card():
    text = "对比之前用过的三星S23，三星的屏幕调校更鲜艳，但这台的影像更自然。"
    post = review(blocks=paragraphs(PHONE_REVIEW[:3] + [text] + PHONE_REVIEW[3:]) +
                  [product("HUAWEI P60 8GB+256GB", brand="HUAWEI")])
    [f] = run(post, "PRODUCT_SUGGEST_CARD")
    assert (f.excerpt, f.severity) == ("三星", "info")
    assert run(review(), "PRODUCT_SUGGEST_CARD") == []


@pytest.mark.parametrize("count, severity", [(1, "block"), (3, "warn"), (11, "warn")])
def test_product_guide_count(count, severity):
    items = [b for i in range(count) for b in guide_item(i, SKINCARE_BLURBS[i % 5], f"修护面霜 {i}号")]
    post = guide(blocks=guide()["blocks"][:1] + items + guide()["blocks"][-2:])
    [f] = run(post, "PRODUCT_GUIDE_COUNT")
    assert (f.severity, f.evidence["count"]) == (severity, count)


def test_product_guide_count_five_to_ten_passes():
    assert run(guide(), "PRODUCT_GUIDE_COUNT") == []


def test_product_card_mode_guide_needs_small_cards():
    blocks = guide()["blocks"]
    blocks[2] = {**blocks[2], "display": "large"}
    [f] = run(guide(blocks=blocks), "PRODUCT_CARD_MODE")
    assert f.target == "blocks[2]"
    assert run(review(blocks=paragraphs(PHONE_REVIEW) + [product("HUAWEI P60", brand="HUAWEI", display="large")]),
               "PRODUCT_CARD_MODE") == []


def test_guide_structure_missing_parts():
    blocks = guide()["blocks"]
    found = run(guide(blocks=blocks[1:-2]), "GUIDE_STRUCTURE")  # no intro, no conclusion
    assert sorted(f.message[:8] for f in found) == ["导购文章缺少导语", "导购文章缺少总结"]
    [f] = run(guide(blocks=paragraphs(PHONE_REVIEW)), "GUIDE_STRUCTURE")
    assert "缺少商品推荐" in f.message


def test_guide_intro_length_is_advice():
    blocks = guide()["blocks"]
    blocks[0] = {"type": "paragraph", "text": "换季了，聊聊护肤。"}
    [f] = run(guide(blocks=blocks), "GUIDE_INTRO_LENGTH")
    assert (f.target, f.severity, f.evidence["length"]) == ("blocks[0]", "info", 9)


def test_guide_blurb_short():
    blocks = guide()["blocks"]
    blocks[3] = {"type": "paragraph", "text": "这支洁面很温和，推荐。"}
    [f] = run(guide(blocks=blocks), "GUIDE_BLURB_SHORT")
    assert (f.target, f.severity, f.evidence["length"]) == ("blocks[2]", "block", 11)


@pytest.mark.parametrize("swap", [(1, 2), (2, 3)])  # card before its image; text before its card
def test_guide_item_order(swap):
    blocks = guide()["blocks"]
    a, b = swap
    blocks[a], blocks[b] = blocks[b], blocks[a]
    assert [f.rule for f in run(guide(blocks=blocks), "GUIDE_ITEM_ORDER")] == ["GUIDE_ITEM_ORDER"]


def test_guide_time_words_in_recommendations():
    blocks = guide()["blocks"]
    blocks[6] = {"type": "paragraph", "text": blocks[6]["text"] + "今晚八点开始限时抢，双十一当天入手最合适。"}
    found = run(guide(blocks=blocks), "GUIDE_TIME_WORDS")
    assert [f.excerpt for f in found] == ["今晚", "限时", "双十一当天"]
    assert {f.target for f in found} == {"blocks[6]"}


def test_guide_time_words_near_miss_in_the_intro():
    blocks = guide()["blocks"]
    blocks[0] = {"type": "paragraph", "text": "今天" + blocks[0]["text"]}
    assert run(guide(blocks=blocks), "GUIDE_TIME_WORDS") == []
