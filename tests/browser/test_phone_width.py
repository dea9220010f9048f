"""On a phone (390 px wide) every person's main pages fit the screen: nothing makes the page scroll
sideways (wide tables scroll inside their own box), the post editor's form is not squeezed beside
the self-check, and the top bar's links stay whole words instead of a character a line."""
import pytest
from playwright.sync_api import expect

from factories import returned_post

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def sideways(page) -> list[str]:
    """What runs past the right edge of the screen, outside any box that scrolls sideways itself."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth, out = [];
        const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
            const o = getComputedStyle(a).overflowX; if (o === "auto" || o === "scroll") return true; } return false; };
        for (const el of document.querySelectorAll("body *")) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > width + 1 && !scrolls(el)) out.push(`${el.tagName}#${el.id}.${el.className}`);
        }
        if (document.documentElement.scrollWidth > width) out.push(`page ${document.documentElement.scrollWidth}px`);
        return out;
    }""")


def test_pages_fit_a_phone(transactional_db, cast, scoring_queue, run_worker, page, live_server, login, shoot):
    post = returned_post(cast, run_worker).post
    page.set_viewport_size(PHONE)
    walk = {
        "alice": ["/me/", "/me/posts/new/", f"/me/posts/{post.pk}/", "/me/appeals/"],
        "bob": ["/desk/", f"/desk/posts/{post.pk}/", "/desk/manage/insights/"],
        "dora": ["/desk/manage/", f"/desk/manage/authors/{cast.alice.author.pk}/", "/desk/manage/audit/",
                 "/desk/manage/rules/"],
    }
    for person, paths in walk.items():
        page.context.clear_cookies()
        login(person)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert sideways(page) == [], path
            for link in page.locator(".topbar nav a").all():  # one line each (14px text, 1.6 line height)
                assert link.bounding_box()["height"] < 30, (path, link.inner_text())
            if path == "/me/posts/new/":
                shoot("phone-editor")
                expect(page.locator("#post-editor")).to_be_visible()
                assert page.locator("#post-editor").bounding_box()["width"] > 300
