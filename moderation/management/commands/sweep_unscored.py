from django.core.management.base import BaseCommand

from moderation.jobs import sweep_unscored


class Command(BaseCommand):
    help = "Enqueue pre-scoring for every post left unscored (Redis was down, or a worker died)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=None, help="seconds (default: the setting)")

    def handle(self, *args, older_than, **options):
        self.stdout.write(f"enqueued {sweep_unscored(older_than)} post(s)")
