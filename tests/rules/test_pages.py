"""The pages of issue 14 as admins and editors use them: stages configured on the admin's desk, a
re-screen and a backtest run by a real RQ worker with their progress pages, publish and rollback."""
from __future__ import annotations

from rq import SimpleWorker

from moderation.lexicon_store import current_lexicons
from moderation.models import EditorGroup, LexiconEntry, RescreenRun, ReviewStage, RuleDraft, RuleVersion


def competitor_terms() -> set[str]:
    return {hit.term.term for hit in current_lexicons().find("充电盒") if hit.term.lexicon == "competitor"}


def drain(queue):
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_admins_configure_groups_and_stages_and_editors_see_only_theirs(cast, client):
    client.force_login(cast.bob)
    assert client.get("/desk/manage/workflow/").status_code == 403
    client.force_login(cast.dora)
    client.post("/desk/manage/workflow/", {"g-name": "品牌", "g-members": "erin", "g-rules": "BODY_COMPETITOR",
                                           "g-rescreen": "on"})
    group = EditorGroup.objects.get(name="品牌")
    client.post("/desk/manage/workflow/", {"s-name": "品牌复审", "s-order": "1", "s-group": group.pk,
                                           "s-rules": "BODY_COMPETITOR", "s-new_author_below": "0"})
    stage = ReviewStage.objects.get(name="品牌复审")
    assert stage.rules == ["BODY_COMPETITOR"] and "品牌复审" in client.get("/desk/manage/workflow/").content.decode()
    client.force_login(cast.erin)
    page = client.get("/desk/stages/").content.decode()
    assert "品牌复审" in page and "/desk/rules/BODY_COMPETITOR/" in page and "/desk/rescreen/" in page
    assert client.get("/desk/rules/BODY_COMPETITOR/").status_code == 200
    client.force_login(cast.bob)
    page = client.get("/desk/stages/").content.decode()
    assert "品牌复审" not in page and "/desk/rescreen/" not in page
    assert client.get("/desk/rescreen/").status_code == 403
    assert client.get("/desk/rules/BODY_COMPETITOR/").status_code == 403


def test_a_rescreen_from_the_admins_page_runs_on_the_worker_and_reaches_the_queue(cast, online, client,
                                                                                   rescreen_queue):
    post = online()
    client.force_login(cast.dora)
    response = client.post("/desk/manage/rescreen/", {"kind": "review"})
    run = RescreenRun.objects.get()
    assert response["Location"].endswith(f"/desk/manage/rescreen/{run.pk}/")
    assert 'http-equiv="refresh"' in client.get(response["Location"]).content.decode()  # live progress
    LexiconEntry.objects.create(lexicon="competitor", term="充电盒")
    drain(rescreen_queue)
    run.refresh_from_db()
    assert (run.done, run.flagged, run.status) == (1, 1, "done")
    assert "1/1" in client.get(f"/desk/manage/rescreen/{run.pk}/").content.decode()
    page = client.get("/desk/rescreen/").content.decode()
    assert f'data-post="{post.pk}"' in page and "BODY_COMPETITOR" in page
    item = run.items.get()
    client.post(f"/desk/rescreen/{item.pk}/", {"decision": "keep"})
    assert f'data-post="{post.pk}"' not in client.get("/desk/rescreen/").content.decode()


def test_a_draft_from_csv_backtested_on_the_worker_published_and_rolled_back(cast, queued, client, rescreen_queue):
    from moderation.actions import review

    post = review.claim_post(queued(), actor=cast.bob)
    review.decide_post(post, actor=cast.bob, outcome="approve", reasons=[], message="", version=post.version)
    client.force_login(cast.dora)
    response = client.post("/desk/manage/rules/", {"title": "竞品词"})
    draft = RuleDraft.objects.get()
    client.post(f"/desk/manage/rules/drafts/{draft.pk}/", {"action": "changes",
                                                           "changes": "op,lexicon,term\nadd,competitor,充电盒"})
    assert draft.changes.count() == 1
    response = client.post(f"/desk/manage/rules/drafts/{draft.pk}/", {"action": "backtest", "days": "30"})
    assert "/desk/manage/rules/backtests/" in response["Location"]
    drain(rescreen_queue)
    page = client.get(response["Location"]).content.decode()
    assert "1/1" in page and "BODY_COMPETITOR" in page and f"#{post.pk}" in page
    assert "图片未重新检查" in page  # a competitor term: nothing the picture rules read

    before = current_lexicons().version
    client.post(f"/desk/manage/rules/drafts/{draft.pk}/", {"action": "publish"})
    version = RuleVersion.objects.get(mode="live")
    assert current_lexicons().version != before and competitor_terms() == {"充电盒"}
    client.post(f"/desk/manage/rules/versions/{version.pk}/end/")
    assert competitor_terms() == set()


def test_draft_changes_import_from_an_xlsx_sheet(cast, client):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    for row in (("op", "lexicon", "term", "canonical", "note"), ("add", "competitor", "充电盒", None, "表格导入"),
                ("add", "competitor_allow", "充电盒盖", None, None)):
        book.active.append(row)
    data = BytesIO()
    book.save(data)
    client.force_login(cast.dora)
    client.post("/desk/manage/rules/", {"title": "表格"})
    draft = RuleDraft.objects.get()
    client.post(f"/desk/manage/rules/drafts/{draft.pk}/", {
        "action": "changes", "file": SimpleUploadedFile("changes.xlsx", data.getvalue())})
    assert list(draft.changes.values_list("lexicon", "term", "note")) == [
        ("competitor", "充电盒", "表格导入"), ("competitor_allow", "充电盒盖", "")]


def test_a_backtest_with_days_that_are_not_a_number_is_refused_with_a_message(cast, client):
    client.force_login(cast.dora)
    client.post("/desk/manage/rules/", {"title": "天数"})
    draft = RuleDraft.objects.get()
    response = client.post(f"/desk/manage/rules/drafts/{draft.pk}/", {"action": "backtest", "days": "abc"},
                           follow=True)
    assert response.status_code == 200
    assert "天数和篇数须为 0 到 99999 之间的整数" in response.content.decode()
    assert not draft.backtests.exists()


def test_an_unknown_stage_review_is_a_404_not_a_500(cast, client):
    client.force_login(cast.dora)
    assert client.get("/desk/stages/reviews/999999/").status_code == 404
