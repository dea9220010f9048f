"""Texts the system composes and stores with a row (an auto-published post's decision message and
history note, a whitelist revoked for a violation, a senior editor's ruling in a post's history) read
in the reader's language: each is stored as its Chinese, exactly as before, beside its template and
values, and an English page says it in English (a person's own words inside stay as written)."""
from __future__ import annotations

import importlib
import re
from html import unescape

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from authors.models import Assessment, Author, Level2Proposal, Penalty, Whitelist
from builders import decide
from insights.models import Notice
from insights.notices import record_notices
from moderation.actions import penalties, quality, rules, rulings, stages, whitelist
from moderation.audit import Verb, trail
from moderation.lifecycle import State
from moderation.checks.engine import Wording
from moderation.models import Decision, EditorGroup, Finding, PostEvent, ReviewStage
from moderation.rewording import english_catalogue
from moderation.wording import say_text
from tests.authors.test_bans import alias  # noqa: F401 — the fixture: alice's second account, linked
from tests.authors.test_whitelist import two_past_weeks
from tests.authors.test_penalty_wording import PENALTY_CASES, english_page, said
from tests.moderation.test_finding_wording import CJK, flagged_findings


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def outside_user_content(html: str) -> str:
    return re.sub(r'<span class="uc">.*?</span>', "", html)


def test_an_auto_published_post_says_why_in_the_readers_language(cast, submit, client):
    whitelist.grant_whitelist(cast.alice.author, actor=cast.dora, reason="合作作者")
    post = submit()
    assert post.state == State.APPROVED
    decision = Decision.objects.get(post=post)
    note = PostEvent.objects.get(post=post, event="auto_publish")
    assert decision.message == "白名单作者，机审无阻断问题，自动发布"  # as before
    assert note.note == "白名单作者，无阻断问题，自动发布"

    client.force_login(cast.alice)
    url = reverse("author_post", args=[post.pk])
    chinese = client.get(url).content.decode()
    assert escape(decision.message) in chinese and escape(note.note) in chinese
    english = english_page(client, url)
    said = text_of(english)
    assert "Whitelisted author and the automatic check found no blocking issue: published automatically." in said
    assert "Whitelisted author, no blocking issue: published automatically" in said
    assert decision.message not in english and note.note not in english

    api = client.get(f"/api/v1/posts/{post.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["decisions"][0]["message"] == ("Whitelisted author and the automatic check found no blocking issue: "
                                              "published automatically.")


def test_a_whitelist_revoked_for_a_violation_reads_in_english_on_the_standing_page(cast, submit, client):
    author = cast.alice.author
    whitelist.grant_whitelist(author, actor=cast.dora, reason="合作作者")
    online = submit()
    decide(online, cast.bob, "take_offline", ["BODY_SOFT_AD"], "读者举报为软文")
    row = Whitelist.objects.get(author=author)
    assessment = Assessment.objects.get(decision__post=online)
    assert not row.active
    assert row.revoke_reason == f"第五章2：白名单作者的文章被发现违规（文章#{online.pk}）。{assessment.reason}"

    client.force_login(cast.dora)
    url = reverse("author_standing", args=[author.pk])
    assert escape(row.revoke_reason) in client.get(url).content.decode()
    english = english_page(client, url)
    with translation.override("en"):
        ladder = say_text(assessment.wording)
    expected = f"Ch. 5.2: a post by a whitelisted author was found in violation (post #{online.pk}). {ladder}"
    assert expected.startswith("Ch. 5.2: a post by a whitelisted author was found in violation (post #")
    assert expected in text_of(english)
    section = english[english.index('id="whitelist"'):]
    section = section[:section.index("</section>")]
    assert not CJK.search(outside_user_content(section)), section


def test_a_senior_editors_ruling_reads_in_english_in_the_posts_history(cast, submit, client, settings):
    settings.DOUBLE_REVIEW_RATE = 1.0
    post = submit(title="必看！通勤耳机实测三周：降噪、续航与佩戴的真实体验,全网最低")
    assert post.state == State.IN_QUEUE
    first = decide(post, cast.bob, "reject", ["BODY_PROMO"], "正文是促销软文")
    disputed = quality.record_second_review(first.double_review, actor=cast.erin, outcome="approve", reasons=[])
    rulings.resolve_double_review(disputed, actor=cast.dora, outcome="approve", reasons=[],
                                  note="所谓促销只是提到了价格，不算软文")
    overrule = PostEvent.objects.get(post=post, event="overrule")
    assert overrule.note == (f"资深编辑改判：审核决定#{first.pk}（退稿不用）经双审裁定改为“通过”："
                             "所谓促销只是提到了价格，不算软文")  # as before

    client.force_login(cast.alice)
    url = reverse("author_post", args=[post.pk])
    assert escape(overrule.note) in client.get(url).content.decode()
    english = english_page(client, url)
    assert (f"Overruled by a senior editor: review decision #{first.pk} (Reject for good) changed to “Approve” "
            "after the double review: 所谓促销只是提到了价格，不算软文") in text_of(english)
    history = english[english.index('class="events"'):]
    history = history[:history.index("</ol>")]
    assert not CJK.search(outside_user_content(history)), history


# ---- rows stored before their wording was kept: the data migrations back-fill it -------------------

STORED = [  # (model, text field, wording field)
    (Finding, "message", "wording"), (Decision, "message", "wording"), (PostEvent, "note", "wording"),
    (Penalty, "reason", "wording"), (Assessment, "reason", "wording"), (Whitelist, "reason", "wording"),
    (Whitelist, "revoke_reason", "revoke_wording"),
]


def migrated_apps():
    """The models as the back-fill migrations see them (their historical state)."""
    return MigrationExecutor(connection).loader.project_state(
        [("moderation", "0021_backfill_wording"), ("authors", "0011_backfill_wording")]).apps


def said_in_english(model, text_field, field) -> dict:
    with translation.override("en"):
        return {(model.__name__, field, row.pk): (getattr(row, text_field), say_text(getattr(row, field)))
                for row in model.objects.exclude(**{f"{field}__isnull": True})}


def test_rows_stored_without_a_wording_get_it_back_where_the_chinese_matches_a_template(cast, submit):
    author = cast.alice.author
    whitelist.grant_whitelist(author, actor=cast.dora, reason="合作作者，试用白名单")  # an admin's own words
    online = submit()
    flagged = submit(title="必看！通勤耳机实测三周：降噪、续航与佩戴的真实体验,全网最低")
    decide(online, cast.bob, "take_offline", ["BODY_SOFT_AD"], "读者举报为软文")  # Level 1, whitelist revoked
    decide(flagged, cast.bob, "return", ["TITLE_AD_LAW"], "标题里的“全网最低”请删掉")
    before = {}
    for model, text_field, field in STORED:
        before.update(said_in_english(model, text_field, field))
    kinds = {key[:2] for key in before}
    assert {("Finding", "wording"), ("Decision", "wording"), ("PostEvent", "wording"), ("Penalty", "wording"),
            ("Assessment", "wording"), ("Whitelist", "revoke_wording")} <= kinds
    evidence = {p.pk: p.evidence for p in Level2Proposal.objects.all()}
    for model, _, field in STORED:  # as stored before the wordings existed
        model.objects.update(**{field: None})

    for name in ("moderation.migrations.0021_backfill_wording", "authors.migrations.0011_backfill_wording"):
        importlib.import_module(name).backfill(migrated_apps(), None)

    after = {}
    for model, text_field, field in STORED:
        after.update(said_in_english(model, text_field, field))
    assert after == before  # the same Chinese, and the same English as when it was stored
    assert Whitelist.objects.get(author=author).wording is None  # the admin's reason: shown as written
    editor_note = PostEvent.objects.get(post=flagged, event="return")
    assert editor_note.note == "标题里的“全网最低”请删掉" and editor_note.wording is None
    assert {p.pk: p.evidence for p in Level2Proposal.objects.all()} == evidence


def test_a_level2s_evidence_stored_without_its_summaries_wording_gets_it_back(cast, submit):
    first, second = submit(), submit(variant=0, title="机械键盘办公一个月：手感、连接与续航的真实体验")
    decide(first, cast.bob, "return", ["BODY_PROMO"], "正文含满减")
    decide(second, cast.bob, "reject", ["BODY_HEALTH_CLAIM"], "夸大功效")
    proposal = Level2Proposal.objects.get(author=cast.alice.author)
    with translation.override("en"):
        english = say_text(proposal.wording, proposal.reason)
    assert not CJK.search(english)
    Level2Proposal.objects.filter(pk=proposal.pk).update(
        evidence=[{k: v for k, v in e.items() if k != "summary"} for e in proposal.evidence])
    proposal.refresh_from_db()
    assert proposal.wording is None  # shown as stored, in Chinese

    importlib.import_module("authors.migrations.0011_backfill_wording").backfill(migrated_apps(), None)
    proposal.refresh_from_db()
    with translation.override("en"):
        assert say_text(proposal.wording, proposal.reason) == english


def test_a_linked_accounts_ban_lifted_with_the_level2_says_so_in_english(cast, submit, alias, client):
    decide(submit(), cast.erin, "reject", ["BODY_HEALTH_CLAIM"], "夸大保健品功效")
    penalty = penalties.confirm_level2(Level2Proposal.objects.get(author=cast.alice.author), actor=cast.dora,
                                       note="证据确凿")
    penalties.lift_penalty(penalty, actor=cast.dora, reason="复核后解除")
    linked = Penalty.objects.get(author=alias, linked_from=penalty)
    assert linked.admin_reason == "关联账号的二级处罚已解除：复核后解除"  # as before

    client.force_login(cast.dora)
    url = reverse("author_standing", args=[alias.pk])
    assert escape(linked.admin_reason) in client.get(url).content.decode()
    english = english_page(client, url)
    assert "The linked account's level-2 penalty was lifted: 复核后解除" in text_of(english)
    assert escape(linked.admin_reason) not in english

    Penalty.objects.filter(pk=linked.pk).update(admin_wording=None)  # a lift stored before 0012
    importlib.import_module("authors.migrations.0012_penalty_admin_wording").backfill(
        MigrationExecutor(connection).loader.project_state(("authors", "0012_penalty_admin_wording")).apps, None)
    assert "The linked account's level-2 penalty was lifted: 复核后解除" in text_of(english_page(client, url))
    assert Penalty.objects.get(pk=penalty.pk).admin_wording is None  # the admin's own reason


def test_notices_say_the_systems_words_in_the_authors_language(cast, submit):
    """alice reads English: her auto-published post's notice and her ladder penalty's notice are in
    English; the Chinese reader's notices read as before (the stored Chinese)."""
    Author.objects.filter(pk=cast.alice.author.pk).update(language="en")
    whitelist.grant_whitelist(cast.alice.author, actor=cast.dora, reason="合作作者")
    online = submit()
    decide(online, cast.bob, "take_offline", ["BODY_SOFT_AD"], "读者举报为软文")
    record_notices()
    mine = {n.kind: n for n in Notice.objects.filter(author=cast.alice.author)}
    auto = Notice.objects.get(key=f"decision:{Decision.objects.get(post=online, outcome='auto_publish').pk}")
    assert "Whitelisted author and the automatic check found no blocking issue: published automatically." in auto.body
    penalty = Penalty.objects.get(author=cast.alice.author)
    with translation.override("en"):
        assert say_text(penalty.wording) in mine[Notice.Kind.PENALTY].body
    assert not CJK.search(re.sub("读者举报为软文|通勤耳机实测三周的第0篇体验笔记：降噪续航佩戴", "",
                                 auto.body + mine[Notice.Kind.PENALTY].body))


def test_a_whitelist_granted_by_the_daily_recomputation_says_why_in_english(cast, client):
    author = cast.alice.author
    two_past_weeks(author)
    assert whitelist.recompute_whitelist() == [author]
    row = Whitelist.objects.get(author=author)
    assert row.granted_by is None and row.reason.endswith("可开通白名单，发文后自动上线。")  # as before
    client.force_login(cast.dora)
    url = reverse("author_standing", args=[author.pk])
    assert escape(row.reason) in client.get(url).content.decode()
    english = english_page(client, url)
    with translation.override("en"):
        assert say_text(row.wording) in text_of(english)
    section = english[english.index('id="whitelist"'):]
    section = section[:section.index("</section>")]
    assert not CJK.search(outside_user_content(section)), section


def test_the_audit_trail_says_the_systems_notes_and_reasons_in_english(cast, submit, client):
    """The audit event keeps the wording of a note or reason the system composed beside its Chinese; an
    English admin reads it in English, an admin's or editor's own words as written."""
    author = cast.alice.author
    whitelist.grant_whitelist(author, actor=cast.dora, reason="合作作者")
    online = submit()
    decide(online, cast.bob, "take_offline", ["BODY_SOFT_AD"], "读者举报为软文")
    client.force_login(cast.dora)
    url = reverse("audit_trail") + f"?author={author.pk}"
    chinese = client.get(url).content.decode()
    assert "白名单作者，无阻断问题，自动发布" in chinese and "第五章2：白名单作者的文章被发现违规" in chinese
    english = text_of(english_page(client, url))
    assert "Whitelisted author, no blocking issue: published automatically" in english
    assert f"Ch. 5.2: a post by a whitelisted author was found in violation (post #{online.pk})." in english
    assert "合作作者" in english and "读者举报为软文" in english  # people's own words, as written
    assert "白名单作者" not in english and "wordings" not in english


def test_a_stage_switched_off_reads_in_english_in_the_audit_trail(cast, client):
    group = stages.save_editor_group(EditorGroup(name="合规"), actor=cast.dora, members=[cast.erin])
    stage = stages.save_stage(ReviewStage(name="合规复审", order=1, group=group, rules=["BODY_MEDICAL"]),
                              actor=cast.dora)
    client.force_login(cast.dora)
    client.post(reverse("manage_stage_toggle", args=[stage.pk]))
    event = trail(verb=Verb.STAGE_SAVE).first()
    assert event.data["reason"] == "停用"  # as before
    english = text_of(english_page(client, reverse("audit_trail") + f"?verb={Verb.STAGE_SAVE}"))
    assert "Reason: Disable" in english and "停用" not in english


def test_a_ban_without_an_end_says_so_in_english_on_the_admin_desk(cast, client):
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="permanent", reason="多次抄袭")
    client.force_login(cast.dora)
    assert "无期限" in client.get(reverse("admin_desk")).content.decode()
    english = english_page(client, reverse("admin_desk"))
    assert "No end date" in english and "无期限" not in english


def test_the_appeal_form_names_a_reasons_category_in_english(cast, submit, client):
    decision = decide(submit(), cast.bob, "return", ["BODY_PROMO"], "正文含满减")
    client.force_login(cast.alice)
    url = reverse("file_appeal") + f"?decision={decision.pk}"
    assert "（II类）" in client.get(url).content.decode()
    english = english_page(client, url)
    assert "Promotion in the body (category II)" in text_of(english) and "类）" not in english


def ladder_texts():
    for case in PENALTY_CASES:
        history, reasons, kwargs, *_ = case.values
        for text in said(history, reasons, kwargs):
            yield from (text if isinstance(text, tuple) else (text,))


def test_every_text_of_the_ladder_and_the_engine_is_matched_back_to_the_same_english():
    """What the data migrations rely on: each text the ladder and the rule engine say, stored as
    Chinese only, is matched back to a wording that says the same English."""
    match = english_catalogue()
    texts = [w for w in ladder_texts() if str(w)] + [f.wording for f in flagged_findings()]
    texts = [Wording.from_dict(w) if isinstance(w, dict) else w for w in texts]
    assert len(texts) > 50
    with translation.override("en"):
        missed = [str(w) for w in texts
                  if say_text(match.wording(str(w)), str(w)) != say_text(w.to_dict(), str(w))]
    assert not missed, missed


def test_people_s_words_in_a_system_column_are_left_as_they_are():
    match = english_catalogue()
    assert match.wording("通过", ["第{n}次修改后重新提交"]) is None  # an editor's note that is also a catalogue entry
    assert match.wording("标题请精简") is None
    assert match.wording("第2次修改后重新提交", ["第{n}次修改后重新提交"]) == {
        "template": "第{n}次修改后重新提交", "params": {"n": 2}}


def test_a_draft_the_desk_named_reads_in_english_and_an_admins_title_as_written(cast, client):
    untitled = rules.create_draft("", actor=cast.dora)
    named = rules.create_draft("竞品词补充", actor=cast.dora)
    assert untitled.title == "规则草稿"  # as before
    client.force_login(cast.dora)
    assert '<span class="uc">规则草稿</span>' in client.get(reverse("manage_drafts")).content.decode()
    english = english_page(client, reverse("manage_drafts"))
    assert "Untitled rule draft" in english and '<span class="uc">竞品词补充</span>' in english
    assert "Untitled rule draft" in english_page(client, reverse("manage_draft", args=[untitled.pk]))
    assert named.title in english_page(client, reverse("manage_draft", args=[named.pk]))


def test_a_decision_overruled_by_a_ruling_is_not_said_revoked_on_appeal(cast, submit, client, settings):
    """A ruling annuls the first decision's consequences as an upheld appeal would; the standing page
    names the ruling, not an appeal nobody made."""
    settings.DOUBLE_REVIEW_RATE = 1.0
    post = submit(title="必看！通勤耳机实测三周：降噪、续航与佩戴的真实体验,全网最低")
    first = decide(post, cast.bob, "reject", ["BODY_PROMO"], "正文是促销软文")
    disputed = quality.record_second_review(first.double_review, actor=cast.erin, outcome="approve", reasons=[])
    rulings.resolve_double_review(disputed, actor=cast.dora, outcome="approve", reasons=[],
                                  note="所谓促销只是提到了价格，不算软文")
    assert Assessment.objects.get(decision=first).overturned_at is not None

    client.force_login(cast.dora)
    url = reverse("author_standing", args=[cast.alice.author.pk])
    page = client.get(url).content.decode()
    decisions = page[page.index('id="decisions"'):]
    decisions = decisions[:decisions.index("</section>")]
    assert "改判撤销" in decisions and "申诉撤销" not in decisions
    english = english_page(client, url)
    decisions = english[english.index('id="decisions"'):]
    decisions = decisions[:decisions.index("</section>")]
    assert "Revoked by a senior editor's ruling" in decisions
    assert "Revoked on appeal" not in english


def test_a_posts_state_reads_as_a_state_in_english_not_as_the_editors_action(cast, submit, client):
    """退回修改 is both a state and an outcome in Chinese; in English the post *is* "Returned for
    revision" after the editor chose "Return for revision"."""
    post = submit()
    decide(post, cast.bob, "return", ["BODY_PROMO"], "正文含满减")
    client.force_login(cast.alice)
    detail = text_of(english_page(client, reverse("author_post", args=[post.pk])))
    assert f"#{post.pk} · Review · Returned for revision" in detail
    assert "→ Returned for revision" in detail and "→ Return for revision" not in detail
    assert "Returned for revision" in text_of(english_page(client, reverse("my_posts")))
    assert "退回修改" in text_of(client.get(reverse("author_post", args=[post.pk])).content.decode())

    client.force_login(cast.bob)
    search = text_of(english_page(client, reverse("desk_search") + "?state=return"))
    assert "Returned for revision" in search
    assert "Rejected for good" in search  # the state counts above the results
