"""Lexicons are data admins own: a change takes effect on the next check, without a restart; an admin's
edit, list action or import goes into a rule draft first (issue 14) and is live only once published;
imports preview before they write; every change is in the audit trail."""
import io

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from factories import PARAGRAPHS, post_document, uploads_for
from moderation import lexicon_store, scoring
from moderation.checks import segment
from moderation.models import DraftChange, LexiconEntry, LexiconVersion, RuleDraft
from moderation.actions import submission

NEW_PLATFORM = "喵喵购"
CHANGELIST = "admin:moderation_lexiconentry_changelist"


@pytest.fixture
def dora_staff(cast):
    cast.dora.is_staff = True
    cast.dora.save()
    return cast.dora


def submit_and_score(cast, capture, run_worker, paragraph):
    document = post_document(paragraphs=PARAGRAPHS[:3] + [paragraph])
    with capture(execute=True):
        post = submission.submit_post(cast.alice.author, document=document, uploads=uploads_for(document),
                                    actor=cast.alice)
    run_worker()
    post.refresh_from_db()
    return post


def competitor_excerpts(post) -> list[str]:
    return [f.excerpt for f in post.current_revision.findings.filter(rule="BODY_COMPETITOR")]


def publish(client, draft):
    """Publish a draft from its page, as the admin would after a backtest."""
    response = client.post(reverse("manage_draft", args=[draft.pk]), {"action": "publish"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == RuleDraft.Status.PUBLISHED


def draft_changes(draft) -> list[tuple]:
    return [(c.op, c.lexicon, c.term, c.canonical, c.note) for c in draft.changes.all()]


def self_check_rules(author, text: str) -> list[tuple[str, str]]:
    _, found = scoring.self_check(author, post_document(paragraphs=PARAGRAPHS[:3] + [text]))
    return [(f.rule, f.excerpt) for f in found]


def test_the_shipped_files_are_loaded_and_checks_read_the_database(db):
    assert LexiconEntry.objects.filter(lexicon="competitor", term="拼多多", active=True).exists()
    lexicons = lexicon_store.current_lexicons()
    assert lexicons.version.startswith("db-")
    assert lexicons.canonical_map("brand") == lexicon_store.Lexicons.default().canonical_map("brand")


def test_a_new_competitor_term_is_used_by_the_next_scoring_and_dropped_once_deactivated(
        cast, scoring_queue, run_worker, django_capture_on_commit_callbacks):
    lexicon_store.current_lexicons()  # this process has compiled the current version already
    paragraph = f"朋友说{NEW_PLATFORM}上也有这款耳机，不过我还是在这里买的，售后更放心一些，物流也很快。"
    before = submit_and_score(cast, django_capture_on_commit_callbacks, run_worker, paragraph)
    assert NEW_PLATFORM not in competitor_excerpts(before)

    entry = LexiconEntry.objects.create(lexicon="competitor", term=NEW_PLATFORM, canonical=NEW_PLATFORM)
    added = submit_and_score(cast, django_capture_on_commit_callbacks, run_worker, paragraph)
    assert NEW_PLATFORM in competitor_excerpts(added)

    entry.active = False
    entry.save()
    dropped = submit_and_score(cast, django_capture_on_commit_callbacks, run_worker, paragraph)
    assert NEW_PLATFORM not in competitor_excerpts(dropped)


def test_every_kind_of_write_bumps_the_version(db):
    version = LexiconVersion.current()
    LexiconEntry.objects.filter(lexicon="competitor", term="拼多多").update(note="改备注")
    assert LexiconVersion.current() > version
    version = LexiconVersion.current()
    LexiconEntry.objects.filter(lexicon="competitor", term="拼多多").delete()
    assert LexiconVersion.current() > version
    assert "拼多多" not in lexicon_store.current_lexicons().canonical_map("competitor")


def test_an_admin_deactivates_a_term_in_a_draft_and_publishing_it_is_audited(cast, dora_staff, client):
    sentence = "拼多多上也能买到同款。"
    assert ("BODY_COMPETITOR", "拼多多") in self_check_rules(cast.alice.author, sentence)
    entry = LexiconEntry.objects.get(lexicon="competitor", term="拼多多")
    client.force_login(dora_staff)
    response = client.post(reverse(CHANGELIST), {
        "action": "deactivate", "_selected_action": [entry.pk], "index": 0,
    })
    assert response.status_code == 302

    entry.refresh_from_db()
    assert entry.active  # the live entry is untouched: the change waits in a draft
    assert ("BODY_COMPETITOR", "拼多多") in self_check_rules(cast.alice.author, sentence)
    draft = RuleDraft.objects.get(created_by=dora_staff, status=RuleDraft.Status.DRAFT)
    assert draft_changes(draft) == [("remove", "competitor", "拼多多", entry.canonical, entry.note)]

    publish(client, draft)
    entry.refresh_from_db()
    assert not entry.active and entry.updated_by == dora_staff
    assert ("BODY_COMPETITOR", "拼多多") not in self_check_rules(cast.alice.author, sentence)
    latest = entry.history.first()
    assert latest.history_user == dora_staff and latest.history_change_reason == f"规则草稿 #{draft.pk}"
    change = latest.diff_against(latest.prev_record).changes
    assert [(c.field, c.old, c.new) for c in change if c.field == "active"] == [("active", True, False)]


def test_an_admins_change_form_edit_goes_into_a_draft_and_is_live_only_once_published(cast, dora_staff, client):
    entry = LexiconEntry.objects.get(lexicon="competitor", term="唯品会")
    sentence = "唯品仓和唯品会上也能买到同款。"
    client.force_login(dora_staff)
    response = client.post(reverse("admin:moderation_lexiconentry_change", args=[entry.pk]), {
        "lexicon": "competitor", "term": "唯品仓", "canonical": "唯品会", "note": "", "active": "on",
    })
    draft = RuleDraft.objects.get(created_by=dora_staff, status=RuleDraft.Status.DRAFT)
    assert response.status_code == 302 and response["Location"] == reverse("manage_draft", args=[draft.pk])
    assert draft_changes(draft) == [("remove", "competitor", "唯品会", "唯品会", ""),
                                    ("add", "competitor", "唯品仓", "唯品会", "")]
    entry.refresh_from_db()
    assert entry.term == "唯品会" and entry.active and entry.history.count() == 1
    found = self_check_rules(cast.alice.author, sentence)
    assert ("BODY_COMPETITOR", "唯品会") in found and ("BODY_COMPETITOR", "唯品仓") not in found

    # a second edit joins the same open draft
    other = LexiconEntry.objects.get(lexicon="competitor", term="拼多多")
    client.post(reverse("admin:moderation_lexiconentry_change", args=[other.pk]), {
        "lexicon": "competitor", "term": "拼多多", "canonical": other.canonical, "note": "主要竞品",
        "active": "on"})
    assert draft_changes(draft)[-1] == ("add", "competitor", "拼多多", other.canonical, "主要竞品")
    assert RuleDraft.objects.count() == 1

    publish(client, draft)
    found = self_check_rules(cast.alice.author, sentence)
    assert ("BODY_COMPETITOR", "唯品仓") in found and ("BODY_COMPETITOR", "唯品会") not in found
    assert LexiconEntry.objects.get(lexicon="competitor", term="拼多多").note == "主要竞品"
    assert LexiconEntry.objects.get(lexicon="competitor", term="唯品仓").history.first().history_user == dora_staff


def test_the_admin_deletes_no_entry_and_a_history_revert_waits_in_a_draft(dora_staff, client):
    entry = LexiconEntry.objects.get(lexicon="competitor", term="拼多多")
    client.force_login(dora_staff)
    assert client.post(reverse("admin:moderation_lexiconentry_delete", args=[entry.pk]), {"post": "yes"}
                       ).status_code == 403
    client.post(reverse(CHANGELIST), {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert LexiconEntry.objects.filter(pk=entry.pk, active=True).exists()

    record = entry.history.first()
    response = client.post(reverse("admin:moderation_lexiconentry_simple_history", args=[entry.pk, record.history_id]), {
        "lexicon": "competitor", "term": "拼多多", "canonical": entry.canonical, "note": entry.note})  # active off
    assert response.status_code == 302
    assert LexiconEntry.objects.get(pk=entry.pk).active
    assert draft_changes(RuleDraft.objects.get(created_by=dora_staff))[0][:3] == ("remove", "competitor", "拼多多")


def test_the_admin_group_may_manage_lexicons(cast):
    assert cast.dora.has_perm("moderation.change_lexiconentry")
    assert not cast.bob.has_perm("moderation.change_lexiconentry")


def _csv(rows: list[list[str]], header=("lexicon", "term", "canonical", "note")) -> bytes:
    data = tablib.Dataset(*rows, headers=list(header))
    return data.export("csv").encode("utf-8")


def _preview(client, content: bytes, name: str, fmt: int):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("admin:moderation_lexiconentry_import"), {"import_file": upload, "format": fmt})


def test_an_import_previews_without_writing_and_once_confirmed_fills_a_draft(dora_staff, client):
    client.force_login(dora_staff)
    version = LexiconVersion.current()
    content = _csv([["competitor", NEW_PLATFORM, NEW_PLATFORM, "新出现的平台"],
                    ["competitor", " 拼多多 ", "拼多多", "备注改了"]])

    preview = _preview(client, content, "lexicons.csv", 0)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 1 and result.totals["update"] == 1
    assert not LexiconEntry.objects.filter(term=NEW_PLATFORM).exists()
    assert LexiconEntry.objects.get(lexicon="competitor", term="拼多多").note == ""
    assert LexiconVersion.current() == version

    confirm = preview.context["confirm_form"]
    response = client.post(reverse("admin:moderation_lexiconentry_process_import"),
                           {name: confirm.initial[name] for name in confirm.fields if name in confirm.initial})
    assert response.status_code == 302
    # confirmed, the rows wait in the admin's draft: the live lexicons are as they were
    assert not LexiconEntry.objects.filter(term=NEW_PLATFORM).exists()
    assert LexiconEntry.objects.get(lexicon="competitor", term="拼多多").note == ""
    assert LexiconVersion.current() == version
    draft = RuleDraft.objects.get(created_by=dora_staff, status=RuleDraft.Status.DRAFT)
    assert draft_changes(draft) == [("add", "competitor", NEW_PLATFORM, NEW_PLATFORM, "新出现的平台"),
                                    ("add", "competitor", "拼多多", "拼多多", "备注改了")]
    assert str(draft) in client.get(reverse(CHANGELIST)).content.decode()  # the message links the draft

    publish(client, draft)
    created = LexiconEntry.objects.get(lexicon="competitor", term=NEW_PLATFORM)
    assert created.updated_by == dora_staff and created.history.first().history_change_reason == f"规则草稿 #{draft.pk}"
    assert LexiconEntry.objects.get(lexicon="competitor", term="拼多多").note == "备注改了"
    assert LexiconVersion.current() > version
    assert NEW_PLATFORM in lexicon_store.current_lexicons().canonical_map("competitor").values()


def test_an_xlsx_import_with_a_bad_row_shows_the_error_and_offers_no_confirmation(dora_staff, client):
    client.force_login(dora_staff)
    data = tablib.Dataset(["competitor", NEW_PLATFORM, "", ""], ["no_such_lexicon", "某词", "", ""],
                          headers=["lexicon", "term", "canonical", "note"])
    preview = _preview(client, data.export("xlsx"), "lexicons.xlsx", 1)
    assert preview.status_code == 200
    assert preview.context["result"].has_validation_errors()
    assert "confirm_form" not in preview.context
    assert not LexiconEntry.objects.filter(term__in=[NEW_PLATFORM, "某词"]).exists()


def test_the_export_has_the_columns_an_import_reads(dora_staff, client):
    client.force_login(dora_staff)
    url = reverse("admin:moderation_lexiconentry_export")
    form = client.get(url).context["form"]
    fields = {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    response = client.post(url + "?lexicon__exact=competitor", {"format": 0, "resource": 0, **fields})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    exported = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv")
    assert exported.headers[:5] == ["lexicon", "term", "canonical", "note", "active"]
    assert set(exported["lexicon"]) == {"competitor"}
    assert "拼多多" in exported["term"]


def test_terms_must_name_a_known_lexicon_and_say_something(db):
    with pytest.raises(ValidationError) as error:
        LexiconEntry(lexicon="no_such_lexicon", term="某词").full_clean()
    assert "lexicon" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        LexiconEntry(lexicon="competitor", term=" ，。 ").full_clean()
    assert "term" in error.value.message_dict


def test_loadlexicons_adds_only_what_is_missing_and_keeps_admins_edits(db):
    count = LexiconEntry.objects.count()
    LexiconEntry.objects.filter(lexicon="competitor", term="拼多多").update(active=False)
    LexiconEntry.objects.filter(lexicon="competitor", term="淘宝").delete()
    out = io.StringIO()
    call_command("loadlexicons", stdout=out)
    assert out.getvalue().startswith("added 1 lexicon entry")
    call_command("loadlexicons", stdout=io.StringIO())
    assert LexiconEntry.objects.count() == count
    assert not LexiconEntry.objects.get(lexicon="competitor", term="拼多多").active


def test_the_worker_warms_jieba_with_the_current_brand_names(db):
    from moderation.worker import warm_up

    LexiconEntry.objects.create(lexicon="brand", term="喵星人手机", canonical="喵星人手机")
    warm_up()
    assert "喵星人手机" in segment.words("喵星人手机上手体验", lexicon_store.current_lexicons())


def test_the_audit_trail_lists_every_change_with_before_and_after(
        dora_staff, client, django_assert_max_num_queries):
    client.force_login(dora_staff)
    entry = LexiconEntry.objects.get(lexicon="competitor", term="唯品会")
    client.post(reverse("admin:moderation_lexiconentry_change", args=[entry.pk]), {
        "lexicon": "competitor", "term": "唯品会", "canonical": "唯品会", "note": "唯品仓也算", "active": "on",
    })
    publish(client, RuleDraft.objects.get())
    for other in LexiconEntry.objects.filter(lexicon="brand")[:20]:
        other.note = "核对过"
        other.save()
    with django_assert_max_num_queries(12):  # one query for the page's earlier records, not one per row
        page = client.get(reverse("admin:moderation_historicallexiconentry_changelist")).content.decode()
    assert "备注： → 唯品仓也算" in page and "dora" in page
