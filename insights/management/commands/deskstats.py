"""Print the operations dashboard's figures as a table: the same numbers the page shows."""
from django.core.management.base import BaseCommand, CommandError

from insights import figures, rollups, selectors


class Command(BaseCommand):
    help = "Print the dashboard's figures for the last N days (from the rollups; --refresh rebuilds them first)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--refresh", action="store_true", help="rebuild the rollups of those days first")

    def handle(self, *args, days, refresh, **options):
        if not 1 <= days <= 366:
            raise CommandError("--days must be between 1 and 366")
        if refresh:
            rollups.refresh(days=days)
        dash = selectors.dashboard(days)
        self._table([("key", "figure", "value"), *figures.summary(dash)])
        self.stdout.write("")
        self._table([figures.daily_headers(), *figures.daily_rows(dash)])
        self.stdout.write("")
        self._table([figures.editor_headers(), *(figures.editor_values(r) for r in dash.editors)])

    def _table(self, rows):
        widths = [max(_width(str(r[i])) for r in rows) for i in range(len(rows[0]))]
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(_pad(str(v), w, right=i > 0 and n > 0) for i, (v, w) in enumerate(zip(row, widths))))
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap
