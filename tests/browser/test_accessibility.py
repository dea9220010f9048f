"""axe-core (the accessibility engine of browsers' developer tools) on every page, for every role:
no serious or critical violation. axe-core is the npm package scripts/test.sh installs into
.venv/axe; it is injected into each page (the test's browser context bypasses the site's CSP, which
rightly forbids inline script)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from factories import post_document, uploads_for
from moderation.actions import penalties, review, submission

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"
SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
    }""")
    return [v for v in result if v["impact"] in SERIOUS]


def pages_for(cast, returned, queued, decision, penalty):
    author_id = cast.alice.author.pk
    return {
        None: ["/accounts/login/", "/register/", "/appeal/closed-account/", "/no-such-page/"],
        "alice": ["/me/", "/me/posts/new/", f"/me/posts/{returned.pk}/", f"/me/posts/{returned.pk}/edit/",
                  "/me/appeals/", f"/me/appeals/new/?decision={decision.pk}", "/me/api-tokens/", "/me/inbox/"],
        "charlie": ["/me/", "/me/posts/new/", f"/me/appeals/new/?penalty={penalty.pk}"],
        "bob": ["/desk/", f"/desk/posts/{queued.pk}/", "/desk/audit/"],
        "dora": ["/desk/manage/", "/desk/manage/authors/", f"/desk/manage/authors/{author_id}/",
                 "/desk/manage/appeals/", "/desk/manage/low-pass-rate/", "/desk/manage/thresholds/",
                 "/desk/manage/audit/", "/desk/manage/insights/", "/desk/manage/insights/rules/",
                 "/desk/manage/insights/late/"],
    }


@pytest.fixture
def site(transactional_db, cast, scoring_queue, run_worker):
    posts = []
    for i, title in enumerate(["通勤耳机实测三周：降噪、续航与佩戴的真实体验", "淘宝同款耳机实测：降噪续航都不错的通勤之选"]):
        document = post_document(title=title)
        posts.append(submission.submit_post(cast.alice.author, document=document,
                                            uploads=uploads_for(document, seed=10 * i), actor=cast.alice))
    run_worker()
    claimed = review.claim_post(posts[0], actor=cast.bob)
    decision = review.decide_post(claimed, actor=cast.bob, outcome="return", reasons=["TITLE_LENGTH"],
                                  message="标题请精简", version=claimed.version)
    penalty = penalties.issue_penalty(cast.charlie.author, actor=cast.dora, level="suspension",
                                      reason="重复提交未修改", clause="5.4-I.5")
    return pages_for(cast, posts[0], posts[1], decision, penalty)


def test_axe_finds_no_serious_violation_on_any_page_for_any_role(site, browser, live_server):
    assert AXE.exists(), "axe-core missing: run scripts/test.sh (npm install --prefix .venv/axe axe-core)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for who, urls in site.items():
        context = browser.new_context(bypass_csp=True, locale="zh-CN", timezone_id="Asia/Shanghai",
                                      viewport={"width": 1440, "height": 900})
        page = context.new_page()
        if who:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", who)
            page.fill("#id_password", f"pw-{who}-123")
            page.click("button[type=submit]")
            page.wait_for_load_state()
        for url in urls:
            page.goto(live_server.url + url)
            page.wait_for_load_state()
            name = f"axe-{who or 'anon'}-" + (url.strip("/").replace("/", "-").replace("?", "-").replace("=", "") or "home")
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
            violations = axe_violations(page)
            if violations:
                found[f"{who or 'anonymous'} {url}"] = violations
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
