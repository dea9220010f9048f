"""Back-catalogue re-screen (issue 14, part 2): chunked jobs on the rescreen queue run by a real RQ
worker, resumable after a killed worker, each post checked once; the re-screen queue; no penalty."""
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from rq import SimpleWorker

from authors.models import Penalty
from moderation import rescreening
from moderation.actions import rescreen
from moderation.lifecycle import State
from moderation.models import LexiconEntry, Post, RescreenItem, RescreenRun


@pytest.fixture
def catalogue(online, cast):
    """Three online posts; then 充电盒 (in two of them) becomes a competitor platform's name."""
    posts = [online(title=t) for t in ("通勤耳机实测三周：降噪、续航与佩戴的真实体验",
                                       "耳机二号实测：地铁通勤一个月的降噪表现",
                                       "耳机三号实测：跑步十公里的佩戴稳定性")]
    LexiconEntry.objects.create(lexicon="competitor", term="充电盒", updated_by=cast.dora)
    return posts


def test_a_rescreen_killed_half_way_and_resumed_checks_each_post_once(cast, catalogue, rescreen_queue):
    run = rescreen.start_rescreen(actor=cast.dora)
    first, second, third = run.items.order_by("pk")
    assert run.total == 3
    # The first worker checked one post, had claimed the second when it was killed.
    assert rescreening.check_item(first.pk)
    claimed = rescreen.claim_item(second.pk)
    assert claimed is not None and rescreen.claim_item(second.pk) is None  # nobody else takes it meanwhile

    rescreening.resume(RescreenRun.objects.get(pk=run.pk))
    rescreening.enqueue_run(run, [second.pk, third.pk], tag="twice")  # the same chunk queued a second time
    SimpleWorker([rescreen_queue], connection=rescreen_queue.connection).work(burst=True)

    # The killed worker's late result is refused: the resumed job stored that post.
    assert not rescreen.store_item_result(claimed, [], [])
    items = list(run.items.order_by("pk"))
    assert [i.checks for i in items] == [1, 1, 1]
    assert items[0].checked_at == RescreenItem.objects.get(pk=first.pk).checked_at
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == (RescreenRun.Status.DONE, 3, 3)
    assert run.flagged == 3 and all(i.status == RescreenItem.Status.FLAGGED for i in items)
    assert {b["rule"] for i in items for b in i.new_blocks} == {"BODY_COMPETITOR"}
    assert all(p.state == State.APPROVED for p in Post.objects.filter(pk__in=[i.post_id for i in items]))


def test_flagged_posts_are_kept_or_taken_offline_without_a_penalty(cast, catalogue, client):
    run = rescreening.run_inline(rescreen.start_rescreen(actor=cast.dora))
    kept, offline, _ = run.items.order_by("pk")
    rescreen.keep_online(kept, actor=cast.bob, note="竞品词误伤")
    rescreen.take_offline_item(offline, actor=cast.bob, reasons=["BODY_COMPETITOR"], message="提到了竞品平台")
    post = Post.objects.get(pk=offline.post_id)
    assert post.state == State.OFFLINE and Post.objects.get(pk=kept.post_id).state == State.APPROVED
    decision = post.decisions.order_by("-id").first()
    assert decision.outcome == "take_offline" and decision.is_violation  # told, and appealable
    assert not Penalty.objects.filter(author=post.author).exists()

    client.force_login(cast.alice)
    page = client.get(f"/me/posts/{post.pk}/").content.decode()
    assert "提到了竞品平台" in page and "申诉" in page


def test_the_command_reports_posts_and_new_block_findings(cast, catalogue):
    out = StringIO()
    call_command("rescreen", "--online", "--kind", "review", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1].startswith("rescreen: 3 posts, 3 with new block findings, ")
    assert any("3/3 (100%)" in line for line in lines)
    out = StringIO()
    call_command("rescreen", "--online", "--kind", "news", stdout=out)
    assert out.getvalue().strip().splitlines()[-1].startswith("rescreen: 0 posts, 0 with new block findings")
