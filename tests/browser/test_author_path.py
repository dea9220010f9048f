"""An author writes a guide with five items in the browser, self-checks it, submits, is returned,
fixes the flagged spans and resubmits; the second version is approved."""
import pytest
from playwright.sync_api import expect

from factories import photo_jpeg
from moderation.lifecycle import State
from moderation.models import Post
from moderation.actions import review

pytestmark = pytest.mark.browser

INTRO = ("天气一冷，脸上就开始起皮、紧绷，很多朋友问我换季该用什么面霜。这篇把我这两年真正用空过的五款保湿面霜整理出来，"
         "按肤质和预算分开说：干皮、混油皮、敏感肌各有适合的选择，也会讲清楚每一款的质地、吸收速度和适合的季节，"
         "方便大家对照自己的情况挑选，而不是盲目跟风买网红款。")
BLURB = ("这款面霜的质地是{0}，上脸推开后几分钟就能吸收，第二天早上摸起来依然是软的。我在北方供暖的房间里连续用了一个月，"
         "两颊起皮的情况明显少了。需要注意的是它的香味偏{1}，对气味敏感的朋友可以先在耳后试用，再决定是否整罐入手。")
OUTRO = ("最后总结一下：干皮优先考虑质地厚一些、封闭性好的面霜；混油皮可以选凝露或乳霜质地，白天薄涂、晚上稍微厚涂；"
         "敏感肌尽量选成分简单、无香精的款式。护肤没有一步到位的神器，找到适合自己皮肤状态和生活环境的那一款，"
         "坚持用上一段时间，才是换季不闹脾气的关键。希望这份清单能帮你少走弯路。")


def image_file(tmp_path, name, seed):
    path = tmp_path / name
    path.write_bytes(photo_jpeg(seed, size=(900, 600)))
    return str(path)


def test_a_new_author_writes_a_guide_fixes_it_and_gets_it_approved(
        transactional_db, cast, scoring_queue, run_worker, page, live_server, login, shoot, tmp_path):
    login("alice")
    page.click("#new-post")
    page.select_option("select[name=kind]", "guide")
    page.fill("#id_title", "秋冬保湿面霜推荐,干皮混油皮都能找到合适的一款")
    expect(page.locator("#title-count")).to_have_class("counter ok")
    page.fill("input[name=tags]", "护肤，面霜")
    page.locator("#cover-pick input[type=file]").set_input_files(image_file(tmp_path, "cover.jpg", 1))
    page.locator(".block-card .block-controls .danger-text").first.click()  # remove the empty paragraph
    page.click("#guide-helper")

    paragraphs = page.locator(".block-card[data-type=paragraph] textarea")
    expect(paragraphs).to_have_count(7)
    paragraphs.nth(0).fill(INTRO)
    textures = ["乳霜", "凝霜", "啫喱", "膏状", "乳液"]
    for i in range(5):
        text = BLURB.format(textures[i], "淡" if i else "浓")
        if i == 2:
            text += "这款今晚下单的话，明天就能送到。"
        paragraphs.nth(i + 1).fill(text)
        page.locator(".block-card[data-type=image] input[type=file]").nth(i).set_input_files(
            image_file(tmp_path, f"item{i}.jpg", 10 + i))
        card = page.locator(".block-card[data-type=product]").nth(i)
        card.locator("[data-k=sku]").fill(f"10002345678{i}")
        card.locator("[data-k=name]").fill(f"某品牌{textures[i]}保湿面霜 50ml")
        card.locator("[data-k=price]").fill("199")
        card.locator("input[type=file]").set_input_files(image_file(tmp_path, f"product{i}.jpg", 20 + i))
    paragraphs.nth(6).fill(OUTRO)

    page.click("#btn-selfcheck")
    result = page.locator("#selfcheck-result")
    expect(result).to_contain_text("TITLE_HALFWIDTH_PUNCT")
    expect(result).to_contain_text("GUIDE_TIME_WORDS")
    expect(result.locator(".reader mark", has_text="今晚").first).to_be_visible()
    shoot("author-selfcheck")

    page.click("#btn-submit")
    expect(page.locator(".msg-success")).to_contain_text("已提交")
    post = Post.objects.get(author=cast.alice.author)
    assert [b["type"] for b in post.current_revision.blocks][3:6] == ["image", "product", "paragraph"]
    run_worker()
    post.refresh_from_db()
    assert post.state == State.IN_QUEUE
    review.claim_post(post, actor=cast.bob)
    post.refresh_from_db()
    review.decide_post(post, actor=cast.bob, outcome="return", reasons=["TITLE_HALFWIDTH_PUNCT", "GUIDE_TIME_WORDS"],
                    message="标题请用全角逗号；第三个推荐语里请删掉“今晚下单”这类时效性说法。", version=post.version)

    page.reload()
    feedback = page.locator("#feedback")
    expect(feedback).to_contain_text("退回修改")
    expect(feedback).to_contain_text("标题请用全角逗号")
    expect(feedback).to_contain_text("标题使用半角标点")
    expect(page.locator(".reader mark", has_text="今晚").first).to_be_visible()
    shoot("author-feedback")

    page.click("#edit-link")
    expect(page.locator("#checklist")).to_contain_text("GUIDE_TIME_WORDS")
    page.fill("#id_title", "秋冬保湿面霜推荐，干皮混油皮都能找到合适的一款")
    third = page.locator(".block-card[data-type=paragraph] textarea").nth(3)
    third.fill(third.input_value().replace("这款今晚下单的话，明天就能送到。", "我是看了朋友的推荐才买的。"))
    page.click("#btn-submit")
    expect(page.locator(".msg-success")).to_contain_text("已提交")
    post.refresh_from_db()
    assert post.state == State.SUBMITTED and post.resubmissions_left == 1 and post.revisions.count() == 2
    run_worker()
    post.refresh_from_db()
    assert not post.current_revision.findings.filter(rule__in=["GUIDE_TIME_WORDS", "TITLE_HALFWIDTH_PUNCT"]).exists()
    review.claim_post(post, actor=cast.bob)
    post.refresh_from_db()
    review.decide_post(post, actor=cast.bob, outcome="approve", reasons=[], message="", version=post.version)
    page.goto(f"{live_server.url}/me/")
    expect(page.locator("table.queue")).to_contain_text("已通过（在线）")
    shoot("author-home")
