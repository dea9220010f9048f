from django.core.management.base import BaseCommand

from moderation.actions.penalties import enforce_level2_bans


class Command(BaseCommand):
    help = "Keep Level 2 banned accounts locked and their posts offline (bans end on time by themselves)."

    def handle(self, *args, **options):
        self.stdout.write(f"{enforce_level2_bans()} change(s)")
