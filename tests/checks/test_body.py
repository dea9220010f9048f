"""Body rules, 4.2(3): length, images, and what the text may not contain."""
import pytest

from textposts import NEWS, PHONE_REVIEW, guide, news, paragraphs, product, review, run, with_paragraph


def test_clean_posts_raise_no_text_finding():
    for post in (review(), news(), guide()):
        assert run(post, "ANY") == []
        from moderation.checks import check_post
        from textposts import context

        assert [f.to_dict() for f in check_post(post, context(post))] == []


@pytest.mark.parametrize("kind, texts, minimum", [
    ("review", PHONE_REVIEW[:3], 500),
    ("review", NEWS, 500),  # a review of 400 characters is too short …
    ("guide", PHONE_REVIEW[:4], 500),
    ("news", NEWS[:2], 300),
    ("video", NEWS[:2], 300),
])
def test_body_too_short_counts_non_space_characters(kind, texts, minimum):
    length = sum(len("".join(t.split())) for t in texts)
    [f] = run(review(kind=kind, blocks=paragraphs(texts)), "BODY_TOO_SHORT")
    assert f.target == "post" and f.severity == "block"
    assert f.evidence == {"length": length, "min": minimum}
    assert f"正文字数为{length}" in f.message and f"不少于{minimum}字" in f.message


@pytest.mark.parametrize("kind, texts", [
    ("news", NEWS),  # … while news of 400 is long enough (300)
    ("video", NEWS),
    ("review", PHONE_REVIEW),
])
def test_body_long_enough_passes(kind, texts):
    assert run(review(kind=kind, blocks=paragraphs(texts)), "BODY_TOO_SHORT") == []


def test_body_too_short_ignores_spaces_and_captions():
    padded = [{"type": "paragraph", "text": " ".join(PHONE_REVIEW[:3]) + " " * 400},
              {"type": "image", "src": "a.jpg", "caption": "夜景样张" * 100}]
    [f] = run(review(blocks=padded), "BODY_TOO_SHORT")
    assert f.evidence["length"] == sum(len(t) for t in PHONE_REVIEW[:3])


@pytest.mark.parametrize("blocks", [
    [{"type": "paragraph", "text": t} for t in PHONE_REVIEW],  # only the cover
    [{"type": "paragraph", "text": t} for t in PHONE_REVIEW] + [product("HUAWEI P60")],  # card image only
    [{"type": "paragraph", "text": t} for t in PHONE_REVIEW] + [{"type": "video", "src": "v.mp4"}],
])
def test_body_no_image_fires_when_only_cover_or_card_images(blocks):
    [f] = run(review(blocks=blocks), "BODY_NO_IMAGE")
    assert (f.target, f.severity, f.clause) == ("post", "block", "4.2(3)")


def test_body_no_image_video_post_counts_its_video():
    blocks = [{"type": "video", "src": "v.mp4", "duration_s": 95}] + [{"type": "paragraph", "text": t} for t in NEWS]
    assert run(review(kind="video", blocks=blocks), "BODY_NO_IMAGE") == []


@pytest.mark.parametrize("text, excerpts, normalized", [
    ("同款在淘宝上要贵两百块，所以我选择在京东自营下单。", ["淘宝"], [None]),
    ("之前在淘*宝看过同款，还是京东发货快。", ["淘*宝"], ["淘宝"]),
    ("之前在淘 宝和淘-宝都看过同款，还是京东发货快。", ["淘 宝", "淘-宝"], ["淘宝", "淘宝"]),
    ("很多人会去ＴａｏＢａｏ或者TaoBao比价。", ["ＴａｏＢａｏ", "TaoBao"], ["taobao", "taobao"]),
    ("我也在tb上买过一次，体验一般。", ["tb"], [None]),
    ("这家店在t&b也有旗舰店。", ["t&b"], [None]),
    ("淘寶和天貓上的價格差不多。", ["淘寶", "天貓"], ["淘宝", "天猫"]),
    ("拼多多、亚马逊、苏宁易购、国美和唯品会我都比较过。", ["拼多多", "亚马逊", "苏宁易购", "国美", "唯品会"],
     [None] * 5),
    ("结账的时候用支付宝付款很方便。", ["支付宝"], [None]),
])
def test_body_competitor_fires_with_spans_into_the_original(text, excerpts, normalized):
    found = run(with_paragraph(review(), text), "BODY_COMPETITOR")
    assert [f.excerpt for f in found] == excerpts
    assert [f.normalized for f in found] == normalized
    assert all(f.target == "blocks[1]" and f.severity == "block" for f in found)


@pytest.mark.parametrize("text", [
    "京东自营的物流很快，头天晚上下单第二天上午就到了。",  # 京东 itself is not a competitor
    "这块1TB的固态硬盘装系统很快，读写速度也稳定。",  # TB is a unit
    "配件里有一根USB数据线和一个1 TB的移动硬盘。",
    "假期去美国美食街吃了一圈，还去看了亚马逊雨林的纪录片。",
    "这款手机的名字响当当，配置也对得起价格。",
])
def test_body_competitor_near_misses(text):
    assert run(with_paragraph(review(), text), "BODY_COMPETITOR") == []


def test_body_competitor_in_the_title_and_tags():
    post = review(title="淘宝和京东买手机的区别：我的真实购物体验", tags=["天猫"])
    found = run(post, "BODY_COMPETITOR")
    assert [(f.target, f.excerpt) for f in found] == [("tags[0]", "天猫"), ("title", "淘宝")]


@pytest.mark.parametrize("text, excerpt, normalized", [
    ("更多评测可以访问 https://example.com/review/p60 查看。", "https://example.com/review/p60", None),
    ("具体参数见官网www.example.com。", "www.example.com", None),
    ("感兴趣的可以去 www . example . com 看看。", "www . example . com", "www.example.com"),
    ("想看原图的去 shuma点com 找我。", "shuma点com", "shuma.com"),
    ("原帖在 example dot com 上。", "example dot com", "example.com"),
    ("完整版在ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ。", "ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ", "www.example.com"),
    ("短链接t.cn/A6abcd可以直接打开。", "t.cn/A6abcd", "t.cn/a6abcd"),
])
def test_body_link_fires_on_plain_and_obfuscated_links(text, excerpt, normalized):
    [f] = run(with_paragraph(review(), text), "BODY_LINK")
    assert (f.excerpt, f.normalized, f.severity) == (excerpt, normalized, "block")


@pytest.mark.parametrize("text", [
    "3.5mm耳机孔还在，Type-C接口支持USB 3.2传输。",
    "系统版本是HarmonyOS 4.0，机身厚度8.3mm。",
    "晚上九点com完成了测试。",  # no latin name before 点com
])
def test_body_link_near_misses(text):
    assert run(with_paragraph(review(), text), "BODY_LINK") == []
