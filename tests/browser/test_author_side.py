"""The author's side in the browser (issue 12): a refused image keeps the other images and the text;
a self-check finding names its place and jumps to it; a ban is visible before writing; a closed
account is told so at login and appeals without logging in."""
import pytest
from playwright.sync_api import expect

from authors.models import Appeal
from factories import PARAGRAPHS, photo_jpeg
from moderation.actions import accounts, penalties
from moderation.models import Post

pytestmark = pytest.mark.browser


def test_a_refused_image_keeps_the_other_images_and_the_text(transactional_db, cast, page, live_server, login,
                                                            shoot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    login("alice")
    page.goto(f"{live_server.url}/me/posts/new/")
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a picture")  # a renamed .txt: refused in the browser, before any upload
    huge = tmp_path / "huge.jpg"
    huge.write_bytes(b"\xff\xd8" + b"0" * (11 * 1024 * 1024))
    cover, inner = tmp_path / "cover.jpg", tmp_path / "inner.jpg"
    cover.write_bytes(photo_jpeg(1, size=(900, 600)))
    inner.write_bytes(photo_jpeg(2, size=(900, 600)))

    page.locator("#cover-pick input[type=file]").set_input_files(str(huge))
    expect(page.locator("#cover-pick .error")).to_contain_text("文件过大")
    page.locator("#cover-pick input[type=file]").set_input_files(str(notes))
    expect(page.locator("#cover-pick .error")).to_contain_text("仅支持 JPEG、PNG、WEBP、GIF")
    page.locator("#cover-pick input[type=file]").set_input_files(str(cover))
    expect(page.locator("#cover-pick .error")).to_be_hidden()
    page.locator(".block-card textarea").first.fill(PARAGRAPHS[0])
    page.click("[data-add=image]")
    page.locator(".block-card[data-type=image] input[type=file]").set_input_files(str(inner))
    page.click("[data-add=paragraph]")  # left empty: dropped, not refused
    page.click("#btn-submit")  # no title

    expect(page.locator("#form-error")).to_contain_text("标题")
    expect(page.locator("#form-error")).not_to_contain_text("blocks[")
    expect(page.locator(".block-card textarea").first).to_have_value(PARAGRAPHS[0])
    expect(page.locator(".img-pick .kept")).to_have_count(2)
    for thumb in page.locator(".img-pick img.thumb").all():
        assert thumb.evaluate("img => img.naturalWidth") == 900  # shown again from what was kept
    shoot("author-kept-images")
    page.fill("#id_title", "通勤耳机实测三周：降噪、续航与佩戴的真实体验")
    page.click("#btn-draft")
    expect(page.locator(".msg-success")).to_be_visible()
    post = Post.objects.get(author=cast.alice.author)
    assert post.current_revision.images.count() == 2


def test_a_self_check_finding_names_its_place_and_jumps_there(transactional_db, cast, page, live_server, login,
                                                             shoot, tmp_path):
    login("alice")
    page.goto(f"{live_server.url}/me/posts/new/")
    cover = tmp_path / "cover.jpg"
    cover.write_bytes(photo_jpeg(1, size=(900, 600)))
    page.locator("#cover-pick input[type=file]").set_input_files(str(cover))
    page.fill("#id_title", "通勤耳机实测三周：降噪、续航与佩戴的真实体验")
    page.locator(".block-card textarea").first.fill(PARAGRAPHS[0])
    page.click("[data-add=paragraph]")
    page.locator(".block-card textarea").nth(1).fill(PARAGRAPHS[1] + "想了解更多可以加我微信 erji_2026 ，或者访问 www.example.com 查看。")
    page.click("#btn-selfcheck")
    expect(page.locator("#selfcheck-result .findings").first).to_be_visible(timeout=60_000)  # the first run loads jieba
    finding = page.locator("#selfcheck-result .finding", has_text="erji_2026").first
    expect(finding.locator(".f-target")).to_have_text("第2段")
    shoot("author-selfcheck-places")
    finding.focus()
    page.keyboard.press("Enter")  # keyboard only: the finding takes the author to the paragraph
    expect(page.locator(".block-card textarea").nth(1)).to_be_focused()


def test_a_ban_shows_before_writing(transactional_db, cast, page, live_server, login, shoot):
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="suspension", reason="重复提交未修改",
                            clause="5.4-I.5")
    login("alice")
    expect(page.locator("#ban-notice")).to_contain_text("重复提交未修改")
    page.click("#new-post")
    banner = page.locator("#ban-notice")
    expect(banner).to_contain_text("北京时间")
    expect(banner).to_contain_text("5.4-I.5")
    expect(banner.locator("a.appeal-link")).to_be_visible()
    expect(page.locator("#btn-submit")).to_have_count(0)
    expect(page.locator("#btn-draft")).to_be_visible()
    shoot("author-ban-before-writing")


def test_a_closed_account_is_told_so_and_appeals_without_logging_in(transactional_db, cast, page, live_server,
                                                                   shoot):
    frank = accounts.register_author(username="frank", password="frank-pw-2026!", display_name="弗兰克",
                                     phone="13800138000", email="frank@example.com")
    penalties.issue_penalty(frank, actor=cast.dora, level="level2", reason="发布严重软色情内容", clause="5.4-IV.6")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "frank")
    page.fill("#id_password", "frank-pw-2026!")
    page.click("button[type=submit]")
    expect(page.locator("#account-closed")).to_contain_text("发布严重软色情内容")
    shoot("closed-account-login")
    page.click("#closed-appeal-link")
    page.fill("#id_username", "frank")
    page.fill("#id_contact", "frank@example.com")
    page.fill("#id_text", "我没有发布过这些内容，请复核。")
    page.click("button[type=submit]")
    expect(page.locator("#closed-appeal-filed")).to_be_visible()
    shoot("closed-account-appeal")
    assert Appeal.objects.get().author.user.username == "frank"
