"""Re-screen online posts with the current rules (存量复核, issue 14)."""
from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from moderation.actions.core import SYSTEM
from moderation.actions.rescreen import start_rescreen
from moderation.lexicon_store import current_lexicons
from moderation.models import RescreenRun
from moderation.rescreening import enqueue_run, run_inline


def _date(value: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from None
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class Command(BaseCommand):
    help = ("Re-screen online posts with the current rules; posts with new block findings enter the re-screen "
            "queue. Last line: `rescreen: N posts, K with new block findings, T s`.")

    def add_arguments(self, parser):
        parser.add_argument("--online", action="store_true", required=True, help="re-screen the posts online now")
        parser.add_argument("--kind", default="", help="review, guide, video or news")
        parser.add_argument("--since", type=_date, help="posts created on or after this date (YYYY-MM-DD)")
        parser.add_argument("--until", type=_date, help="posts created before this date")
        parser.add_argument("--author", default="", help="one author's username")
        parser.add_argument("--rules", default="", help="only these rules' new findings count (comma-separated IDs)")
        parser.add_argument("--enqueue", action="store_true",
                            help="put the chunks on the rescreen queue for the workers and follow the progress")

    def handle(self, *args, kind, since, until, author, rules, enqueue, **options):
        started = time.monotonic()
        run = start_rescreen(actor=SYSTEM, kind=kind, since=since, until=until, author=author,
                             rules=[r.strip() for r in rules.split(",") if r.strip()],
                             lexicon_version=current_lexicons().version)
        self.stdout.write(f"run #{run.pk}: {run.total} online posts")

        def progress(r):
            self.stdout.write(f"  {r.done}/{r.total} ({r.percent}%), {r.flagged} with new block findings")

        if enqueue:
            enqueue_run(run)
            while run.status != RescreenRun.Status.DONE:
                time.sleep(2)
                run.refresh_from_db()
                progress(run)
        else:
            run = run_inline(run, progress)
        self.stdout.write(f"rescreen: {run.total} posts, {run.flagged} with new block findings, "
                          f"{time.monotonic() - started:.1f} s")
