"""The dashboard in Chromium: a week of decisions drawn as charts; screenshots kept as artifacts."""
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"


@pytest.fixture
def week_of_work(transactional_db, desk):
    c = desk.cast
    now = timezone.now()
    plan = [(6, c.bob, "approve", ()), (5, c.bob, "return", ("BODY_NO_IMAGE",)), (4, c.erin, "approve", ()),
            (3, c.erin, "reject", ("TITLE_AD_LAW",)), (2, c.bob, "approve", ()), (1, c.erin, "return", ("TITLE_AD_LAW",)),
            (0, c.bob, "approve", ())]
    for days_ago, editor, outcome, reasons in plan:
        with time_machine.travel(now - timedelta(days=days_ago, hours=1), tick=True):
            # Violations go to charlie: two of them bar an author from posting for a while (第五章).
            author = c.charlie if "TITLE_AD_LAW" in reasons else c.alice
            post = desk.queued(author=author, title=desk.clickbait if "TITLE_AD_LAW" in reasons else None)
        with time_machine.travel(now - timedelta(days=days_ago) + timedelta(minutes=5 * len(reasons)), tick=True):
            if "TITLE_AD_LAW" in reasons:
                desk.dismiss_all(post, editor, "TITLE_CLICKBAIT")
            desk.decide(post, editor, outcome, reasons)
    desk.queued()  # one waiting
    call_command("deskstats", "--days", "7", "--refresh", stdout=StringIO())  # the periodic job keeps 2 days


def test_an_admin_reads_the_dashboard_in_the_browser(week_of_work, page, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "dora")
    page.fill("#id_password", "pw-dora-123")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/desk/manage/insights/")
    expect(page.locator("h1")).to_have_text("运营看板")
    expect(page.locator("svg.chart")).to_have_count(3)
    expect(page.locator('[data-key="decided"] b')).to_have_text("7")
    expect(page.locator("#editors tbody tr")).to_have_count(2)
    page.screenshot(path=str(SHOTS / "insights-dashboard.png"), full_page=True)
    page.click("text=规则准确率")
    expect(page.locator("#rules tbody tr").first).to_have_attribute("data-rule", "TITLE_CLICKBAIT")
    page.screenshot(path=str(SHOTS / "insights-rules.png"), full_page=True)
