"""The insights pages: who may see what, the CSV export, worst rules first, the authors' inbox."""
import csv
import io

import pytest
from django.urls import reverse

from insights.jobs import refresh_rollups_job, send_notices_job


@pytest.fixture
def decided(desk):
    c = desk.cast
    first, second = desk.queued(), desk.queued(title=desk.clickbait)
    desk.decide(first, c.bob, "approve")
    desk.dismiss_all(second, c.erin, "TITLE_CLICKBAIT")
    desk.decide(second, c.erin, "return", ["TITLE_AD_LAW"])
    refresh_rollups_job()
    return first, second


def _editor_names(response):
    table = response.content.decode().split('id="editors"')[1].split("</table>")[0]
    return {name for name in ("bob", "erin") if f"<td>{name}</td>" in table}


def test_an_admin_sees_every_editor_and_the_charts(client, cast, decided):
    client.force_login(cast.dora)
    response = client.get(reverse("insights_dashboard"))
    assert response.status_code == 200
    assert _editor_names(response) == {"bob", "erin"}
    body = response.content.decode()
    assert body.count("<svg") == 3 and "<script" not in body.split("<main>")[1].split("</main>")[0]
    assert 'data-key="decided"><b>2</b>' in body


def test_the_dashboard_shows_new_figures_once_the_rollups_are_refreshed(client, desk, decided):
    """The page keeps its figures between refreshes (drawing them costs more than reading them) and
    shows the new ones as soon as the periodic job has run, in the viewer's language."""
    c = desk.cast
    client.force_login(c.dora)
    assert 'data-key="decided"><b>2</b>' in client.get(reverse("insights_dashboard")).content.decode()
    desk.decide(desk.queued(), c.bob, "reject", ["TITLE_AD_LAW"])
    assert 'data-key="decided"><b>2</b>' in client.get(reverse("insights_dashboard")).content.decode()
    refresh_rollups_job()
    body = client.get(reverse("insights_dashboard")).content.decode()
    assert 'data-key="decided"><b>3</b>' in body and "编辑审核决定" in body
    client.post(reverse("set_language"), {"language": "en", "next": reverse("insights_dashboard")})
    assert "编辑审核决定" not in client.get(reverse("insights_dashboard")).content.decode()


def test_an_editor_sees_only_their_own_row(client, cast, decided):
    client.force_login(cast.bob)
    response = client.get(reverse("insights_dashboard"), {"days": 30})
    assert response.status_code == 200 and _editor_names(response) == {"bob"}
    rows = list(csv.reader(io.StringIO(client.get(reverse("insights_export")).content.decode("utf-8-sig"))))
    assert ["bob"] == [r[0] for r in rows if r and r[0] in ("bob", "erin")]


def test_authors_and_strangers_cannot_open_the_dashboard(client, cast, decided):
    client.force_login(cast.charlie)
    assert client.get(reverse("insights_dashboard")).status_code == 403
    assert client.get(reverse("insights_rules")).status_code == 403
    client.logout()
    assert client.get(reverse("insights_dashboard")).status_code == 302


def test_the_csv_export_opens_in_excel(client, cast, decided):
    client.force_login(cast.dora)
    response = client.get(reverse("insights_export"), {"days": 7})
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads Chinese right
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    figures = {r[0]: r[1] for r in rows if len(r) == 2}
    assert figures["编辑审核决定"] == "2" and figures["通过"] == "1" and figures["退回修改"] == "1"
    assert len([r for r in rows if r and r[0][:4].isdigit() and r[0][4] == "-"]) == 7  # one row per day


def test_rules_cry_wolf_first_with_links_to_examples(client, cast, decided):
    first, second = decided
    client.force_login(cast.dora)
    body = client.get(reverse("insights_rules")).content.decode()
    order = [line.split('data-rule="')[1].split('"')[0] for line in body.splitlines() if 'data-rule="' in line]
    assert order[0] == "TITLE_CLICKBAIT"  # dismissed once, never used: precision 0
    assert order.index("TITLE_AD_LAW") < len(order)
    detail = client.get(reverse("insights_rule", args=["TITLE_CLICKBAIT"]))
    assert detail.status_code == 200
    assert reverse("review", args=[second.pk]) in detail.content.decode()
    assert client.get(reverse("insights_rule", args=["NO_SUCH_RULE"])).status_code == 404
    quiet = client.get(reverse("insights_rule", args=["BODY_LINK"]))  # a rulebook rule nothing found lately
    assert quiet.status_code == 200 and "BODY_LINK" in quiet.content.decode()


def test_the_pages_take_a_constant_number_of_queries(client, cast, decided, django_assert_max_num_queries):
    client.force_login(cast.dora)
    for name in ("insights_dashboard", "insights_rules", "insights_export"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


def test_wrong_methods_are_refused(client, cast, decided):
    client.force_login(cast.dora)
    assert client.post(reverse("insights_dashboard")).status_code == 405


def test_an_author_reads_their_inbox(client, cast, decided):
    send_notices_job()
    client.force_login(cast.alice)
    body = client.get(reverse("inbox")).content.decode()
    assert "审核结果" in body and "被退回修改" in body and body.count('class="unread"') == 2
    client.post(reverse("inbox_read"))
    assert 'class="unread"' not in client.get(reverse("inbox")).content.decode()
    client.force_login(cast.charlie)
    assert "被退回修改" not in client.get(reverse("inbox")).content.decode()
    client.force_login(cast.bob)
    assert client.get(reverse("inbox")).status_code == 403


def test_the_thresholds_page_shows_each_rules_precision(client, cast, decided):
    client.force_login(cast.dora)
    body = client.get(reverse("thresholds")).content.decode()
    table = body.split('id="precision-by-rule"')[1].split("</table>")[0]
    assert 'data-rule="TITLE_CLICKBAIT"' in table and "0.0%" in table


def test_a_dashboard_before_the_first_rollup_says_when_figures_come_not_a_command(client, cast, settings):
    """The people reading the dashboard cannot run manage.py commands; it tells them when to look again."""
    client.force_login(cast.bob)
    body = client.get(reverse("insights_dashboard")).content.decode()
    assert "统计每5分钟更新一次，请稍后刷新本页" in body and "deskstats" not in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("insights_dashboard")).content.decode()
    assert "No figures yet: they are updated every 5 minutes; reload this page shortly." in english
