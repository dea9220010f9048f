"""Title rules, 4.2(1): each table has titles that must fire and near misses that must not."""
import pytest

from textposts import review, run

from moderation.checks.title import title_width


@pytest.mark.parametrize("title, width", [
    ("华为P60深度体验：影像与续航的一次全面升级", 21),  # P60 counts 1.5: 20.5 rounds up
    ("iPhone 15 Pro Max上手", 11),
    ("小米14发布", 5),
    ("", 0),
])
def test_title_width_counts_half_width_as_half(title, width):
    assert title_width(title) == width


@pytest.mark.parametrize("title, width", [
    ("小米14发布，徕卡影像", 10),
    ("华为P60上手：影像很强", 11),
    ("一篇关于换季护肤的长文章：从清洁保湿到防晒修护再到敏感肌急救的完整心得分享", 37),
])
def test_title_length_outside_15_to_27_fires_with_the_measured_length(title, width):
    [f] = run(review(title=title), "TITLE_LENGTH")
    assert (f.severity, f.clause, f.start, f.end) == ("block", "4.2(1)", 0, len(title))
    assert f"标题长度为{width}，应在15–27之间" in f.message


@pytest.mark.parametrize("title", [
    "华为P60深度体验：影像与续航的一次全面升级",
    "换季护肤不踩坑：混合肌早晚护理的五样好物",
    "iPhone 15 Pro Max上手体验：钛金属手感如何",  # 28 code points, 21 wide
    "清蒸鲈鱼的家常做法，十分钟上桌",  # exactly 15
])
def test_title_length_within_range_passes(title):
    assert run(review(title=title), "TITLE_LENGTH") == []


@pytest.mark.parametrize("title, excerpts", [
    ("内部满减、凑单攻略外泄!", ["满减", "凑单"]),
    ("京东美妆7周年庆,超级大满减力度太大!", ["周年庆", "大满减"]),
    ("这款扫地机器人正在秒杀，包邮到家还送滤网", ["秒杀", "包邮"]),
    ("年末清仓特价：这几款羽绒服现在入手最划算", ["清仓", "特价"]),
    ("领券攻略：双十一怎么买到最实惠的家电", ["领券"]),
])
def test_title_promo_fires_on_each_promotion_word(title, excerpts):
    found = run(review(title=title), "TITLE_PROMO")
    assert [f.excerpt for f in found] == excerpts
    assert all(f.severity == "block" for f in found)


@pytest.mark.parametrize("title", [
    "华为P60深度体验：影像与续航的一次全面升级",
    "折叠屏手机值得买吗：用了半年的真实感受",
    "换季护肤不踩坑：混合肌早晚护理的五样好物",
])
def test_title_promo_near_misses(title):
    assert run(review(title=title), "TITLE_PROMO") == []


@pytest.mark.parametrize("title, marks", [
    ("iphone8将推迟发布!双卡双待、无线充电性能惊人", ["!"]),
    ("京东美妆7周年庆,超级大满减力度太大!", [",", "!"]),
    ("扫地机器人怎么选?看完这篇就懂了(附清单)", ["?", "(", ")"]),
    ("双十一买什么:这五款家电闭眼入也不会错", [":"]),
])
def test_title_halfwidth_punct_fires_with_the_full_width_fix(title, marks):
    found = run(review(title=title), "TITLE_HALFWIDTH_PUNCT")
    assert [f.excerpt for f in found] == marks
    assert found[0].evidence["suggestion"] in "，！？：；（）"


@pytest.mark.parametrize("title", [
    "华为P60深度体验：影像与续航的一次全面升级",
    "16:9还是21:9？带鱼屏显示器选购心得分享",  # ratios, full-width question mark
    "Galaxy S24 Ultra上手体验",  # no CJK punctuation problem
])
def test_title_halfwidth_punct_near_misses(title):
    assert run(review(title=title), "TITLE_HALFWIDTH_PUNCT") == []


@pytest.mark.parametrize("title, symbols", [
    ("【开箱】华为P60羽砂黑上手：影像与续航", ["【", "】"]),
    ("华为P60深度体验 | 影像与续航的一次全面升级", ["|"]),
    ("华为P60深度体验｜影像与续航的一次全面升级", ["｜"]),
])
def test_title_forbidden_symbol_fires(title, symbols):
    found = run(review(title=title), "TITLE_FORBIDDEN_SYMBOL")
    assert [f.excerpt for f in found] == symbols
    assert {f.severity for f in found} == {"block"}


def test_title_forbidden_symbol_near_miss_full_width_brackets_are_fine():
    assert run(review(title="华为P60深度体验（上）：影像与续航的全面升级"), "TITLE_FORBIDDEN_SYMBOL") == []


@pytest.mark.parametrize("title, excerpts", [
    ("全网最低价入手的扫地机器人，真实体验分享", ["全网最低价"]),
    ("史上最强拍照手机？华为P60影像全面测试", ["史上最强"]),
    ("销量第一的空气炸锅到底好在哪里：深度体验", ["销量第一"]),
    ("这台顶级降噪耳机，戴了三个月后的真实感受", ["顶级"]),
])
def test_title_ad_law_fires(title, excerpts):
    assert [f.excerpt for f in run(review(title=title), "TITLE_AD_LAW")] == excerpts


@pytest.mark.parametrize("title", [
    "最近入手的扫地机器人，用了一个月的真实感受",  # 最近 is not a superlative
    "最后一次换手机：华为P60两周使用体验分享",  # 最后 neither
    "第一次用洗碗机，这些细节提前知道就好了",  # ordinal
    "换季护肤最好先做好保湿：混合肌的早晚步骤",  # advice
])
def test_title_ad_law_near_misses(title):
    assert run(review(title=title), "TITLE_AD_LAW") == []


@pytest.mark.parametrize("title, excerpt", [
    ("震惊！这款国产手机的夜景效果竟然超过了单反", "震惊"),
    ("99%的人不知道的洗碗机隐藏功能，速看收藏", "99%的人不知道"),
    ("内部满减、凑单攻略外泄!", "外泄"),
])
def test_title_clickbait_fires(title, excerpt):
    found = run(review(title=title), "TITLE_CLICKBAIT")
    assert excerpt in [f.excerpt for f in found]
    assert {f.severity for f in found} == {"warn"}


def test_title_clickbait_near_miss():
    assert run(review(), "TITLE_CLICKBAIT") == []


@pytest.mark.parametrize("title, excerpts, fixes", [
    ("iphone8将推迟发布!双卡双待、无线充电性能惊人", ["iphone"], ["iPhone"]),
    ("Galaxy S8和iphone7Plus 速度测试", ["iphone"], ["iPhone"]),
    ("Iphone 15和ipad Air怎么选：学生党的真实体验", ["Iphone", "ipad"], ["iPhone", "iPad"]),
    ("用了三个月的macbook air：轻薄本的真实续航", ["macbook"], ["MacBook"]),
    ("huawei Mate60和Vivo X100拍照对比，谁更出色", ["huawei", "Vivo"], ["HUAWEI", "vivo"]),
    ("ｉｐｈｏｎｅ１５上手体验：钛金属手感究竟如何", ["ｉｐｈｏｎｅ"], ["iPhone"]),
])
def test_title_brand_case_fires_with_the_fix(title, excerpts, fixes):
    found = run(review(title=title), "TITLE_BRAND_CASE")
    assert [f.excerpt for f in found] == excerpts
    assert [f.evidence["suggestion"] for f in found] == fixes
    assert fixes[0] in found[0].message


@pytest.mark.parametrize("title", [
    "iPhone 15和iPad Air怎么选：学生党的真实体验",
    "用了三个月的MacBook Air：轻薄本的真实续航",
    "HUAWEI Mate60和vivo X100拍照对比，谁更出色",
    "iPadOS新功能上手：分屏与台前调度的体验",  # iPadOS is not a misspelt iPad
])
def test_title_brand_case_near_misses(title):
    assert run(review(title=title), "TITLE_BRAND_CASE") == []


@pytest.mark.parametrize("title, excerpt", [
    ("华为P60深度体验 影像与续航的一次全面升级", " "),
    ("扫地机器人选购指南\u3000这五点一定要看", "\u3000"),
])
def test_title_space_separator_fires(title, excerpt):
    [f] = run(review(title=title), "TITLE_SPACE_SEPARATOR")
    assert f.excerpt == excerpt and f.severity == "warn"


@pytest.mark.parametrize("title", [
    "iPhone 15 Pro Max上手：钛金属手感如何",  # spaces inside a product name
    "华为P60深度体验：影像与续航的一次全面升级",
])
def test_title_space_separator_near_misses(title):
    title = f" {title} "  # spaces around the title separate nothing
    assert run(review(title=title), "TITLE_SPACE_SEPARATOR") == []


@pytest.mark.parametrize("title, symbols", [
    ("@所有数码爱好者：华为P60值不值得买", ["@"]),
    ("洗碗机&烘干机：厨房里的两件省心好物", ["&"]),
    ("★年度好物★：我今年最常用的五件小家电", ["★", "★"]),
])
def test_title_special_symbol_warns(title, symbols):
    found = run(review(title=title), "TITLE_SPECIAL_SYMBOL")
    assert [f.excerpt for f in found] == symbols and {f.severity for f in found} == {"warn"}


def test_title_special_symbol_near_miss():
    assert run(review(title="8GB+256GB版本够用吗：华为P60存储实测"), "TITLE_SPECIAL_SYMBOL") == []
