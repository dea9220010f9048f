"""Shadow results on the admins' rules pages (issue 14): a draft published in shadow records its
would-be findings on new submissions; the per-rule page, the rules page and the thresholds page show
them to admins with the posts and the precision estimated from editors' decisions, while the queue's
order and the review screen stay as the live rules make them."""
from __future__ import annotations

import re

from moderation.actions import review, rules
from moderation.models import Finding, ShadowFinding
from moderation.selectors import queue_page

PLATFORM = "喵喵购"  # not a live competitor name; the draft below adds it
PARAGRAPH = f"朋友说{PLATFORM}上也有这款耳机，不过我还是在这里买的，售后更放心一些，物流也很快。"


def finding_rules(page: str) -> set[str]:
    """The rules of the findings listed on a review screen."""
    return set(re.findall(r'<li class="finding[^"]*" data-finding="\d+" data-rule="([A-Z_0-9]+)"', page))


def shadow_rows(page: str) -> list[str]:
    return re.findall(r'<tr data-rule="BODY_COMPETITOR" data-version="\d+">(.*?)</tr>', page, re.S)


def decide(post, editor, outcome, reasons):
    post = review.claim_post(post, actor=editor)
    review.decide_post(post, actor=editor, outcome=outcome, reasons=reasons, message="", version=post.version)


def test_shadow_findings_stay_off_the_queue_and_review_screen_and_show_on_the_admins_rule_pages(
        cast, queued, client):
    draft = rules.create_draft("新竞品平台", actor=cast.dora)
    rules.add_changes(draft, [{"op": "add", "lexicon": "competitor", "term": PLATFORM}], actor=cast.dora)
    version = rules.publish_draft(draft, actor=cast.dora, shadow=True)
    flagged = [queued(extra=PARAGRAPH, title="耳机第2篇：地铁通勤一个月的降噪与续航")]
    plain = queued()
    flagged.append(queued(extra=PARAGRAPH, title="耳机第3篇：地铁通勤一个月的降噪与续航"))

    recorded = ShadowFinding.objects.filter(version=version, lost=False)
    assert {(s.revision.post_id, s.rule, s.severity) for s in recorded} == {
        (p.pk, "BODY_COMPETITOR", "block") for p in flagged}
    assert not Finding.objects.filter(rule="BODY_COMPETITOR", revision__post__in=flagged).exists()

    # the queue: a would-be block finding does not lift the newer post above the older one with as many
    # live findings (both repeat the first post: a duplicate body and cover)
    assert (plain.block_count, plain.warn_count) == (flagged[1].block_count, flagged[1].warn_count) == (2, 0)
    order = [p.pk for p in queue_page()[0]]
    assert order.index(plain.pk) < order.index(flagged[1].pk)
    client.force_login(cast.bob)
    assert client.get("/desk/?rule=BODY_COMPETITOR").context["posts"] == []
    screen = client.get(f"/desk/posts/{flagged[1].pk}/").content.decode()
    assert PLATFORM in screen  # the post's text is there; no finding about it
    assert "BODY_COMPETITOR" not in finding_rules(screen)
    assert finding_rules(screen) == set(Finding.objects.filter(revision=flagged[1].current_revision)
                                        .values_list("rule", flat=True))
    assert 'id="shadow"' not in client.get("/desk/manage/insights/rules/").content.decode()  # editors: none

    # editors decide: one return for this rule, one approval → estimated precision 1/2
    decide(flagged[0], cast.bob, "return", ["BODY_COMPETITOR"])
    decide(flagged[1], cast.bob, "approve", [])
    client.force_login(cast.dora)
    for url in ("/desk/manage/insights/rules/BODY_COMPETITOR/", "/desk/manage/insights/rules/",
                "/desk/manage/thresholds/", f"/desk/manage/rules/drafts/{draft.pk}/"):
        [row] = shadow_rows(client.get(url).content.decode())
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert re.sub(r"<[^>]+>", "", cells[2]) == "2"  # new findings
        assert all(f"/desk/posts/{p.pk}/" in cells[3] for p in flagged) and f"/desk/posts/{plain.pk}/" not in row
        assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells[4:]] == ["0", "2", "1", "0.50"]
