"""The penalty ladder's texts in the reader's language. authors/standing (no Django) keeps each
assessment, warning and penalty reason as its Chinese template and values (``say``); the interfaces
say it in English for an English reader. The Chinese must read exactly as before: penalty_texts_zh.json
holds what the ladder said before the wordings, for every case of test_standing.PENALTY_CASES."""
from __future__ import annotations

import ast
import importlib
import json
import re
from html import unescape
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from authors.models import Assessment, Level2Proposal, Penalty
from authors.standing import (AuthorRecord, UnchangedResubmission, clause_said, level2_penalty, penalty_for_reject,
                              penalty_for_unchanged_resubmission)
from authors.standing import penalties as ladder
from authors.standing.records import at as standing_at
from builders import decide
from moderation.actions import penalties
from moderation.audit import AuditEvent, Verb
from moderation.wording import say_html, say_text
from tests.authors.test_standing import NOW, PENALTY_CASES, at
from tests.moderation.test_finding_wording import CJK, fields

HERE = Path(__file__).resolve().parent
BEFORE = json.loads((HERE / "penalty_texts_zh.json").read_text(encoding="utf-8"))


def said(history, reasons, kwargs):
    """What the ladder says for a case: the outcome, and where Level 2 is proposed, the Level 2
    penalty's reason and each piece of evidence (clause | summary), as wordings."""
    outcome = penalty_for_reject(AuthorRecord(**history), reasons, NOW, **kwargs)
    texts = [outcome.reason]
    if outcome.proposal:
        texts.append(level2_penalty(outcome.proposal, NOW).reason)
        texts += [(clause_said(e.clause), e.summary) for e in outcome.proposal.evidence]
    return texts


def unchanged(n: int):
    record = AuthorRecord(unchanged_resubmissions=[UnchangedResubmission(f"p{i}", at(i + 1)) for i in range(n - 1)])
    return penalty_for_unchanged_resubmission(record, NOW, post_id="p9").reason


def chinese(text) -> str:
    return "|".join(map(str, text)) if isinstance(text, tuple) else str(text)


def english(text) -> str:
    with translation.override("en"):
        if isinstance(text, tuple):
            return "|".join(say_text(w.to_dict()) for w in text)
        return say_text(text.to_dict())


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in PENALTY_CASES])
def test_the_chinese_reads_as_before_and_the_english_has_no_chinese(case):
    history, reasons, kwargs, *_ = case.values
    texts = said(history, reasons, kwargs)
    assert [chinese(t) for t in texts] == BEFORE[case.id]
    for text in texts:
        assert not CJK.search(english(text)) and bool(english(text)) == bool(str(text)), english(text)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_an_unchanged_resubmission_reads_as_before_and_in_english(n):
    reason = unchanged(n)
    assert str(reason) == BEFORE[f"unchanged resubmission #{n}"][0]
    assert not CJK.search(english(reason))


def test_english_examples():
    assert english(unchanged(1)) == ("Posting closed for 7 days, until " + english(standing_at(NOW + timedelta(days=7)))
                                     + ". Reason: A returned post was submitted again without the changes asked for "
                                     "(Ch. 4.2(3)).")
    warning = penalty_for_reject(AuthorRecord(), ["TITLE_LENGTH", "IMAGE_BLURRY"], NOW).reason
    assert english(warning).startswith("First warning: Content that does not meet the Discovery guidelines (")
    assert english(warning).endswith("a level-1 penalty follows (Ch. 5.4-III).")
    plagiarism = penalty_for_reject(AuthorRecord(), ["BODY_PLAGIARISM"], NOW, post_id="p1").reason
    assert english(plagiarism) == "Plagiarism found; content must be original: posting closed for good (Ch. 4.2(3))."


def test_html_has_no_quoted_chinese_either():
    """In HTML the values that are our words are translated too (only quoted material is marked as user content)."""
    outcome = penalty_for_reject(AuthorRecord(), ["BODY_PROMO", "TITLE_LENGTH"], NOW)
    with translation.override("en"):
        html = str(say_html(outcome.reason.to_dict()))
    assert not CJK.search(html) and "Level-1 penalty" in html


def ladder_templates() -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(Path(ladder.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args \
                and isinstance(node.args[0], ast.Constant):
            found.add(node.args[0].value)
    found.discard("{clause}")  # a clause outside chapters 4 and 5, said as it is
    return found | set(ladder._CHAPTER5.values())


def test_every_template_of_the_ladder_has_english_with_the_same_values():
    templates = ladder_templates()
    assert len(templates) > 20
    with translation.override("en"):
        missing = [t for t in sorted(templates) if translation.gettext(t) == t or CJK.search(translation.gettext(t))]
        mismatched = [t for t in templates if fields(translation.gettext(t)) != fields(t)]
    assert not missing and not mismatched, (missing, mismatched)


# ---- stored with the rows, said where they are shown ----------------------------------------------

def english_page(client, url) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        return client.get(url).content.decode()
    finally:
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]


@pytest.fixture
def banned(cast, submit):
    """alice: a Level 1 for a promotion (category II), then a Level 2 proposed for a health claim."""
    first, second = submit(), submit()
    decide(first, cast.bob, "return", ["BODY_PROMO"], "正文含满减")
    decide(second, cast.bob, "reject", ["BODY_HEALTH_CLAIM"], "夸大功效")
    return Penalty.objects.filter(author=cast.alice.author).order_by("pk").first()


def ban_notice(page: str, marker: str) -> str:
    """The ban box's entry that holds ``marker``, as text."""
    start = page.index('id="ban-notice"')
    box = page[start:page.index("</section>", start)]
    entries = [unescape(re.sub(r"<[^>]+>", "", e)) for e in box.split('<div class="ban">')[1:]]
    return next(e for e in entries if marker in e)


def test_the_ban_notice_says_the_stored_reason_in_the_readers_language(cast, client, banned):
    """The box says the level and the end (an admin may have shortened it) in its first line, then the
    ladder's reason by its cause alone, each fact once: the whole sentence (一级处罚：…，至…（北京时间）。原因：…
    （第五章4-二）) repeated the level, the end and, with 条款 5.4-II after it, the clause."""
    assert banned.wording and banned.reason.startswith("一级处罚：文章不通过（下线），关闭发文权限7天")
    client.force_login(cast.alice)
    notice = ban_notice(client.get(reverse("my_posts")).content.decode(), "发布与定位不符")
    assert "原因：发布与定位不符或有广告嫌疑的内容（正文含促销信息）（第五章4-二）" in notice, notice
    for once in ("一级处罚", "北京时间", "第五章4-二", "原因："):
        assert notice.count(once) == 1, (once, notice)
    assert "条款" not in notice  # the cause names its clause
    english = english_page(client, reverse("my_posts"))
    notice = ban_notice(english, "Publishing content")
    assert "Reason: Publishing content that does not fit the positioning or looks like advertising" in notice
    for once in ("Level-1 penalty", "Beijing time", "Ch. 5.4-II", "Reason:"):
        assert notice.count(once) == 1, (once, notice)
    box = english[english.index('id="ban-notice"'):english.index("</section>", english.index('id="ban-notice"'))]
    assert not CJK.search(re.sub(r'<span class="uc">.*?</span>', "", box)), box


def test_the_admin_standing_page_says_assessments_and_penalties_in_the_readers_language(cast, client, banned):
    client.force_login(cast.dora)
    url = reverse("author_standing", args=[cast.alice.author.pk])
    chinese_page = client.get(url).content.decode()
    assessment = Assessment.objects.filter(penalty=banned).get()
    assert assessment.wording and escape(assessment.reason) in chinese_page and escape(banned.reason) in chinese_page
    english = re.sub(r"<[^>]+>", "", english_page(client, url))
    assert escape(english_text(assessment)) in english and "Level-1 penalty: the post does not pass" in english
    assert escape(banned.reason) not in english


def test_a_row_stored_without_a_wording_shows_its_stored_chinese(cast, client, banned):
    Penalty.objects.filter(pk=banned.pk).update(wording=None)
    client.force_login(cast.alice)
    assert escape(banned.reason) in english_page(client, reverse("my_posts"))


def test_an_admins_penalty_and_a_linked_accounts_ban_read_in_english(cast):
    """What the admin wrote stays as written; the words around it are said in the reader's language."""
    penalty = penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="suspension", reason="重复提交未修改")
    assert penalty.reason == "管理员处罚：重复提交未修改"
    assert english_text(penalty) == "Admin penalty: 重复提交未修改"
    linked = {"template": "关联账号 {author} 受二级处罚，按第五章3一并封停。", "params": {"author": "爱丽丝"}}
    with translation.override("en"):
        assert say_text(linked) == "Linked account 爱丽丝 received a level-2 penalty; suspended with it under Ch. 5.3."


def english_text(row) -> str:
    with translation.override("en"):
        return say_text(row.wording, row.reason)


def test_pending_level2_evidence_and_appeal_targets_read_in_the_readers_language(cast, client, banned):
    """The standing page: each piece of a pending Level 2's evidence (clause and summary) and what an
    appeal is against, in English for an English reader; in Chinese as before."""
    from moderation.actions import appeals
    appeals.file_appeal(cast.alice.author, actor=cast.alice, penalty=banned, text="引用的是用户评论")
    client.force_login(cast.dora)
    url = reverse("author_standing", args=[cast.alice.author.pk])
    chinese_page = client.get(url).content.decode()
    for text in ("<b>第五章4-四.5</b>：不符合发现定位（夸大保健品功效）", f"处罚 #{banned.pk}",
                 "<b>第五章4-四.2</b>：受到一级处罚超过1次（本次为第2次）"):
        assert text in chinese_page, text
    english = re.sub(r"<[^>]+>", "", english_page(client, url))
    for text in ("Ch. 5.4-IV.5: Not fitting the Discovery positioning (", f"Penalty #{banned.pk}",
                 "Ch. 5.4-IV.2: Level-1 penalties received more than 1 time(s) (this is number 2)"):
        assert text in english, text
    assert "第五章" not in english and "处罚 #" not in english


def test_the_admin_desk_says_a_pending_level2s_reason_in_the_readers_language(cast, client, banned):
    proposal = Level2Proposal.objects.get(author=cast.alice.author)
    assert proposal.reason == "不符合发现定位（夸大保健品功效）（第五章4-四.5）；受到一级处罚超过1次（本次为第2次）（第五章4-四.2）"
    client.force_login(cast.dora)
    assert escape(proposal.reason) in client.get("/desk/manage/").content.decode()
    english = re.sub(r"<[^>]+>", "", english_page(client, "/desk/manage/"))
    assert ("Not fitting the Discovery positioning (Exaggerated health-product claims) (Ch. 5.4-IV.5); "
            "Level-1 penalties received more than 1 time(s) (this is number 2) (Ch. 5.4-IV.2)") in english
    Level2Proposal.objects.filter(pk=proposal.pk).update(evidence=[{k: v for k, v in e.items() if k != "summary"}
                                                                   for e in proposal.evidence])
    assert escape(proposal.reason) in english_page(client, "/desk/manage/")  # stored without wordings: as stored


def test_the_audit_trail_says_penalty_reasons_in_the_readers_language(cast, client, banned):
    """A penalty's (and its assessment's) reason in the audit trail's details: said from the stored
    wording in English, as stored in Chinese; what an admin wrote stays as written, as user content."""
    own = penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="suspension", reason="重复提交未修改")
    client.force_login(cast.dora)
    url = reverse("audit_trail") + f"?author={cast.alice.author.pk}"
    chinese_page = client.get(url).content.decode()
    assert escape(banned.reason) in chinese_page and escape(own.reason) in chinese_page
    english = english_page(client, url)
    said = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", english)))
    assert english_text(banned) in said and "Admin penalty: 重复提交未修改" in said
    assert '<span class="uc">重复提交未修改</span>' in english
    assert escape(banned.reason) not in english and own.reason not in english
    assert "Level-1 penalty: the post does not pass (taken offline)" in said
    assert "Ch. 5.4-IV.5" in said  # the pending Level 2's evidence, said too


def test_penalty_events_logged_before_their_wording_read_in_english_after_the_backfill(cast, client, banned):
    events = AuditEvent.objects.filter(verb__in=[Verb.PENALTY_ISSUE, Verb.ASSESS])
    for event in events:  # as logged before 0022
        event.data.pop("wordings")
        event.save(update_fields=["data"])
    client.force_login(cast.dora)
    url = reverse("audit_trail") + f"?author={cast.alice.author.pk}"
    assert escape(banned.reason) in english_page(client, url)
    importlib.import_module("moderation.migrations.0022_audit_penalty_wording").backfill(
        MigrationExecutor(connection).loader.project_state(("moderation", "0022_audit_penalty_wording")).apps, None)
    english = english_page(client, url)
    assert english_text(banned) in unescape(re.sub(r"<[^>]+>", "", english)) and escape(banned.reason) not in english
    assert all(e.data["wordings"]["reason"] for e in events.all())


def test_the_admins_current_ban_box_says_each_fact_once(cast, client, banned):
    """The standing page's current ban: level, start, end in its first line, then the ladder's cause
    (its clause named there, not again after the end)."""
    client.force_login(cast.dora)
    page = client.get(reverse("author_standing", args=[cast.alice.author.pk])).content.decode()
    box = page[page.index(f'data-penalty="{banned.pk}"'):]
    box = unescape(re.sub(r"<[^>]+>", "", box[:box.index("<form")]))
    assert "原因：发布与定位不符或有广告嫌疑的内容（正文含促销信息）（第五章4-二）" in box, box
    for once in ("一级处罚", "第五章4-二", "原因："):
        assert box.count(once) == 1, (once, box)
    assert "5.4-II" not in box and "北京时间）。" not in box
