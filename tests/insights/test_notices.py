"""Notices to authors: one per event, in the inbox and by e-mail, even when the job runs twice."""
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from authors.models import Author, Penalty
from authors.standing import SHANGHAI

from insights import notices
from insights.jobs import send_notices_job
from insights.models import Notice
from moderation.actions import appeals, penalties
from moderation.actions.accounts import set_author_language
from moderation.actions.notices import mark_notices_read
from moderation.audit import Verb, trail
from moderation.errors import NotOwner


@pytest.fixture
def alice_has_mail(cast):
    cast.alice.email = "alice@example.com"
    cast.alice.save(update_fields=["email"])
    return cast.alice


def test_a_late_review_notice_is_sent_once_when_its_job_runs_twice(desk, alice_has_mail, mailoutbox, settings):
    settings.REVIEW_TARGET_HOURS = 2
    post = desk.queued()
    send_notices_job()
    assert not Notice.objects.filter(kind=Notice.Kind.LATE_REVIEW).exists()  # not late yet
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        send_notices_job()
        send_notices_job()
    late = Notice.objects.get(kind=Notice.Kind.LATE_REVIEW)
    assert late.post == post and late.author == alice_has_mail.author and late.emailed_at
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]
    assert "审核延迟" in mailoutbox[0].subject and "2小时" in mailoutbox[0].body
    assert f"/me/posts/{post.pk}/" in mailoutbox[0].body


def test_each_decision_is_noticed_once_with_its_reasons(desk, alice_has_mail, mailoutbox):
    post = desk.queued()
    desk.decide(post, desk.cast.bob, "return", ["BODY_NO_IMAGE"], "请补充实拍图片")
    for _ in range(2):
        send_notices_job()
    notice = Notice.objects.get(kind=Notice.Kind.DECISION)
    assert notice.key.startswith("decision:") and "请补充实拍图片" in notice.body
    assert "14天内修改后重新提交" in notice.body
    assert len(mailoutbox) == 1


def test_a_penalty_is_noticed(desk, alice_has_mail, mailoutbox):
    penalties.issue_penalty(alice_has_mail.author, actor=desk.cast.dora, level="suspension",
                            reason="未修改重复提交", clause="4.2(3)")
    send_notices_job()
    notice = Notice.objects.get(kind=Notice.Kind.PENALTY)
    assert "关闭发文7天" in notice.subject and "申诉" in notice.body


@pytest.mark.parametrize("language, label, sentence", [
    ("zh-hans", "原因：", "一级处罚：文章不通过（下线），关闭发文权限7天"),
    ("en", "Reason", "Level-1 penalty: the post does not pass (taken offline); posting closed for 7 days"),
])
def test_a_penalty_notice_names_its_reason_once(desk, alice_has_mail, mailoutbox, language, label, sentence):
    """The stored reason is a sentence of its own that already says 原因：… (as on the ban banner)."""
    set_author_language(alice_has_mail.author, actor=alice_has_mail, language=language)
    desk.decide(desk.queued(), desk.cast.bob, "return", ["BODY_PROMO"], "正文含满减")
    send_notices_job()
    notice = Notice.objects.get(kind=Notice.Kind.PENALTY)
    assert sentence in notice.body and notice.body.count(label) == 1, notice.body
    assert [m.body.count(label) for m in mailoutbox if m.subject.endswith(notice.subject)] == [1]


def _ladder_and_admin_notices(desk, alice, language: str, admin_level: str) -> list[Notice]:
    """alice, reading ``language``, gets the ladder's Level 1 for a promotion, then an admin's penalty
    (促销软文, 5.4-II): their two notices."""
    set_author_language(alice.author, actor=alice, language=language)
    desk.decide(desk.queued(), desk.cast.bob, "return", ["BODY_PROMO"], "正文含满减")
    penalties.issue_penalty(alice.author, actor=desk.cast.dora, level=admin_level, reason="促销软文", clause="5.4-II")
    send_notices_job()
    return list(Notice.objects.filter(kind=Notice.Kind.PENALTY).order_by("pk"))


@pytest.mark.parametrize("language, clause", [("zh-hans", "第五章4-二"), ("en", "Ch. 5.4-II")])
def test_a_penalty_notice_says_its_clause_once(desk, alice_has_mail, mailoutbox, language, clause):
    """The ladder's reason already names its clause (…（第五章4-二）): the notice adds none; an admin's
    reason names none: the notice says the penalty's clause after it, in the author's language."""
    ladder, admins = _ladder_and_admin_notices(desk, alice_has_mail, language, "suspension")
    for notice in (ladder, admins):
        assert notice.body.count("5.4-II") + notice.body.count("4-二") == 1, notice.body
        assert clause in notice.body and "促销软文" in admins.body
        [mail] = [m for m in mailoutbox if m.subject.endswith(notice.subject) and notice.body in m.body]
        assert mail.body.count(clause) == 1


@pytest.mark.parametrize("language, level, beijing, clause, why", [
    ("zh-hans", "一级处罚", "（北京时间）", "第五章4-二", "正文含促销信息"),
    ("en", "Level-1 penalty", " (Beijing time)", "Ch. 5.4-II", "Promotion in the body"),
])
def test_a_level1_notice_says_each_fact_once(desk, alice_has_mail, mailoutbox, language, level, beijing, clause, why):
    """The ladder's reason says the level and the end in Beijing time itself: the notice's first line does
    not say them again. An admin's reason says neither: the first line says both, the end in Beijing time."""
    ladder, admins = _ladder_and_admin_notices(desk, alice_has_mail, language, "level1")
    for notice in (ladder, admins):
        end = Penalty.objects.get(pk=notice.key.split(":")[1]).ends_at.astimezone(SHANGHAI)
        for fact in (level, f"{end:%H:%M}{beijing}", clause):
            assert notice.body.count(fact) == 1, (fact, notice.body)
        assert notice.body.count(f"{end:%H:%M}") == 1, notice.body
        [mail] = [m for m in mailoutbox if m.subject.endswith(notice.subject) and notice.body in m.body]
        assert mail.body.count(level) == 1
    assert why in ladder.body and "促销软文" in admins.body


def test_the_fix_by_reminder_comes_a_day_before_the_deadline(desk, alice_has_mail, mailoutbox, settings):
    settings.FIX_BY_DAYS = 14
    desk.decide(desk.queued(), desk.cast.bob, "return", ["BODY_NO_IMAGE"])
    start = timezone.now()
    with time_machine.travel(start + timedelta(days=12)):
        send_notices_job()
    assert not Notice.objects.filter(kind=Notice.Kind.FIX_BY).exists()
    with time_machine.travel(start + timedelta(days=13, hours=2)):
        send_notices_job()
        send_notices_job()
    assert Notice.objects.filter(kind=Notice.Kind.FIX_BY).count() == 1


def test_an_author_without_an_address_still_gets_the_inbox_notice(desk, mailoutbox):
    desk.decide(desk.queued(), desk.cast.bob, "approve")
    send_notices_job()
    notice = Notice.objects.get()
    assert notice.emailed_at is None and notice.email_error and mailoutbox == []
    assert notices.unread_count(desk.cast.alice.author) == 1


def test_a_failed_e_mail_is_recorded_and_not_claimed(desk, alice_has_mail, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens
    desk.decide(desk.queued(), desk.cast.bob, "approve")
    send_notices_job()
    notice = Notice.objects.get()
    assert notice.emailed_at is None and notice.email_error


def test_an_appeal_result_is_noticed(desk, alice_has_mail, mailoutbox):
    c = desk.cast
    decision = desk.decide(desk.queued(), c.bob, "return", ["BODY_NO_IMAGE"])
    appeal = appeals.file_appeal(c.alice.author, actor=c.alice, text="正文里其实有配图，请再看一下。", decision=decision)
    appeals.decide_appeal(appeal, actor=c.dora, upheld=False, response="正文确实没有图片，维持原决定。")
    send_notices_job()
    send_notices_job()
    notice = Notice.objects.get(kind=Notice.Kind.APPEAL)
    assert "申诉驳回" in notice.subject and "维持原决定" in notice.body
    assert sorted(m.subject.split("：")[0] for m in mailoutbox) == ["[审核台] 审核结果", "[审核台] 申诉结果"]


def test_marking_the_inbox_read_is_the_authors_own_audited_act(client, desk):
    c = desk.cast
    desk.decide(desk.queued(), c.bob, "approve")
    desk.decide(desk.queued(), c.bob, "return", ["BODY_NO_IMAGE"])
    send_notices_job()
    with pytest.raises(NotOwner):
        mark_notices_read(c.alice.author, actor=c.charlie)
    assert notices.unread_count(c.alice.author) == 2
    client.force_login(c.alice)
    client.post(reverse("inbox_read"))
    client.post(reverse("inbox_read"))  # nothing left unread: no second event
    assert notices.unread_count(c.alice.author) == 0
    events = list(trail(author=c.alice.author, verb=Verb.NOTICES_READ))
    assert [(e.actor, e.data) for e in events] == [(c.alice, {"count": 2})]


# ---- in the author's language ------------------------------------------------------------------

def _choose_english(client, user):
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("my_posts")})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def test_the_language_menu_stores_an_authors_choice_once(client, cast):
    _choose_english(client, cast.alice)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("my_posts")})
    cast.alice.author.refresh_from_db()
    assert cast.alice.author.language == "en"
    assert trail(author=cast.alice.author).filter(verb=Verb.AUTHOR_LANGUAGE).count() == 1  # once, not per visit
    _choose_english(client, cast.bob)  # an editor has no notices: nothing stored, the menu still works
    assert not trail(actor=cast.bob).filter(verb=Verb.AUTHOR_LANGUAGE).exists()


def test_an_author_who_signed_up_in_english_gets_english_notices(client, cast):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("register")})
    client.post(reverse("register"), {
        "username": "frank", "password": "a-Long-pass-2026", "password2": "a-Long-pass-2026",
        "display_name": "Frank", "category": "数码", "phone": "139-0013-9000", "email": "frank@example.com"})
    assert Author.objects.get(user__username="frank").language == "en"


def test_notices_and_e_mails_are_in_the_authors_language(client, desk, alice_has_mail, mailoutbox, settings):
    """alice chose English, charlie did not: the same kind of event reaches each in their own."""
    c = desk.cast
    settings.REVIEW_TARGET_HOURS = 2
    _choose_english(client, c.alice)
    desk.decide(desk.queued(), c.bob, "return", ["BODY_NO_IMAGE"], "请补充实拍图片")
    desk.decide(desk.queued(c.charlie), c.bob, "return", ["BODY_NO_IMAGE"], "请补充实拍图片")
    waiting = desk.queued()
    penalties.issue_penalty(c.alice.author, actor=c.dora, level="level1", reason="促销软文", clause="5.4-II")
    send_notices_job()
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        send_notices_job()
    mine = {n.kind: n for n in Notice.objects.filter(author=c.alice.author)}
    decision = mine[Notice.Kind.DECISION]
    assert decision.subject.startswith("Review result:") and "was returned for changes" in decision.body
    assert "No images in the body (BODY_NO_IMAGE)" in decision.body and "请补充实拍图片" in decision.body
    assert f"within {settings.FIX_BY_DAYS} days" in decision.body and "你的文章" not in decision.body
    assert mine[Notice.Kind.PENALTY].subject == "Penalty: Level-1 penalty"
    late = mine[Notice.Kind.LATE_REVIEW]
    assert late.post == waiting and "past the usual 2 hours" in late.body
    theirs = Notice.objects.get(author=c.charlie.author, kind=Notice.Kind.DECISION)
    assert theirs.subject.startswith("审核结果：") and "正文无配图（BODY_NO_IMAGE）" in theirs.body
    sent = {m.subject for m in mailoutbox if m.to == ["alice@example.com"]}
    assert f"[Review Desk] {decision.subject}" in sent and not any(s.startswith("[审核台]") for s in sent)


def test_a_fix_by_reminder_and_an_appeal_result_in_english(client, desk, alice_has_mail, settings):
    c = desk.cast
    settings.FIX_BY_DAYS = 14
    _choose_english(client, c.alice)
    decision = desk.decide(desk.queued(), c.bob, "return", ["BODY_NO_IMAGE"])
    appeal = appeals.file_appeal(c.alice.author, actor=c.alice, text="正文里其实有配图。", decision=decision)
    appeals.decide_appeal(appeal, actor=c.dora, upheld=False, response="正文确实没有图片，维持原决定。")
    send_notices_job()
    with time_machine.travel(timezone.now() + timedelta(days=13, hours=2)):
        send_notices_job()
    assert Notice.objects.get(kind=Notice.Kind.APPEAL).subject == "Appeal result: Appeal rejected"
    assert Notice.objects.get(kind=Notice.Kind.FIX_BY).subject.startswith("Revision deadline reminder:")
