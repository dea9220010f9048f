"""Review timers: authors see the usual time and are told when it is late; the queue colours a
post's waiting time against the target; a list of posts about to miss it."""
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from insights import selectors


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
