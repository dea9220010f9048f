"""Backtest a rule draft over decided posts (issue 14)."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from moderation.actions.core import SYSTEM
from moderation.actions.rules import start_backtest
from moderation.backtests import report, run_backtest_inline
from moderation.models import RuleDraft


def _p(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"


class Command(BaseCommand):
    help = ("Run a rule draft and the live rules over the posts editors decided; print new and lost findings per "
            "rule. Last line: `backtest: N posts, +A new findings, -B lost, estimated precision P`.")

    def add_arguments(self, parser):
        parser.add_argument("--draft", type=int, required=True, help="the draft's ID")
        parser.add_argument("--days", type=int, default=30, help="posts decided in the last N days (0: any time)")
        parser.add_argument("--limit", type=int, default=None, help="at most the last N decided posts")

    def handle(self, *args, draft, days, limit, **options):
        found = RuleDraft.objects.filter(pk=draft).first()
        if found is None:
            raise CommandError(f"no draft #{draft}")
        run = start_backtest(found, actor=SYSTEM, days=days or None, limit=limit)
        self.stdout.write(f"backtest #{run.pk} of draft #{found.pk} {found.title}: {run.total} decided posts")
        run = run_backtest_inline(run, lambda r: self.stdout.write(f"  {r.done}/{r.total} ({r.percent}%)"))
        result = report(run)
        self.stdout.write(f"{'rule':<24}{'new':>6}{'lost':>6}{'confirmed':>11}{'precision':>11}")
        for row in result["rules"]:
            self.stdout.write(f"{row['rule']:<24}{row['new']:>6}{row['lost']:>6}{row['confirmed']:>11}"
                              f"{_p(row['precision']):>11}")
        self.stdout.write(f"posts whose findings change: {result['changed']}")
        self.stdout.write(f"backtest: {result['posts']} posts, +{result['new']} new findings, -{result['lost']} lost, "
                          f"estimated precision {_p(result['precision'])}")
