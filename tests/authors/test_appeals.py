"""Appeals: one per decision or penalty, within the window, decided by an admin; an upheld appeal
reverses the decision (the post back in the queue) or annuls the penalty, and the author sees it."""
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse

from authors.errors import AppealRefused, StandingConflict
from authors.models import Appeal, Penalty
from builders import decide
from moderation.errors import PostingSuspended
from moderation.lifecycle import State
from moderation.audit import AuditEvent, Verb
from moderation.actions import appeals, submission


@pytest.fixture
def returned(cast, submit):
    """Alice's post returned for a category II reason: a Level 1 with it."""
    post = submit()
    return post, decide(post, cast.bob, "return", ["BODY_PROMO"], "正文含满减信息")


def test_an_upheld_appeal_reverses_the_decision_and_its_penalty(cast, returned, client):
    """第五章 3–4: an upheld appeal reverses the reject — the post goes back to the queue, the Level 1 is
    annulled (posting open again) — and the author is told."""
    post, decision = returned
    with pytest.raises(PostingSuspended):
        submission.ensure_can_post(cast.alice.author)
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=decision, text="“满减”是引用用户评论，并非促销。")
    appeals.decide_appeal(appeal, actor=cast.dora, upheld=True, response="核实为引用，撤销退回。")
    post.refresh_from_db()
    assert post.state == State.IN_QUEUE
    assert post.events.last().event == "reinstate" and "申诉成立" in post.events.last().note
    assert Penalty.objects.get(author=cast.alice.author).overturned_at is not None
    submission.ensure_can_post(cast.alice.author)
    client.force_login(cast.alice)
    page = client.get(reverse("my_appeals")).content.decode()
    assert "申诉成立" in page and "文章已重新进入审核队列" in page and "核实为引用" in page
    appeal.refresh_from_db()
    assert appeal.status == "upheld" and appeal.decided_by == cast.dora
    event = AuditEvent.objects.filter(verb=Verb.APPEAL_UPHOLD, target_id=appeal.pk).get()
    assert event.actor == cast.dora and event.author == cast.alice.author and event.data["reason"] == "核实为引用，撤销退回。"


def test_one_appeal_per_decision(cast, returned):
    """第五章 appeals: one appeal per decision."""
    _, decision = returned
    appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=decision, text="第一次申诉")
    with pytest.raises(AppealRefused, match="只能申诉一次"):
        appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=decision, text="第二次申诉")


def test_the_appeal_window_is_enforced(cast, returned, settings):
    """第五章 appeals: an appeal is filed within the window (APPEAL_WINDOW_DAYS) of the decision."""
    settings.APPEAL_WINDOW_DAYS = 7
    _, decision = returned
    late = decision.created_at + timedelta(days=7, seconds=1)
    with pytest.raises(AppealRefused, match="7天内"):
        appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=decision, text="迟到的申诉", now=late)
    appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=decision, text="按时申诉",
                         now=decision.created_at + timedelta(days=7))


def test_a_dismissed_appeal_changes_nothing(cast, returned):
    """第五章 appeals: a dismissed appeal is recorded, the decision and penalty stand."""
    post, decision = returned
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=decision, text="我不同意")
    with pytest.raises(StandingConflict):
        appeals.decide_appeal(appeal, actor=cast.dora, upheld=False, response="")
    appeals.decide_appeal(appeal, actor=cast.dora, upheld=False, response="“满减”确为促销信息。")
    post.refresh_from_db()
    assert post.state == State.RETURNED and Appeal.objects.get().status == "dismissed"
    with pytest.raises(StandingConflict, match="已处理"):
        appeals.decide_appeal(appeal, actor=cast.dora, upheld=True, response="改判")


def test_an_upheld_penalty_appeal_annuls_only_the_penalty(cast, returned):
    """第五章 3: an appeal against the penalty annuls it; the decision itself stands."""
    post, _ = returned
    penalty = Penalty.objects.get(author=cast.alice.author)
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, penalty=penalty, text="初犯，请减轻处罚")
    appeals.decide_appeal(appeal, actor=cast.dora, upheld=True, response="初犯，撤销禁言")
    post.refresh_from_db()
    assert post.state == State.RETURNED
    submission.ensure_can_post(cast.alice.author)


def test_approvals_cannot_be_appealed_and_others_decisions_neither(cast, submit):
    """第五章 appeals: only the author's own rejects are appealable."""
    approval = decide(submit(), cast.bob, "approve")
    with pytest.raises(AppealRefused, match="退回、退稿或下线"):
        appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=approval, text="？")
    reject = decide(submit(), cast.bob, "return", ["TITLE_LENGTH"])
    with pytest.raises(AppealRefused):
        appeals.file_appeal(cast.charlie.author, actor=cast.charlie.author.user, decision=reject, text="替别人申诉")


def test_the_appeal_form_files_one_appeal(cast, returned, client):
    """第五章 appeals: the author's form (URL name file_appeal, ?decision=<id>)."""
    _, decision = returned
    client.force_login(cast.alice)
    url = reverse("file_appeal") + f"?decision={decision.pk}"
    page = client.get(url).content.decode()
    assert "提交申诉" in page and "含促销信息" in page
    response = client.post(url, {"decision": decision.pk, "text": "这是读者评论里的原话。"})
    assert response.status_code == 302 and response["Location"] == reverse("my_appeals")
    response = client.post(url, {"decision": decision.pk, "text": "再申诉一次"})
    assert response.status_code == 400 and "只能申诉一次" in response.content.decode()
    assert Appeal.objects.count() == 1


def test_another_author_cannot_appeal_alices_decision(cast, returned, client):
    """第五章 appeals, IDOR (notes §4): charlie gets 404 for alice's decision and penalty, on GET and
    POST; nothing saved."""
    _, decision = returned
    penalty = Penalty.objects.get(author=cast.alice.author)
    client.force_login(cast.charlie)
    for query in (f"decision={decision.pk}", f"penalty={penalty.pk}", "decision=999999", ""):
        url = reverse("file_appeal") + f"?{query}"
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "冒名申诉"}).status_code == 404
    assert not Appeal.objects.exists()


def test_an_admin_decides_an_appeal_through_the_page(cast, returned, client):
    """第五章 appeals: appeals form a queue for admins; the verdict is recorded."""
    _, decision = returned
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=decision, text="请复核")
    client.force_login(cast.dora)
    assert "请复核" in client.get(reverse("appeal_queue")).content.decode()
    response = client.post(reverse("appeal_decide", args=[appeal.pk]), {"verdict": "uphold", "response": "复核通过"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "upheld" and appeal.response == "复核通过"


def test_appealing_within_the_window_uses_the_clock(cast, returned):
    """第五章 appeals: the window is measured from the decision with the real clock too."""
    _, decision = returned
    with mock.patch("django.utils.timezone.now", return_value=decision.created_at + timedelta(days=30)):
        with pytest.raises(AppealRefused):
            appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=decision, text="太晚了")
