"""Review timers: authors see the usual time and are told when it is late; the queue colours a
post's waiting time against the target; a list of posts about to miss it."""
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from factories import PARAGRAPHS, post_document, uploads_for
from insights import selectors
from insights.jobs import close_expired_job, send_notices_job
from insights.models import Notice
from moderation.actions import submission, timers
from moderation.audit import Verb, trail
from moderation.errors import IllegalTransition
from moderation.lifecycle import Event, State, next_state
from authors.models import Penalty


def test_an_author_sees_the_usual_time_then_that_it_is_late(client, desk, settings):
    settings.REVIEW_TARGET_HOURS = 2
    post = desk.queued()
    client.force_login(desk.cast.alice)
    body = client.get(reverse("author_post", args=[post.pk])).content.decode()
    assert "审核中，通常2小时内完成" in body and "已超过通常时间" not in body
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        client.force_login(desk.cast.alice)
        body = client.get(reverse("author_post", args=[post.pk])).content.decode()
    assert "已超过通常时间" in body


def test_a_decided_post_shows_no_waiting_time(client, desk):
    post = desk.queued()
    desk.decide(post, desk.cast.bob, "approve")
    client.force_login(desk.cast.alice)
    assert "通常" not in client.get(reverse("author_post", args=[post.pk])).content.decode()


def test_the_queue_colours_waiting_time_against_the_target(client, desk, settings):
    settings.REVIEW_TARGET_HOURS = 2
    post = desk.queued()
    client.force_login(desk.cast.bob)
    with time_machine.travel(timezone.now() + timedelta(minutes=100)):
        client.force_login(desk.cast.bob)
        row = client.get(reverse("queue")).content.decode().split(f'data-post="{post.pk}"')[1].split("</tr>")[0]
        assert 'class="age-near"' in row
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        client.force_login(desk.cast.bob)
        row = client.get(reverse("queue")).content.decode().split(f'data-post="{post.pk}"')[1].split("</tr>")[0]
        assert 'class="age-late"' in row


def test_posts_about_to_miss_the_target_are_listed_oldest_first(client, desk, settings):
    settings.REVIEW_TARGET_HOURS = 2
    start = timezone.now()
    older = desk.queued()
    with time_machine.travel(start + timedelta(minutes=60)):
        newer = desk.queued()
    with time_machine.travel(start + timedelta(minutes=100)):
        assert selectors.about_to_miss() == [older]  # 20 minutes left; newer has 80
        client.force_login(desk.cast.erin)
        body = client.get(reverse("insights_late")).content.decode()
        assert f"#{older.pk} " in body and f"#{newer.pk} " not in body
    with time_machine.travel(start + timedelta(hours=3, minutes=40)):
        assert selectors.about_to_miss() == [older, newer]


def test_a_returned_post_past_its_fix_by_date_closes_once_without_penalty(desk, settings):
    settings.FIX_BY_DAYS = 14
    post = desk.queued()
    desk.decide(post, desk.cast.bob, "return", ["BODY_NO_IMAGE"])
    penalties = Penalty.objects.count()
    start = timezone.now()
    with time_machine.travel(start + timedelta(days=13, hours=23)):
        close_expired_job()
    post.refresh_from_db()
    assert post.state == State.RETURNED
    with time_machine.travel(start + timedelta(days=14, hours=1)):
        close_expired_job()
        close_expired_job()
        send_notices_job()
        send_notices_job()
    post.refresh_from_db()
    assert post.state == State.CLOSED and Penalty.objects.count() == penalties
    assert post.events.filter(event="expire").count() == 1
    assert trail(post=post).filter(verb=Verb.EXPIRE, actor=None).count() == 1
    closed = Notice.objects.get(kind=Notice.Kind.CLOSED)
    assert "不计处罚" in closed.body and closed.post == post
    with pytest.raises(IllegalTransition):
        next_state(post.state, Event.RESUBMIT)


def test_a_resubmitted_post_does_not_close(desk, settings, django_capture_on_commit_callbacks):
    settings.FIX_BY_DAYS = 14
    post = desk.queued()
    desk.decide(post, desk.cast.bob, "return", ["BODY_NO_IMAGE"])
    document = post_document(paragraphs=PARAGRAPHS + ["补充了办公室里的实拍体验，并附上了佩戴照片。" * 3],
                             username="alice")
    submission.resubmit_post(post, actor=desk.cast.alice, document=document, uploads=uploads_for(document))
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert timers.close_expired_posts() == []


def test_an_author_sees_the_fix_by_date_of_a_returned_post(client, desk, settings):
    settings.FIX_BY_DAYS = 14
    post = desk.queued()
    decision = desk.decide(post, desk.cast.bob, "return", ["BODY_NO_IMAGE"])
    client.force_login(desk.cast.alice)
    body = client.get(reverse("author_post", args=[post.pk])).content.decode()
    deadline = timezone.localtime(decision.created_at + timedelta(days=14))
    assert f"请在 {deadline:%Y-%m-%d %H:%M}（北京时间）前修改后重新提交" in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("author_post", args=[post.pk])).content.decode()
    assert f"Please revise and resubmit by {deadline:%Y-%m-%d %H:%M} (Beijing time);" in english
