from django.core.management.base import BaseCommand

from moderation.actions.kept_images import forget_stale


class Command(BaseCommand):
    help = "Delete images kept from failed submits that nobody came back for (settings.KEPT_IMAGES_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, **options):
        self.stdout.write(f"deleted {forget_stale(options['days'])} kept image(s)")
