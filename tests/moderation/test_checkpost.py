"""`manage.py checkpost`: findings JSON for post files, history across files, clear errors. The command
runs in this process against the test database (its lexicons), never the developer's database."""
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from factories import PARAGRAPHS, photo_jpeg, post_document

pytestmark = pytest.mark.django_db


def write_post(folder: Path, name: str, document: dict) -> Path:
    (folder / "images").mkdir(exist_ok=True)
    for i, ref in enumerate(["images/cover.jpg", "images/1.jpg"]):
        (folder / ref).write_bytes(photo_jpeg(i + len(name)))
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def checkpost(*files):
    out, err, code = StringIO(), StringIO(), 0
    try:
        call_command("checkpost", *map(str, files), stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue()), err.getvalue()


def test_a_clean_post_has_no_block_findings(tmp_path):
    code, results, _ = checkpost(write_post(tmp_path, "clean.json", post_document()))
    assert code == 0
    assert [f for f in results[0]["findings"] if f["severity"] == "block"] == []


def test_a_bad_post_gets_findings_with_exact_spans(tmp_path):
    document = post_document(title="京东美妆7周年庆,超级大满减力度太大!", paragraphs=PARAGRAPHS[:1] + [
        "需要的朋友可以去淘宝搜同款，或者访问 www.example.com 了解详情。"])
    code, results, _ = checkpost(write_post(tmp_path, "bad.json", document))
    assert code == 0
    findings = results[0]["findings"]
    rules = {f["rule"] for f in findings}
    assert {"TITLE_PROMO", "TITLE_HALFWIDTH_PUNCT", "BODY_COMPETITOR", "BODY_LINK", "BODY_TOO_SHORT"} <= rules
    for f in findings:
        if "start" in f:
            text = document["title"] if f["target"] == "title" else document["blocks"][int(f["target"][7:-1])]["text"]
            assert text[f["start"]:f["end"]] == f["excerpt"]


def test_a_malformed_file_is_named_and_the_others_are_still_checked(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "reviewdesk.post/1", "kind": ', encoding="utf-8")
    missing_title = post_document()
    del missing_title["title"]
    bad_field = write_post(tmp_path, "no_title.json", missing_title)
    good = write_post(tmp_path, "good.json", post_document())
    code, results, _ = checkpost(broken, bad_field, good)
    assert code == 1
    assert results[0]["file"].endswith("broken.json") and "JSON" in results[0]["error"]["message"]
    assert results[1]["error"]["field"] == "title"
    assert "findings" in results[2]


def test_files_given_earlier_count_as_history(tmp_path):
    first = write_post(tmp_path, "first.json", post_document())
    again = write_post(tmp_path, "again.json", post_document(title="通勤耳机实测三周：再发一遍的降噪续航佩戴体验"))
    code, results, _ = checkpost(first, again)
    assert code == 0
    assert "BODY_DUPLICATE" not in {f["rule"] for f in results[0]["findings"]}
    assert "BODY_DUPLICATE" in {f["rule"] for f in results[1]["findings"]}
