"""The audit log (issue 10): one vocabulary, one event per write naming its actor — including the writes
that used to leave no row (claims and releases, login blocks and restores, assessment overturns, identity
records) — and the admin's audit-trail page of a post or an author."""
from __future__ import annotations

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from authors.models import Penalty
from builders import decide
from moderation.actions import appeals, identity, penalties, review, rules
from moderation.audit import AuditEvent, Verb, log_event, trail


def verbs(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("id").values_list("verb", flat=True))


def test_a_free_string_is_not_a_verb(cast):
    with pytest.raises(ValueError):
        log_event(cast.dora, "did_something", cast.alice.author)
    assert not AuditEvent.objects.exists()


def test_a_posts_path_is_one_event_per_step_each_naming_its_actor(cast, submit):
    """Submit → pre-score → claim → return: the events of the post, with who (None: the system)."""
    post = submit()
    review.claim_post(post, actor=cast.bob)
    decision = decide(post, cast.bob, "return", ["BODY_PROMO"], message="请删去促销信息")
    steps = list(AuditEvent.objects.filter(post=post).order_by("id").values_list("verb", "actor__username"))
    assert steps[:5] == [("submit", "alice"), ("start_scoring", None), ("finish_scoring", None), ("claim", "bob"),
                         ("return", "bob")]
    returned = AuditEvent.objects.get(post=post, verb=Verb.RETURN)
    assert returned.data["decision"] == decision.pk and returned.data["reasons"] == ["BODY_PROMO"]
    assert returned.author == cast.alice.author and returned.data["to_state"] == "returned"
    # its consequences under 第五章 are events of their own, by the system
    assert set(verbs(post=post, actor__isnull=True)) >= {"assess", "penalty_issue"}
    # the lifecycle history the author sees uses the same verbs
    assert list(post.events.values_list("event", flat=True)) == ["create", "submit", "start_scoring",
                                                                  "finish_scoring", "return"]


def test_a_release_and_an_expired_claim_are_recorded(cast, submit, settings):
    post = submit()
    review.claim_post(post, actor=cast.bob)
    review.claim_post(post, actor=cast.bob)  # opening it again renews the lease: no second event
    assert review.release_claim(post, actor=cast.bob)
    assert not review.release_claim(post, actor=cast.bob)  # not held any more: nothing to record
    settings.CLAIM_LEASE_MINUTES = -1
    review.claim_post(post, actor=cast.erin)
    assert review.release_stale_claims() == 1 and review.release_stale_claims() == 0
    events = list(AuditEvent.objects.filter(post=post, verb__in=["claim", "release", "claim_expire"])
                  .order_by("id").values_list("verb", "actor__username"))
    assert events == [("claim", "bob"), ("release", "bob"), ("claim", "erin"), ("claim_expire", None)]
    assert AuditEvent.objects.get(verb=Verb.CLAIM_EXPIRE).data["editor"] == cast.erin.pk


def test_login_blocks_and_restores_name_the_admin(cast, submit):
    """第五章 3: a Level 2 blocks the login, lifting it restores it — both recorded with the admin."""
    submit()
    penalty = penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="level2", reason="严重违规",
                                      clause="5.4-IV.6")
    cast.alice.refresh_from_db()
    assert not cast.alice.is_active
    penalties.lift_penalty(penalty, actor=cast.dora, reason="复核后解除")
    cast.alice.refresh_from_db()
    assert cast.alice.is_active
    logins = list(AuditEvent.objects.filter(verb__in=["login_block", "login_restore"]).order_by("id")
                  .values_list("verb", "actor__username", "author__user__username"))
    assert logins == [("login_block", "dora", "alice"), ("login_restore", "dora", "alice")]
    # the queued post is refused (第五章3: all the author's posts withdrawn)
    assert {"level2_propose", "level2_confirm", "penalty_issue", "reject", "penalty_lift"} <= set(
        verbs(author=cast.alice.author))


def test_an_upheld_appeal_records_the_assessment_overturn(cast, submit):
    decision = decide(submit(), cast.bob, "return", ["BODY_PROMO"])
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice, decision=decision, text="是引用")
    appeals.decide_appeal(appeal, actor=cast.dora, upheld=True, response="核实为引用")
    overturn = AuditEvent.objects.get(verb=Verb.ASSESSMENT_OVERTURN)
    assert overturn.actor == cast.dora and overturn.post == decision.post and overturn.data["decision"] == decision.pk
    assert verbs(author=cast.alice.author, verb__in=["appeal_file", "penalty_overturn", "reinstate", "appeal_uphold"]) \
        == ["appeal_file", "penalty_overturn", "reinstate", "appeal_uphold"]


def test_identity_records_and_links_name_the_admin(cast, client):
    identity.record_identity(cast.alice.author, actor=cast.dora, phone="13800138000")
    identity.link_accounts(cast.alice.author, cast.charlie.author, actor=cast.dora, reason="同一人")
    recorded = AuditEvent.objects.get(verb=Verb.IDENTITY_RECORD)
    assert recorded.actor == cast.dora and recorded.data == {"kinds": ["phone"]}
    assert "13800138000" not in str(AuditEvent.objects.values_list("data", flat=True))  # hashes only, never values
    assert AuditEvent.objects.get(verb=Verb.ACCOUNT_LINK).data["other"] == cast.charlie.author.pk
    # the trail names the linked account by its username, not by the author's ID
    client.force_login(cast.dora)
    page = client.get(reverse("audit_trail"), {"verb": "account_link"}).content.decode()
    assert row_details(page, "account_link") == "原因：同一人 · 关联作者：charlie"


def test_a_failed_action_leaves_no_event(cast, submit):
    decide(submit(), cast.bob, "return", ["BODY_PROMO"])
    penalty = Penalty.objects.get()
    penalties.lift_penalty(penalty, actor=cast.dora, reason="解除")
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):
        penalties.lift_penalty(penalty, actor=cast.dora, reason="再解除一次")
    assert AuditEvent.objects.count() == before


def test_the_admin_reads_a_posts_and_an_authors_trail_newest_first_by_actor_and_verb(cast, client, submit):
    post = submit()
    decide(post, cast.bob, "return", ["BODY_PROMO"])
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="level1", reason="管理员复核")
    client.force_login(cast.dora)
    page = client.get(reverse("audit_trail"), {"post": post.pk}).content.decode()
    rows = [v for v in (AuditEvent.objects.filter(post=post).values_list("verb", flat=True))]
    assert f"#{post.pk}" in page and page.index('data-verb="return"') < page.index('data-verb="submit"')
    assert page.count("data-verb=") == len(rows)
    by_bob = client.get(reverse("audit_trail"), {"post": post.pk, "actor": "bob"}).content.decode()
    assert by_bob.count("data-verb=") == AuditEvent.objects.filter(post=post, actor=cast.bob).count() >= 2
    system = client.get(reverse("audit_trail"), {"post": post.pk, "actor": "系统"}).content.decode()
    assert 'data-verb="start_scoring"' in system and 'data-verb="return"' not in system
    author = client.get(reverse("audit_trail"), {"author": cast.alice.author.pk, "verb": "penalty_issue"}).content.decode()
    assert author.count('data-verb="penalty_issue"') == 2 and "管理员复核" in author
    assert list(trail(author=cast.alice.author, verb="penalty_issue").values_list("actor__username", flat=True)) \
        == ["dora", None]  # newest first


def test_the_trails_details_give_times_in_local_time_and_lists_as_lists(cast, client, submit):
    """An event's end of a ban reads as the page's other times do (Beijing time, to the minute), not as
    the stored UTC ISO string; a decision's reasons as a list, not as Python's repr of one."""
    decide(submit(), cast.bob, "return", ["BODY_PROMO", "BODY_NO_IMAGE"])
    penalty = Penalty.objects.get()
    client.force_login(cast.dora)
    page = client.get(reverse("audit_trail"), {"author": cast.alice.author.pk}).content.decode()
    ends = timezone.localtime(penalty.ends_at)
    assert f"截止：</span>{ends:%Y-%m-%d %H:%M}" in page and "Z" not in page.split("截止：</span>")[1][:25]
    assert "理由：</span>BODY_PROMO, BODY_NO_IMAGE" in page and "[&#x27;BODY_PROMO" not in page


def row_details(page: str, verb: str) -> str:
    """The text of the details cell of the first row of ``verb`` on the audit page."""
    row = re.search(rf'<tr data-verb="{verb}">.*?<td class="small">(.*?)</td>', page, re.S).group(1)
    return unescape(re.sub(r"<[^>]+>", "", row))


def test_a_penalty_events_details_are_labelled_and_said_in_the_readers_language(cast, client, submit):
    """A Level 1 penalty's event reads 级别：一级处罚 · 原因：…（第五章4-二） · 截止：… in Chinese and Level:
    Level-1 penalty · Reason: … (Ch. 5.4-II) · Ends: … in English — not the stored keys and values
    (level level1, warning False), and each fact once: the ladder's sentence (一级处罚：…，至….原因：…) said
    under "Reason:" read "Reason: Level-1 penalty: … Reason: …", the level, the end and the clause twice."""
    post = submit()
    decide(post, cast.bob, "return", ["BODY_PROMO"])
    penalty, decision = Penalty.objects.get(), post.decisions.get()
    ends = f"{timezone.localtime(penalty.ends_at):%Y-%m-%d %H:%M}"
    client.force_login(cast.dora)
    expected = {
        "zh-hans": {"said": ("级别：</span>一级处罚", f"截止：</span>{ends}", f"审核决定</span> #{decision.pk}",
                             f'<td class="muted">处罚 #{penalty.pk}</td>'),  # what it was done to, in words
                    "cause": "原因：发布与定位不符或有广告嫌疑的内容（正文含促销信息）（第五章4-二）",
                    "once": ("原因：", "一级处罚", "第五章4-二"),
                    "not_in_row": ("北京时间",),  # the end once, as 截止：<local time>, not again inside the reason
                    "not_in_page": (">level</span>", "level1"), "not_in_assessed": ("False",),
                    "warning": "警告：</span>否", "consequence": "处理后果：一级处罚：文章不通过（下线）"},
        "en": {"said": ("Level: </span>Level-1 penalty", f"Ends: </span>{ends}", f"Decision</span> #{decision.pk}",
                        f'<td class="muted">Penalty #{penalty.pk}</td>'),
               "cause": "Reason: Publishing content that does not fit the positioning or looks like advertising",
               "once": ("Reason:", "Level-1 penalty", "Ch. 5.4-II"),
               "not_in_row": (), "not_in_page": ("级别", "level1"), "not_in_assessed": (),
               "warning": "Warning: </span>No", "consequence": "Consequence: Level-1 penalty: the post does not pass"},
    }
    for language, want in expected.items():
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(reverse("audit_trail"), {"author": cast.alice.author.pk, "verb": "penalty_issue"}).content.decode()
        for said in want["said"]:
            assert said in page, said
        row = row_details(page, "penalty_issue")
        assert want["cause"] in row, row
        for once in want["once"]:
            assert row.count(once) == 1, (once, row)
        assert not [x for x in want["not_in_row"] if x in row] and not [x for x in want["not_in_page"] if x in page]
        assessed = client.get(reverse("audit_trail"), {"author": cast.alice.author.pk, "verb": "assess"}).content.decode()
        assert want["warning"] in assessed and not [x for x in want["not_in_assessed"] if x in assessed]
        # an assessment's stored "reason" is its outcome: the whole sentence, as the consequence
        assert row_details(assessed, "assess").startswith(want["consequence"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    returned = client.get(reverse("audit_trail"), {"post": post.pk, "verb": "return"}).content.decode()
    assert returned.index("原状态：</span>待审核") < returned.index("新状态：</span>退回修改")  # in reading order


def test_an_expired_claim_names_the_editor_who_held_it(cast, client, submit, settings):
    """The system releases a lease that ran out; the trail says whose it was by name, not by user ID."""
    post = submit()
    settings.CLAIM_LEASE_MINUTES = -1
    review.claim_post(post, actor=cast.erin)
    review.release_stale_claims()
    client.force_login(cast.dora)
    page = client.get(reverse("audit_trail"), {"post": post.pk, "verb": "claim_expire"}).content.decode()
    assert row_details(page, "claim_expire") == "编辑：erin"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("audit_trail"), {"post": post.pk, "verb": "claim_expire"}).content.decode()
    assert row_details(page, "claim_expire") == "Editor: erin"


def test_an_outcome_reads_in_the_readers_language(cast, client):
    log_event(cast.dora, Verb.DECISION_UNDO, cast.alice.author, outcome="return")
    client.force_login(cast.dora)
    assert "结论：</span>退回修改" in client.get(reverse("audit_trail")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Outcome: </span>Return for revision" in client.get(reverse("audit_trail")).content.decode()


def test_a_detail_the_page_does_not_know_shows_its_key_and_value(cast, client):
    log_event(cast.dora, Verb.AUTHOR_IMPORT, cast.alice.author, username="alice", shard=3)
    client.force_login(cast.dora)
    page = client.get(reverse("audit_trail"), {"author": cast.alice.author.pk}).content.decode()
    assert "用户名：</span>alice" in page and "shard：</span>3" in page


def test_only_admins_read_the_trail(cast, client):
    for user in (cast.alice, cast.bob):
        client.force_login(user)
        assert client.get(reverse("audit_trail")).status_code == 403


def test_a_dismissed_false_alarm_and_its_restore_are_recorded(cast, submit, client):
    """An editor marks a finding as a false alarm from the review screen, then restores it: the queue's
    risk counts follow, and each step is an audit event naming the editor and the rule."""
    post = submit(title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    finding = post.current_revision.findings.filter(severity="block").first()
    blocks = post.block_count
    client.force_login(cast.bob)
    client.get(reverse("review", args=[post.pk]))
    client.post(reverse("dismiss_finding", args=[finding.pk]))
    post.refresh_from_db()
    assert post.block_count == blocks - 1
    client.post(reverse("dismiss_finding", args=[finding.pk]), {"undo": "1"})
    post.refresh_from_db()
    assert post.block_count == blocks
    steps = list(AuditEvent.objects.filter(post=post, verb__in=["dismiss_finding", "restore_finding"])
                 .order_by("id").values_list("verb", "actor__username", "data__rule"))
    assert steps == [("dismiss_finding", "bob", finding.rule), ("restore_finding", "bob", finding.rule)]


def test_the_trail_names_each_step_in_the_readers_language(cast, client, submit):
    """The verbs (and the verb filter) are English in the English UI and Chinese as before in Chinese."""
    post = submit()
    decide(post, cast.bob, "return", ["BODY_PROMO"])
    client.force_login(cast.dora)
    chinese = client.get(reverse("audit_trail"), {"post": post.pk}).content.decode()
    assert "<td>提交</td>" in chinese and "<td>退回修改</td>" in chinese and "<td>认领</td>" in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("audit_trail"), {"post": post.pk}).content.decode()
    for said in ("<td>Submitted</td>", "<td>Returned for revision</td>", "<td>Claimed</td>",
                 '<option value="penalty_issue">Penalty issued</option>'):
        assert said in english, said
    assert "退回修改" not in english and "<td>提交</td>" not in english


def test_a_rule_drafts_events_read_as_words_not_as_stored_python(cast, client):
    """A draft's lexicon changes, thresholds and default title, and an import's resource, read as words
    in the reader's language — not as [['add', 'promo', '秒杀价']] or {'image_sharpness': 70}."""
    draft = rules.create_draft("", actor=cast.dora)
    rules.add_changes(draft, [{"op": "add", "lexicon": "promo", "term": "秒杀价"},
                              {"op": "remove", "lexicon": "promo", "term": "包邮"}], actor=cast.dora)
    rules.set_thresholds(draft, {"image_sharpness": 70}, actor=cast.dora)
    log_event(cast.dora, Verb.ADMIN_IMPORT, cast.alice.author, resource="LexiconEntryResource")
    client.force_login(cast.dora)

    def details_said(page):
        return [unescape(re.sub(r"<[^>]+>", "", row)) for row in re.findall(r'<td class="small">(.*?)</td>', page, re.S)]

    page = client.get(reverse("audit_trail")).content.decode()
    assert details_said(page) == ["导入内容：词库词条", "阈值：image_sharpness = 70", "改动：新增 promo：秒杀价、删除 promo：包邮",
                                  "标题：规则草稿"]
    assert f'<td class="muted">规则草稿 #{draft.pk}</td>' in page and f"ruledraft #{draft.pk}" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("audit_trail")).content.decode()
    assert details_said(page) == ["Imported: lexicon entries", "Thresholds: image_sharpness = 70",
                                  "Changes: add promo: 秒杀价, remove promo: 包邮", "Title: Untitled rule draft"]
    assert f'<td class="muted">Rule draft #{draft.pk}</td>' in page  # the model's own name, as the admin says it
    assert 'add promo: <span class="uc">秒杀价</span>' in page  # the admin's words, marked as such
