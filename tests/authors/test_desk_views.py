"""The admin's desk and sign-up as a browser client sees them: who may open what, the standing page
explaining an author's position, the admin's actions, registration, and import/export."""
import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from authors.errors import RegistrationRefused
from authors.identity import marker_hash
from authors.models import IdentityMarker, Level2Proposal, Penalty, Whitelist
from moderation.audit import AuditEvent, Verb
from moderation.actions import accounts, appeals, identity, penalties, whitelist
from builders import decide

MANAGE_PAGES = ["admin_desk", "author_list", "appeal_queue", "low_pass_rate", "thresholds", "audit_trail"]


@pytest.fixture
def staff_dora(cast):
    cast.dora.is_staff = True
    cast.dora.save()
    return cast.dora


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_authors_and_editors_cannot_reach_the_admins_pages(cast, client, name):
    """第五章 3 (二级处罚由管理员确认), IDOR vertical (notes §4): the admin's desk answers 403 to authors
    and editors, login to strangers."""
    url = reverse(name)
    assert client.get(url).status_code == 302
    for user in (cast.alice, cast.bob):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(cast.dora)
    assert client.get(url).status_code == 200


def test_authors_and_editors_cannot_act_on_standing(cast, client, submit):
    """第五章 3: only admins lift, issue or confirm; an editor's POST changes nothing."""
    decide(submit(), cast.bob, "reject", ["BODY_HEALTH_CLAIM"])
    penalty = Penalty.objects.get()
    proposal = Level2Proposal.objects.get()
    author = cast.alice.author
    client.force_login(cast.bob)
    posts = [(reverse("penalty_lift", args=[penalty.pk]), {"reason": "x"}),
             (reverse("proposal_decide", args=[proposal.pk, "confirm"]), {}),
             (reverse("penalty_issue", args=[author.pk]), {"level": "level1", "reason": "x"}),
             (reverse("whitelist_change", args=[author.pk]), {"action": "grant", "reason": "x"}),
             (reverse("author_standing", args=[author.pk]), {})]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert Penalty.objects.get().lifted_at is None and Level2Proposal.objects.get().status == "pending"
    assert not Whitelist.objects.exists()


def test_authors_and_editors_cannot_reach_the_django_admin(cast, client):
    """第五章 admin pages: penalties in the Django admin are for staff admins only."""
    for user in (cast.alice, cast.bob):
        client.force_login(user)
        response = client.get(reverse("admin:authors_penalty_changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_standing_page_says_why(cast, client, submit):
    """第五章 3–4: the standing page shows the ban with its end, the clause, the decision's reasons and
    the pending Level 2 with its evidence and a confirm button."""
    first, second = submit(), submit()
    decide(first, cast.bob, "return", ["BODY_PROMO"], "正文含满减")
    decide(second, cast.bob, "reject", ["BODY_HEALTH_CLAIM"], "夸大功效")
    client.force_login(cast.dora)
    html = client.get(reverse("author_standing", args=[cast.alice.author.pk])).content.decode()
    for text in ("当前禁令", "一级处罚", "5.4-II", "正文含促销信息", "待确认的二级处罚", "第五章4-四.5",
                 "确认二级处罚", "受到一级处罚超过1次", "白名单", "关联账号", "审核通过率", "0%",
                 reverse("review", args=[second.pk])):
        assert text in html, text


def test_the_admin_confirms_level2_from_the_standing_page(cast, client, submit):
    """第五章 3 二级处罚: confirmed from the standing page by an admin."""
    decide(submit(), cast.bob, "reject", ["BODY_HEALTH_CLAIM"])
    proposal = Level2Proposal.objects.get()
    client.force_login(cast.dora)
    response = client.post(reverse("proposal_decide", args=[proposal.pk, "confirm"]), {"reason": "证据确凿"}, follow=True)
    assert "已确认二级处罚" in response.content.decode()
    assert Penalty.objects.filter(level="level2", issued_by=cast.dora).exists()
    cast.alice.refresh_from_db()
    assert not cast.alice.is_active


def test_the_admin_lifts_and_issues_from_the_standing_page(cast, client, submit, staff_dora):
    """第五章 3: lift with a reason, issue a Level 1; a lift without a reason is refused; the audit
    trail shows who lifted it and why."""
    decide(submit(), cast.bob, "return", ["BODY_PROMO"])
    penalty = Penalty.objects.get()
    client.force_login(staff_dora)
    response = client.post(reverse("penalty_lift", args=[penalty.pk]), {"reason": ""}, follow=True)
    assert "请填写原因" in response.content.decode()
    client.post(reverse("penalty_lift", args=[penalty.pk]), {"reason": "编辑误判，已复核"})
    assert Penalty.objects.get(pk=penalty.pk).lifted_by == staff_dora
    trail = client.get(reverse("audit_trail"), {"author": cast.alice.author.pk, "verb": "penalty_lift"}).content.decode()
    assert "编辑误判，已复核" in trail and "dora" in trail and "解除处罚" in trail
    client.post(reverse("penalty_issue", args=[cast.charlie.author.pk]),
                {"level": "level1", "reason": "多次发布无关内容", "clause": "5.4-II.2"})
    issued = Penalty.objects.get(author=cast.charlie.author)
    assert issued.level == "level1" and issued.issued_by == cast.dora and issued.clause == "5.4-II.2"


def test_the_standing_page_has_a_bounded_number_of_queries(cast, client, submit, django_assert_max_num_queries):
    """第五章 3–4 standing page, no N+1: the standing page's queries do not grow with the author's history."""
    for post in [submit() for _ in range(3)]:
        decide(post, cast.bob, "return", ["TITLE_LENGTH"])
    client.force_login(cast.dora)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("author_standing", args=[cast.alice.author.pk])).status_code == 200


def test_registration_keeps_only_hashes(client, cast):
    """第五章 3 (不允许再次注册) groundwork: markers are kept as HMAC hashes, never in clear."""
    response = client.post(reverse("register"), {
        "username": "frank", "password": "a-Long-pass-2026", "password2": "a-Long-pass-2026",
        "display_name": "弗兰克测评", "category": "数码", "phone": "139-0013-9000", "email": "Frank@Example.com",
        "id_number": "11010519491231002X"})
    assert response.status_code == 302 and response["Location"] == reverse("my_posts")
    markers = IdentityMarker.objects.filter(author__user__username="frank")
    assert sorted(m.kind for m in markers) == ["email", "id_number", "phone"]
    stored = " ".join(m.value_hash for m in markers)
    assert "13900139000" not in stored and "frank@example.com" not in stored.lower()
    assert markers.get(kind="email").value_hash == marker_hash("email", "frank@example.com")
    from django.contrib.auth.models import User
    assert User.objects.get(username="frank").email == ""


def test_registration_validates_the_form(client, cast):
    """第五章 3 (不允许再次注册) sign-up: a clear Chinese message for each bad field."""
    html = client.post(reverse("register"), {
        "username": "alice", "password": "a-Long-pass-2026", "password2": "other", "display_name": "x",
        "phone": "12345", "email": "nope"}).content.decode()
    for text in ("该用户名已被使用", "两次输入的密码不一致", "有效的中国大陆手机号"):
        assert text in html


def test_accounts_sharing_a_marker_are_linked(cast, client):
    """第五章 3 关联账号: a shared phone hash links accounts; an admin can link by hand."""
    identity.record_identity(cast.alice.author, actor=None, phone="13800138000")
    twin = accounts.register_author(username="alice2", password="pw-x-12345678", display_name="小号",
                                    phone="13800138000", email="a2@example.com")
    identity.link_accounts(twin, cast.charlie.author, actor=cast.dora, reason="同一设备登录")
    from authors.records import linked_authors
    assert {k: [str(w) for w in v] for k, v in linked_authors(cast.alice.author).items()} == {
        twin.pk: ["相同手机号"], cast.charlie.author.pk: ["管理员关联：同一设备登录"]}
    client.force_login(cast.dora)
    url = reverse("author_standing", args=[cast.alice.author.pk])
    assert "相同手机号" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Same phone number" in english and 'Linked by an admin: <span class="uc">同一设备登录</span>' in english
    assert "相同手机号" not in english and "管理员关联" not in english


def test_admin_import_dry_run_writes_nothing(cast, client, staff_dora):
    """第五章 admin tools: a penalty CSV import shows a preview first and writes nothing until confirmed."""
    client.force_login(staff_dora)
    csv = ("id,author,level,starts_at,ends_at,clause,reason,issued_by,lifted_at,admin_reason,overturned_at\n"
           ",alice,level1,2024-03-01 10:00:00,2024-03-08 10:00:00,5.4-II.4,历史处罚导入,dora,,,\n")
    upload = SimpleUploadedFile("penalties.csv", csv.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("admin:authors_penalty_import"), {"import_file": upload, "format": "0",
                                                                       "resource": "0"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "历史处罚导入" in html and "confirm" in html.lower()
    assert not Penalty.objects.exists()


def test_admin_import_confirmed_writes_with_an_audit_event(cast, client, staff_dora):
    """第五章 admin tools: after the preview, confirming the import writes the rows, each audited."""
    client.force_login(staff_dora)
    csv = ("id,author,level,starts_at,ends_at,clause,reason,issued_by,lifted_at,admin_reason,overturned_at\n"
           ",alice,level1,2024-03-01 10:00:00,2024-03-08 10:00:00,5.4-II.4,历史处罚导入,dora,,,\n")
    upload = SimpleUploadedFile("penalties.csv", csv.encode("utf-8"), content_type="text/csv")
    preview = client.post(reverse("admin:authors_penalty_import"),
                          {"import_file": upload, "format": "0", "resource": "0"})
    form = preview.content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    response = client.post(reverse("admin:authors_penalty_process_import"), hidden)
    assert response.status_code == 302
    penalty = Penalty.objects.get()
    assert penalty.author == cast.alice.author and penalty.clause == "5.4-II.4"
    event = AuditEvent.objects.get(target_type="penalty", target_id=penalty.pk)
    assert event.verb == Verb.ADMIN_IMPORT and event.actor == staff_dora and event.author == cast.alice.author


def test_author_import_dry_run_creates_no_account(cast, client, staff_dora):
    """第五章 admin tools, authors' import: a new username in the preview creates nothing until confirmed."""
    from django.contrib.auth.models import User

    client.force_login(staff_dora)
    csv = "username,display_name,category,licensed_health,licensed_adult,news_posting_closed,created_at\n" \
          "grace,格蕾丝母婴,母婴,0,0,0,\n"
    upload = SimpleUploadedFile("authors.csv", csv.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("admin:authors_author_import"), {"import_file": upload, "format": "0",
                                                                      "resource": "0"})
    assert response.status_code == 200 and "格蕾丝母婴" in response.content.decode()
    assert not User.objects.filter(username="grace").exists()


def test_admin_exports_penalties_and_violation_records_as_xlsx(cast, client, staff_dora, submit):
    """第五章 admin tools: export penalties and violation records (XLSX is a zip)."""
    decide(submit(), cast.bob, "return", ["BODY_PROMO"])
    client.force_login(staff_dora)
    for name, rows in (("admin:authors_penalty_export", 1), ("admin:moderation_violationrecord_export", 1),
                       ("admin:authors_author_export", 2)):
        form = client.get(reverse(name)).content.decode()
        columns = dict.fromkeys(re.findall(r'name="(\w+resource_\w+)"', form), "on")
        response = client.post(reverse(name), {"format": "1", "resource": "0", **columns})
        assert response.status_code == 200 and response.content[:2] == b"PK", name
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row == 1 + rows, name  # the header, then the rows


def test_editors_cannot_import(cast, client):
    """第五章 admin tools: only the desk's admins import, even if an editor were staff."""
    cast.bob.is_staff = True
    cast.bob.save()
    client.force_login(cast.bob)
    assert client.get(reverse("admin:authors_penalty_import")).status_code in (302, 403)


def test_every_standing_admin_page_opens(cast, client, submit, staff_dora):
    """第五章 admin tools: each list, change and history page of the standing models opens for an admin."""
    post = submit()
    decide(post, cast.bob, "reject", ["BODY_HEALTH_CLAIM"])
    whitelist.grant_whitelist(cast.charlie.author, actor=staff_dora, reason="合作作者")
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice.author.user, decision=post.decisions.get(), text="请复核")
    rows = {"author": cast.alice.author, "penalty": Penalty.objects.first(), "appeal": appeal,
            "level2proposal": Level2Proposal.objects.get(), "whitelist": Whitelist.objects.get()}
    client.force_login(staff_dora)
    for model in ("author", "penalty", "level2proposal", "whitelist", "appeal", "assessment", "auditsample",
                  "identitymarker", "accountlink"):
        assert client.get(reverse(f"admin:authors_{model}_changelist")).status_code == 200, model
        if model in rows:
            for view in ("change", "history"):
                url = reverse(f"admin:authors_{model}_{view}", args=[rows[model].pk])
                assert client.get(url).status_code == 200, (model, view)
    assert client.get(reverse("admin:authors_penalty_changelist") + "?active=yes").status_code == 200


def test_an_admin_records_a_legacy_accounts_markers(cast, client):
    """第五章 3 (不允许再次注册): an account made before sign-up existed gets its markers from an admin,
    hashed, so a Level 2 on it refuses the person's new registration."""
    client.force_login(cast.dora)
    url = reverse("record_identity", args=[cast.alice.author.pk])
    assert "至少填写一项" in client.post(url, {}, follow=True).content.decode()
    client.post(url, {"phone": "13800138000"})
    assert IdentityMarker.objects.get(author=cast.alice.author).value_hash == \
        marker_hash("phone", "13800138000")
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="level2", reason="严重违规", clause="5.4-IV.6")
    with pytest.raises(RegistrationRefused, match="不允许再次注册"):
        accounts.register_author(username="newalice", password="pw-x-12345678", display_name="新号",
                                 phone="138-0013-8000", email="n@example.com")


def test_the_standing_page_says_the_ladders_sentences_in_the_readers_language(cast, client):
    """The posting right, the whitelist progress and eligibility, the week labels and an admin's penalty:
    in English (what the admin wrote left as written), and in Chinese exactly as before."""
    penalties.issue_penalty(cast.charlie.author, actor=cast.dora, level="level1", reason="刷屏", clause="5.4-II.2")
    end = timezone.localtime(Penalty.objects.get().ends_at, ZoneInfo("Asia/Shanghai"))
    monday = timezone.localtime(timezone.now(), ZoneInfo("Asia/Shanghai")).date()
    monday -= timedelta(days=monday.weekday())
    sunday = monday + timedelta(days=6)
    client.force_login(cast.dora)
    url = reverse("author_standing", args=[cast.charlie.author.pk])
    chinese = client.get(url).content.decode()
    for said in (f"发文权限已关闭，{end.year}年{end.month}月{end.day}日 {end:%H:%M}（北京时间）后恢复。",
                 "本周发文0/10篇，暂无审核结果；上周发文0/10篇，暂无审核结果",
                 f"{monday.month}月{monday.day}日–{sunday.month}月{sunday.day}日", "发文0篇，不足10篇；",
                 '管理员处罚：<span class="uc">刷屏</span>', "（北京时间，到期自动恢复）"):
        assert said in chinese, said
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    for said in (f"Posting is closed until {end:%Y-%m-%d %H:%M} (Beijing time).",
                 "This week 0/10 posts, no decisions yet; last week 0/10 posts, no decisions yet",
                 f"This week (in progress) {monday.month}/{monday.day}–{sunday.month}/{sunday.day}",
                 "0 posts, fewer than 10; ", 'Admin penalty: <span class="uc">刷屏</span>',
                 " (Beijing time; restored automatically when it ends)"):
        assert said in english, said
    for chinese_only in ("发文权限已关闭", "暂无审核结果", "管理员处罚", "不足10篇", "北京时间"):
        assert chinese_only not in english, chinese_only


def _flash(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_refusals_are_said_in_the_readers_language(cast, client, submit):
    """A refused action tells the admin and the author why in English with the English UI, and in
    Chinese exactly as before: lifting a penalty that has ended, editing a rejected post."""
    penalties.issue_penalty(cast.charlie.author, actor=cast.dora, level="level1", reason="刷屏")
    penalty = Penalty.objects.get()
    penalties.lift_penalty(penalty, actor=cast.dora, reason="误判")
    client.force_login(cast.dora)
    lift = reverse("penalty_lift", args=[penalty.pk])
    assert _flash(client.post(lift, {"reason": "再解除一次"}, follow=True)) == "该处罚已经结束，无需解除。"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _flash(client.post(lift, {"reason": "again"}, follow=True)) == \
        "This penalty has already ended; there is nothing to lift."
    post = submit()
    decide(post, cast.bob, "reject", ["BODY_PROMO"])
    client.force_login(cast.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    edit = reverse("edit_post", args=[post.pk])
    assert _flash(client.get(edit, follow=True)) == "文章已被退稿不用，不能再修改或提交。"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _flash(client.get(edit, follow=True)) == "The post has been rejected for good; it cannot be edited or submitted."
