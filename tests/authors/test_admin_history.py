"""History cannot be rewritten from /admin/ (issue 15 item 2): decisions, findings, revisions, events and
violation records are read-only there; a post keeps its author; a penalty ends only through the lift
action with a reason; the admin writes that remain (author profiles, imports, tokens) are audited."""
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from authors.models import Penalty
from builders import decide
from factories import PARAGRAPHS
from moderation.actions.accounts import issue_api_token
from moderation.audit import AuditEvent, Verb
from moderation.models import Decision, Finding, Post, PostEvent, ViolationRecord

PROMO = "限时优惠，满300减50，点击链接立即购买，前100名下单再送耳机套。"


@pytest.fixture
def staff_dora(cast):
    cast.dora.is_staff = True
    cast.dora.save()
    return cast.dora


@pytest.fixture
def history(cast, submit):
    """A returned post with findings and a violation record and an active penalty, and an approval."""
    approved = submit(variant=0)
    decide(approved, cast.bob, "approve")
    returned = submit(paragraphs=[PROMO, *PARAGRAPHS[:3]])
    decide(returned, cast.bob, "return", ["BODY_PROMO"], "正文含满减")
    return returned, approved


def snapshot():
    """Every history row as plain values: what a refused attempt must leave exactly as it was."""
    return {model.__name__: sorted(map(str, model.objects.values_list()))
            for model in (Post, Decision, Finding, ViolationRecord, PostEvent, Penalty, AuditEvent)}


def attempts(cast, returned, approved):
    """(what, url, data) for each rewrite the issue found possible."""
    decision = returned.decisions.get()
    finding = Finding.objects.filter(revision__post=returned).first()
    record = ViolationRecord.objects.get()
    penalty = Penalty.objects.get()
    approval = approved.decisions.get()
    change = lambda model, pk: reverse(f"admin:{model}_change", args=[pk])  # noqa: E731
    delete = lambda model, pk: reverse(f"admin:{model}_delete", args=[pk])  # noqa: E731
    return [
        ("change a decision's outcome", change("moderation_decision", decision.pk),
         {"outcome": "approve", "reasons": "[]", "message": ""}),
        ("move a post to another author", change("moderation_post", returned.pk),
         {"author": cast.charlie.author.pk, "kind": returned.kind}),
        ("edit a finding", change("moderation_finding", finding.pk), {"severity": "info", "message": "无"}),
        ("delete a finding", delete("moderation_finding", finding.pk), {"post": "yes"}),
        ("edit a violation record", change("moderation_violationrecord", record.pk), {"title": "改写", "reasons": "[]"}),
        ("delete a violation record", delete("moderation_violationrecord", record.pk), {"post": "yes"}),
        ("delete an approval", delete("moderation_decision", approval.pk), {"post": "yes"}),
        ("delete an active penalty", delete("authors_penalty", penalty.pk), {"post": "yes"}),
        ("shorten an active penalty", change("authors_penalty", penalty.pk),
         {"ends_at_0": "2020-01-01", "ends_at_1": "00:00:00", "level": penalty.level}),
        ("delete a post", delete("moderation_post", returned.pk), {"post": "yes"}),
        ("delete an author", delete("authors_author", cast.alice.author.pk), {"post": "yes"}),
    ]


def test_every_rewrite_of_history_is_refused_and_changes_nothing(cast, client, staff_dora, history):
    returned, approved = history
    assert Finding.objects.filter(revision__post=returned).exists() and Penalty.objects.get().is_active(timezone.now())
    before = snapshot()
    client.force_login(staff_dora)
    for what, url, data in attempts(cast, returned, approved):
        assert client.post(url, data).status_code == 403, what
        assert snapshot() == before, what


def test_bulk_deletion_is_not_offered_on_history(cast, client, staff_dora, history):
    returned, approved = history
    before = snapshot()
    client.force_login(staff_dora)
    for model, ids in (("moderation_decision", [approved.decisions.get().pk]),
                       ("moderation_finding", list(Finding.objects.values_list("pk", flat=True))),
                       ("moderation_violationrecord", list(ViolationRecord.objects.values_list("pk", flat=True))),
                       ("authors_penalty", list(Penalty.objects.values_list("pk", flat=True)))):
        url = reverse(f"admin:{model}_changelist")
        page = client.get(url).content.decode()
        assert page and "delete_selected" not in page, model
        client.post(url, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
        assert snapshot() == before, model


def test_history_pages_still_open_read_only(cast, client, staff_dora, history):
    returned, _ = history
    client.force_login(staff_dora)
    page = client.get(reverse("admin:moderation_post_change", args=[returned.pk])).content.decode()
    assert "爱丽丝的数码笔记" in page and 'name="author"' not in page and 'name="_save"' not in page
    record = ViolationRecord.objects.get()
    assert client.get(reverse("admin:moderation_violationrecord_change", args=[record.pk])).status_code == 200
    # Violation records are exported, never imported (an import would rewrite them by id).
    assert client.get(reverse("admin:moderation_violationrecord_import")).status_code == 403


def test_an_import_cannot_rewrite_an_existing_penalty(cast, client, staff_dora, history):
    penalty = Penalty.objects.get()
    before = snapshot()
    client.force_login(staff_dora)
    csv = ("id,author,level,starts_at,ends_at,clause,reason,issued_by,lifted_at,admin_reason,overturned_at\n"
           f"{penalty.pk},alice,level1,2024-03-01 10:00:00,2024-03-02 10:00:00,5.4-II.4,改短,dora,"
           "2024-03-01 11:00:00,,\n")
    upload = SimpleUploadedFile("penalties.csv", csv.encode("utf-8"), content_type="text/csv")
    html = client.post(reverse("admin:authors_penalty_import"),
                       {"import_file": upload, "format": "0", "resource": "0"}).content.decode()
    assert "已存在，导入不能修改它" in html
    assert snapshot() == before


def test_an_author_profile_edit_is_audited_and_cannot_change_the_account(cast, client, staff_dora):
    author = cast.alice.author
    client.force_login(staff_dora)
    url = reverse("admin:authors_author_change", args=[author.pk])
    assert 'name="user"' not in client.get(url).content.decode()
    response = client.post(url, {"display_name": "爱丽丝评测", "category": "数码", "user": cast.charlie.pk})
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.display_name == "爱丽丝评测" and author.user == cast.alice
    event = AuditEvent.objects.get(verb=Verb.ADMIN_CHANGE, target_type="author")
    assert event.actor == staff_dora and event.data["fields"] == ["display_name"]
    # the trail names the field by its label on the admin's form, in the reader's language
    page = client.get(reverse("audit_trail"), {"author": author.pk, "verb": "admin_change"}).content.decode()
    assert "字段：</span>显示名称" in page and "display_name" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("audit_trail"), {"author": author.pk, "verb": "admin_change"}).content.decode()
    assert "Fields: </span>Display name" in page, page[page.find("Fields"):][:80]


def test_an_admin_revoking_a_token_is_audited(cast, client, staff_dora):
    issue_api_token(cast.alice, actor=cast.alice, name="同步脚本")
    token = cast.alice.api_tokens.get()
    client.force_login(staff_dora)
    assert client.post(reverse("admin:authors_apitoken_change", args=[token.pk]),
                       {"user": cast.charlie.pk, "name": "x"}).status_code == 403
    client.post(reverse("admin:authors_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert not cast.alice.api_tokens.exists()
    assert AuditEvent.objects.filter(verb=Verb.ADMIN_CHANGE, target_type="apitoken", actor=staff_dora).exists()


def test_the_admin_index_names_every_model_in_the_readers_language(client, staff_dora):
    """The Chinese admin listed 'Posts', 'Decisions', 'Findings', 'Api tokens', 'Historical 词库词条' among
    Chinese names: every model of ours has a name in both languages."""
    import re

    client.force_login(staff_dora)
    page = client.get(reverse("admin:index")).content.decode()
    names = re.findall(r'<th scope="row"[^>]*>\s*<a href="/admin/(?:authors|moderation)/[^"]+">([^<]+)</a>', page)
    assert len(names) >= 15 and "文章" in names and "词条修改记录" in names, names
    assert [n for n in names if re.search(r"[A-Za-z]{3,}", n) and n != "API令牌"] == [], names
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("admin:index")).content.decode()
    names = re.findall(r'<th scope="row"[^>]*>\s*<a href="/admin/(?:authors|moderation)/[^"]+">([^<]+)</a>', page)
    assert "Posts" in names and "Review decisions" in names and "Lexicon entry changes" in names, names
    assert not [n for n in names if re.search(r"[\u4e00-\u9fff]", n)], names
