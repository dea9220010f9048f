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


@pytest.mark.parametrize("kind, fires", [("news", False), ("video", False), ("review", True), ("guide", True)])
def test_body_of_350_characters_is_enough_for_news_not_for_a_review(kind, fires):
    text = "".join("".join(t.split()) for t in NEWS)[:350]
    post = review(kind=kind, blocks=[{"type": "paragraph", "text": text}, {"type": "image", "src": "a.jpg"}])
    assert bool(run(post, "BODY_TOO_SHORT")) is fires


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


@pytest.mark.parametrize("text, excerpts, normalized", [
    ("想要原图的朋友可以加微信 shuma_2023 找我要。", ["微信 shuma_2023"], ["微信shuma_2023"]),
    ("有问题加微❤信问我就好。", ["加微❤信"], ["加微信"]),
    ("需要的私聊，加V信或者加vx都行。", ["加V信", "vx"], ["加v信", None]),
    ("售后问题可以打13812345678联系。", ["13812345678"], [None]),
    ("电话是一三八一二三四五六七八，白天都在。", ["一三八一二三四五六七八"], ["13812345678"]),
    ("电话：１３８ １２３４ ５６７８。", ["１３８ １２３４ ５６７８"], ["13812345678"]),
    ("欢迎关注我的公众号，每周更新。", ["公众号"], [None]),
    ("交流群QQ：123456789，欢迎加入。", ["QQ：123456789"], ["qq:123456789"]),
    ("合作请发邮件到 shuma@example.com。", ["shuma@example.com"], [None]),
])
def test_body_contact_fires(text, excerpts, normalized):
    found = run(with_paragraph(review(), text), "BODY_CONTACT")
    assert [f.excerpt for f in found] == excerpts
    assert [f.normalized for f in found] == normalized


@pytest.mark.parametrize("text", [
    "这台手机支持微信支付，还有NFC刷卡，出门基本不用带钱包。",  # a phone feature
    "微信和QQ的消息推送都很及时，后台不会被杀。",  # WeChat as an app on the phone
    "屏幕用的是维信诺的面板，观感细腻。",
    "电池容量为4610mAh，支持90W快充，官方数据0到100%只要23分钟。",
    "我的订单号是100012345678，物流两天就到了。",  # 12 digits, not a phone
])
def test_body_contact_near_misses(text):
    assert run(with_paragraph(review(), text), "BODY_CONTACT") == []


@pytest.mark.parametrize("text, excerpts", [
    ("这台手机到手价1999，性价比很高。", ["到手价1999"]),
    ("官方售价为4488元，比上一代贵了一些。", ["售价为4488元"]),
    ("我是在活动里用¥2999买到的。", ["¥2999"]),
    ("券后199就能拿下，很划算。", ["券后199"]),
    ("两千不到，只要1799元。", ["1799元"]),
    ("这个价格29.9块钱还包邮。", ["价格29.9块钱"]),
])
def test_body_price_fires(text, excerpts):
    assert [f.excerpt for f in run(with_paragraph(review(), text), "BODY_PRICE")] == excerpts


@pytest.mark.parametrize("text", [
    "据财报，该品牌去年销售额4.9亿元，同比增长三成。",  # a sales figure
    "那时候我月薪3000元，攒了半年才买下第一台相机。",  # a salary
    "那天打车花了45元，司机还绕了路。",  # a fee in a story
    "2023年发布的iPhone 15用上了灵动岛。",  # a year and a model number
    "电池容量3000mAh，支持65W快充。",
    "预算3000元以内的话，这几款都可以考虑。",  # a budget band is a theme
    "2000元左右的手机里，它的影像算是第一梯队。",
])
def test_body_price_near_misses(text):
    assert run(with_paragraph(review(), text), "BODY_PRICE") == []


def test_body_price_in_the_title():
    [f] = run(review(title="到手价1999元的华为P60值不值得买：两周体验"), "BODY_PRICE")
    assert (f.target, f.excerpt) == ("title", "到手价1999元")


@pytest.mark.parametrize("text, excerpts", [
    ("现在下单满300减50，还能领优惠券。", ["满300减50", "优惠券"]),
    ("店铺正在搞周年庆，全场五折包邮。", ["周年庆", "五折", "包邮"]),
    ("评论区抽奖送三台，限时三天。", ["抽奖", "限时"]),
])
def test_body_promo_fires(text, excerpts):
    found = run(with_paragraph(review(), text), "BODY_PROMO")
    assert sorted(f.excerpt for f in found) == sorted(excerpts)


@pytest.mark.parametrize("text", [
    "三折叠屏手机展开以后就是一台小平板。",
    "弱光下长焦会切到主摄裁切，画质大打折扣。",
    "这次升级一波三折，好在最后还是推送了。",
])
def test_body_promo_near_misses(text):
    assert run(with_paragraph(review(), text), "BODY_PROMO") == []


@pytest.mark.parametrize("rule, text, excerpt", [
    ("BODY_MEDICAL", "这款按摩仪对颈椎病有很好的疗效，坚持用可以根治。", "疗效"),
    ("BODY_HEALTH_CLAIM", "每天一粒，增强免疫力，还能延缓衰老。", "增强免疫力"),
    ("BODY_ADULT", "文末附上一些约炮软件的测评。", "约炮"),
    ("BODY_SENSITIVE", "把手机放在床头辟邪，据说还能转运。", "辟邪"),
    ("BODY_ATTACK", "这就是个垃圾品牌，买它纯属交智商税。", "垃圾品牌"),
    ("BODY_JD_STAFF", "我老婆就是京东员工，内部消息说下个月有新品。", "京东员工"),
])
def test_body_forbidden_topics_fire(rule, text, excerpt):
    found = run(with_paragraph(review(), text), rule)
    assert excerpt in [f.excerpt for f in found]


@pytest.mark.parametrize("rule, text", [
    ("BODY_MEDICAL", "戴着它跑步三个月，医院体检的时候心率数据和手表记录的差不多。"),
    ("BODY_HEALTH_CLAIM", "我每天早上会冲一杯蛋白粉当早餐。"),  # one passing mention
    ("BODY_HEALTH_CLAIM", "鞋子里放了增高鞋垫，走路也不累。"),
    ("BODY_ATTACK", "它唯一的缺点是充电慢，希望下一代改进。"),
    ("BODY_JD_STAFF", "京东快递第二天就送到了，包装也很严实。"),
])
def test_body_forbidden_topics_near_misses(rule, text):
    assert run(with_paragraph(review(), text), rule) == []


def test_body_health_products_by_a_licensed_author():
    from textposts import context

    post = with_paragraph(review(), "这罐蛋白粉我喝了三个月，和鱼油一起作为日常补充。")
    assert len(run(post, "BODY_HEALTH_CLAIM")) == 2
    assert run(post, "BODY_HEALTH_CLAIM", context(post, licensed_health=True)) == []


def test_body_adult_products_only_for_licensed_authors():
    from textposts import context

    post = with_paragraph(review(), "这次测评的是几款情趣用品的材质和做工。")
    assert [f.excerpt for f in run(post, "BODY_ADULT")] == ["情趣用品"]
    assert run(post, "BODY_ADULT", context(post, licensed_adult=True)) == []


def test_body_quote_share_over_20_percent_blocks():
    quote = {"type": "quote", "text": "".join(NEWS[:2]), "source": "小米官网"}
    [f] = run(review(blocks=[quote] + paragraphs(PHONE_REVIEW)), "BODY_QUOTE_SHARE")
    assert (f.target, f.severity) == ("post", "block") and f.evidence["quoted"] == 191


def test_body_quote_under_20_percent_with_source_passes():
    quote = {"type": "quote", "text": NEWS[0][:60], "source": "小米发布会"}
    assert run(review(blocks=[quote] + paragraphs(PHONE_REVIEW)), "BODY_QUOTE_SHARE") == []


def test_body_quote_without_source_warns():
    quote = {"type": "quote", "text": NEWS[0][:60]}
    [f] = run(review(blocks=[quote] + paragraphs(PHONE_REVIEW)), "BODY_QUOTE_SHARE")
    assert (f.target, f.severity, f.start, f.end) == ("blocks[0]", "warn", 0, 60)


@pytest.mark.parametrize("text, excerpts", [
    ("续航很好,拍照也不错!就是有点重?", [",", "!", "?"]),
    ("太好用了！！！强烈推荐给大家。", ["！！！"]),
    ("等了好久。。。终于到货了", ["。。。"]),
])
def test_body_punctuation_is_advice(text, excerpts):
    found = run(with_paragraph(review(), text), "BODY_PUNCTUATION")
    assert [f.excerpt for f in found] == excerpts and {f.severity for f in found} == {"info"}


@pytest.mark.parametrize("text", [
    "屏幕比例是20:9，分辨率2400×1080，刷新率120Hz。",
    "支持Wi-Fi 7, 蓝牙5.3和NFC。".replace(", ", "、"),
])
def test_body_punctuation_near_misses(text):
    assert run(with_paragraph(review(), text), "BODY_PUNCTUATION") == []
