"""Assist rules: candidates an editor confirms — title off topic, product name as title, outdated
content, off-position content, parameter dumps, advertorials, irrelevant tags."""
import datetime as dt

import pytest

from textposts import NEWS, PHONE_REVIEW, RECIPE, context, news, paragraphs, product, review, run, with_paragraph

NOW = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("title", [
    "扫地机器人怎么选：五款热门型号横向对比",
    "换季护肤不踩坑：混合肌早晚护理的五样好物",
])
def test_title_off_topic_when_the_body_is_about_something_else(title):
    [f] = run(review(title=title), "TITLE_OFF_TOPIC")
    assert f.severity == "warn" and f.evidence["missing"]


@pytest.mark.parametrize("title", [
    "华为P60深度体验：影像与续航的一次全面升级",
    "华為P60深度體驗：影像與續航的一次全面升級",  # traditional characters match the simplified body
    "两周体验华为P60：拍照和续航到底怎么样",
])
def test_title_off_topic_near_misses(title):
    assert run(review(title=title), "TITLE_OFF_TOPIC") == []


@pytest.mark.parametrize("title", ["HUAWEI P60 8GB+256GB 羽砂黑", "HUAWEI P60 8GB+256GB", "华为P60 羽砂黑 8GB+256GB评测"])
def test_title_is_product_name(title):
    blocks = paragraphs(PHONE_REVIEW) + [product("HUAWEI P60 8GB+256GB 羽砂黑", brand="HUAWEI")]
    found = run(review(title=title, blocks=blocks), "TITLE_IS_PRODUCT_NAME")
    assert len(found) == (0 if title.startswith("华为") else 1)


def test_title_is_product_name_near_miss():
    assert run(review(title="HUAWEI P60两周体验：影像与续航的全面升级"), "TITLE_IS_PRODUCT_NAME") == []


@pytest.mark.parametrize("text, excerpt", [
    ("据悉，这款新机将于2025年3月15日正式开售，敬请期待。", "2025年3月15日"),
    ("官方预计2026-10-01即将推送正式版系统。", "2026-10-01"),
])
def test_body_outdated_a_coming_event_already_past(text, excerpt):
    [f] = run(with_paragraph(review(), text), "BODY_OUTDATED", context(review(), now=NOW))
    assert f.excerpt == excerpt and f.severity == "warn"


@pytest.mark.parametrize("text", [
    "这款新机将于2026年12月15日正式开售，敬请期待。",  # still to come
    "我是2019年3月买的上一台手机，用了四年多。",  # a past date told as past
])
def test_body_outdated_near_misses(text):
    assert run(with_paragraph(review(), text), "BODY_OUTDATED", context(review(), now=NOW)) == []


def test_body_outdated_old_news():
    post = with_paragraph(news(), "2025年3月20日，小米在北京举行了新品发布会。", at=0)
    [f] = run(post, "BODY_OUTDATED", context(post, now=NOW))
    assert f.evidence["age_days"] == 611
    fresh = with_paragraph(news(), "2026年11月20日，小米在北京举行了新品发布会。", at=0)
    assert run(fresh, "BODY_OUTDATED", context(fresh, now=NOW)) == []


STORY = [
    "那年冬天，我和前任在学校门口的小吃街分手了。那天下着小雪，路灯很暗，我们谁都没有说话，"
    "只是沿着那条走过无数次的路一直走到尽头。后来很多年，我都不敢再去那条街，怕想起那个晚上。",
    "直到去年同学聚会，我才知道她早就离开了这座城市。大家聊起从前的事，有人笑着说起我们当年的恋爱，"
    "我也跟着笑，心里却空落落的。回家的路上，我一个人坐在出租车里，看着窗外的灯一盏一盏往后退。",
    "人总是要往前走的。那些没有说出口的话，就让它们留在那个冬天吧。也许有一天再见面，我们都能像老朋友一样，"
    "平静地问一句最近好不好，然后各自转身，走回各自的生活里去。",
]


def test_body_off_position_an_emotional_story():
    [f] = run(review(title="那年冬天，我们在小吃街的路灯下说了再见", blocks=paragraphs(STORY), tags=[]),
              "BODY_OFF_POSITION")
    assert f.target == "post" and f.severity == "warn"


@pytest.mark.parametrize("blocks", [paragraphs(PHONE_REVIEW), paragraphs(RECIPE * 2), paragraphs(NEWS)])
def test_body_off_position_near_misses(blocks):
    assert run(review(blocks=blocks), "BODY_OFF_POSITION") == []


DESCRIPTION = ("HUAWEI P60 采用超聚光夜视长焦，搭载XMAGE影像，配备昆仑玻璃，4815mAh大电池，支持66W有线超级快充与50W无线"
               "超级快充，HarmonyOS 3.1带来流畅体验，羽砂黑配色典雅大方，握持舒适。")


def test_body_spec_dump_a_copied_product_description():
    post = with_paragraph(review(), DESCRIPTION.replace("HUAWEI P60 ", "这台手机"))
    post["blocks"][-1] = {**post["blocks"][-1], "description": DESCRIPTION}
    [f] = run(post, "BODY_SPEC_DUMP")
    assert f.target == "blocks[1]" and "照搬" in f.message


def test_body_spec_dump_a_parameter_list():
    specs = "屏幕：6.67英寸 OLED；处理器：骁龙8 Gen3；内存：12GB；存储：256GB；电池：5000mAh；快充：120W；重量：199g。"
    [f] = run(with_paragraph(review(), specs), "BODY_SPEC_DUMP")
    assert "参数" in f.message and f.evidence["key_values"] >= 4


def test_body_spec_dump_near_miss_a_paragraph_with_a_few_specs():
    assert run(news(), "BODY_SPEC_DUMP") == []


PRAISE = ("这台手机真的太好用了，外观惊艳，拍照完美，续航无敌，系统流畅到没有之一，简直是安卓机皇天花板，"
          "强烈推荐大家闭眼入，不买后悔！")


def test_body_soft_ad_praise_without_criticism():
    post = review(blocks=paragraphs([PRAISE] + PHONE_REVIEW[:4]))
    [f] = run(post, "BODY_SOFT_AD")
    assert f.evidence["critique"] == 0 and f.evidence["praise"] >= 5


def test_body_soft_ad_near_miss_praise_with_its_flaws():
    assert run(review(blocks=paragraphs([PRAISE] + PHONE_REVIEW)), "BODY_SOFT_AD") == []


BUDGET = "这次一口气对比了五款千元机，预算有限的学生党可以重点看看续航和拍照。"
LAPTOP = "这台轻薄办公本只有一公斤出头，续航够开一整天会，轻薄办公的场景下非常省心。"


@pytest.mark.parametrize("text, tags, flagged", [
    (BUDGET, ["国产旗舰机"], ["国产旗舰机"]),  # the standard's own examples
    (LAPTOP, ["游戏本"], ["游戏本"]),
    (BUDGET, ["环球旅行"], ["环球旅行"]),
    (BUDGET, ["母婴好物"], ["母婴好物"]),
    (BUDGET, ["手机", "千元机"], []),
    (LAPTOP, ["轻薄本", "办公"], []),
    (LAPTOP, ["新品", "笔记本"], []),  # a general tag; a tag of the post's own category
])
def test_tag_irrelevant(text, tags, flagged):
    found = run(with_paragraph(review(tags=tags), text), "TAG_IRRELEVANT")
    assert [f.excerpt for f in found] == flagged
