"""Issue 11 item 9: Level 2 follows history. When an appeal overturns a decision (or a penalty) that a
pending Level 2 proposal rests on, the proposal is assessed again from what still counts and
withdrawn when its grounds are gone; one whose grounds remain stays for the admin. A confirmed one
whose grounds are gone is flagged for an admin's review, never lifted by itself."""
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from authors.models import Level2Proposal
from factories import PARAGRAPHS, post_document, uploads_for
from moderation.actions import appeals, penalties
from moderation.audit import AuditEvent, Verb
from tests.authors.builders import decide


@pytest.fixture
def posts(cast, scored_post):
    def go(n):
        out = []
        for i in range(n):
            document = post_document(title=f"第{i + 1}篇：通勤耳机实测三周的降噪续航与佩戴体验",
                                     paragraphs=[f"（第{i + 1}篇）{p}" for p in PARAGRAPHS])
            out.append(scored_post(cast.alice.author, document=document, uploads=uploads_for(document, seed=30 + i),
                                   actor=cast.alice))
        return out
    return go


def test_the_proposal_is_withdrawn_when_the_appeal_removes_its_basis(cast, posts):
    """5.4-IV.3: a second plagiarised post proposes Level 2; the first reject reversed on appeal
    leaves one, so the proposal is withdrawn, saying why, in the audit trail."""
    first, second = posts(2)
    earlier = decide(first, cast.bob, "reject", ["BODY_PLAGIARISM"], "整段搬运他人测评")
    decide(second, cast.erin, "reject", ["BODY_PLAGIARISM"], "图文均为转载")
    proposal = Level2Proposal.objects.get(author=cast.alice.author)
    assert proposal.status == "pending" and "5.4-IV.3" in proposal.clauses
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice, decision=earlier, text="第一篇是我本人原创，附原稿。")
    appeals.decide_appeal(appeal, actor=cast.dora, upheld=True, response="核实为原创，撤销退稿。")
    proposal.refresh_from_db()
    assert proposal.status == "dismissed" and "不再满足二级处罚条件" in proposal.note
    event = AuditEvent.objects.get(verb=Verb.LEVEL2_DISMISS, target_id=proposal.pk)
    assert event.actor == cast.dora


def test_a_proposal_whose_grounds_remain_stays(cast, posts):
    """Overturning something the proposal does not rest on (a third, unrelated return) keeps it."""
    first, second, third = posts(3)
    decide(first, cast.bob, "reject", ["BODY_PLAGIARISM"], "整段搬运他人测评")
    decide(second, cast.erin, "reject", ["BODY_PLAGIARISM"], "图文均为转载")
    unrelated = decide(third, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice, decision=unrelated, text="标题长度符合要求。")
    appeals.decide_appeal(appeal, actor=cast.dora, upheld=True, response="标题无误。")
    assert Level2Proposal.objects.get(author=cast.alice.author).status == "pending"


def test_a_confirmed_level2_whose_basis_is_overturned_goes_to_an_admin_and_stays_until_lifted(cast, posts, client):
    """A confirmed Level 2 is not lifted by an appeal against what it rests on: it is flagged on the
    admin's desk with the lift action, and only the admin's lift ends it."""
    first, second = posts(2)
    earlier = decide(first, cast.bob, "reject", ["BODY_PLAGIARISM"], "整段搬运他人测评")
    decide(second, cast.erin, "reject", ["BODY_PLAGIARISM"], "图文均为转载")
    proposal = Level2Proposal.objects.get(author=cast.alice.author)
    level2 = penalties.confirm_level2(proposal, actor=cast.dora, note="两次抄袭，属实")
    client.force_login(cast.dora)
    assert "二级处罚依据已被申诉推翻" not in client.get(reverse("admin_desk")).content.decode()

    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice, decision=earlier, text="第一篇是我本人原创，附原稿。")
    appeals.decide_appeal(appeal, actor=cast.dora, upheld=True, response="核实为原创，撤销退稿。")
    proposal.refresh_from_db()
    level2.refresh_from_db()
    assert proposal.status == "confirmed" and proposal.basis_overturned_at is not None
    assert level2.is_active(timezone.now()) and level2.lifted_at is None  # nothing lifted by itself
    assert not User.objects.get(pk=cast.alice.pk).is_active
    event = AuditEvent.objects.get(verb=Verb.LEVEL2_BASIS_OVERTURNED)
    assert event.actor == cast.dora and event.data["penalty"] == level2.pk

    desk = client.get(reverse("admin_desk")).content.decode()
    assert "二级处罚依据已被申诉推翻，请复核" in desk
    assert reverse("penalty_lift", args=[level2.pk]) in desk
    standing_page = client.get(reverse("author_standing", args=[cast.alice.author.pk])).content.decode()
    assert "二级处罚依据已被申诉推翻，请复核" in standing_page

    client.post(reverse("penalty_lift", args=[level2.pk]), {"reason": "依据已被申诉推翻，复核后解除"})
    level2.refresh_from_db()
    assert level2.lifted_by == cast.dora and User.objects.get(pk=cast.alice.pk).is_active
    assert "二级处罚依据已被申诉推翻" not in client.get(reverse("admin_desk")).content.decode()


def test_a_confirmed_level2_whose_grounds_remain_is_not_flagged(cast, posts):
    first, second, third = posts(3)
    decide(first, cast.bob, "reject", ["BODY_PLAGIARISM"], "整段搬运他人测评")
    decide(second, cast.erin, "reject", ["BODY_PLAGIARISM"], "图文均为转载")
    unrelated = decide(third, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    penalties.confirm_level2(Level2Proposal.objects.get(author=cast.alice.author), actor=cast.dora, note="属实")
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice, decision=unrelated, text="标题长度符合要求。")
    appeals.decide_appeal(appeal, actor=cast.dora, upheld=True, response="标题无误。")
    assert Level2Proposal.objects.get(author=cast.alice.author).basis_overturned_at is None
    assert not AuditEvent.objects.filter(verb=Verb.LEVEL2_BASIS_OVERTURNED).exists()
