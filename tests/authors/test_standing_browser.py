"""The admin's standing pages in headless Chromium: an admin reads why an author stands where she
stands and confirms a Level 2; screenshots kept in test-results/screens/."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from authors.models import Penalty
from moderation.actions import accounts, identity
from builders import decide

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"


@pytest.fixture
def shoot(page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    return lambda name: page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def login(page, live_server):
    def as_user(username):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", f"pw-{username}-123")
        page.click("button[type=submit]")
        page.wait_for_load_state()
    return as_user


def test_an_admin_reads_the_standing_page_and_confirms_level2(transactional_db, cast, submit, page, live_server,
                                                              login, shoot):
    """第五章 3–4: the standing page shows the bans with their end, the clauses, the decisions and the
    pending Level 2 with its evidence; the admin confirms it in the browser."""
    cast.dora.is_staff = True
    cast.dora.save()
    identity.record_identity(cast.alice.author, actor=None, phone="13800138000")
    accounts.register_author(username="alice2", password="pw-alice2-123", display_name="爱丽丝小号",
                             phone="13800138000", email="a2@example.com")
    posts = [submit() for _ in range(4)]
    decide(posts[0], cast.bob, "approve")
    decide(posts[1], cast.bob, "return", ["TITLE_LENGTH"], "标题超过27字，请精简")
    decide(posts[2], cast.bob, "return", ["BODY_PROMO"], "正文含满减信息")
    decide(posts[3], cast.erin, "reject", ["BODY_HEALTH_CLAIM"], "夸大保健品功效")

    login("dora")
    page.goto(f"{live_server.url}/desk/manage/authors/{cast.alice.author.pk}/")
    expect(page.locator("h1")).to_contain_text("爱丽丝的数码笔记")
    expect(page.locator("#active-bans .ban-end").first).to_be_visible()
    expect(page.locator("#proposals")).to_contain_text("第五章4-四.5")
    expect(page.locator("#proposals")).to_contain_text("受到一级处罚超过1次")
    expect(page.locator("#linked")).to_contain_text("相同手机号")
    expect(page.locator("#warnings")).to_contain_text("首次警告")
    shoot("admin-standing")

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#proposals button.danger").first.click()
    expect(page.locator(".msg-success")).to_contain_text("已确认二级处罚")
    expect(page.locator("#account-banned")).to_be_visible()
    assert Penalty.objects.filter(level="level2").count() == 2  # alice and her linked account
    shoot("admin-standing-level2")

    page.goto(f"{live_server.url}/admin/authors/penalty/")
    expect(page.locator("#result_list")).to_contain_text("二级处罚")
    shoot("admin-penalty-list")
    page.goto(f"{live_server.url}/desk/manage/")
    shoot("admin-desk")


def test_an_author_appeals_a_return_in_the_browser(transactional_db, cast, submit, page, live_server, login, shoot):
    """第五章 appeals: the author finds the return among her appealable decisions and files an appeal."""
    decide(submit(), cast.bob, "return", ["BODY_PROMO"], "正文含满减信息")
    login("alice")
    page.goto(f"{live_server.url}/me/appeals/")
    expect(page.locator("#appealable")).to_contain_text("正文含促销信息")
    shoot("author-appeals")
    page.locator("#appealable a", has_text="申诉").first.click()
    page.fill("#id_text", "文中“满减”二字出自读者评论截图的文字说明，并非推广。")
    shoot("author-appeal-form")
    page.click("button[type=submit].primary")
    expect(page.locator(".msg-success")).to_contain_text("申诉已提交")
    expect(page.locator("#my-appeals")).to_contain_text("待处理")


def test_a_visitor_registers(transactional_db, cast, page, live_server, shoot):
    """第五章 3 (不允许再次注册): the sign-up page; markers are hashed, the author lands on her posts."""
    page.goto(f"{live_server.url}/register/")
    page.fill("#id_username", "frank")
    page.fill("#id_password", "a-Long-pass-2026")
    page.fill("#id_password2", "a-Long-pass-2026")
    page.fill("#id_display_name", "弗兰克测评")
    page.fill("#id_category", "数码")
    page.fill("#id_phone", "13900139000")
    page.fill("#id_email", "frank@example.com")
    shoot("register")
    page.click("button[type=submit].primary")
    expect(page.locator(".msg-success")).to_contain_text("注册成功")
