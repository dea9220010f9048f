from django.core.management.base import BaseCommand

from moderation.actions.review import release_stale_claims


class Command(BaseCommand):
    help = "Release editors' claims whose lease ran out."

    def handle(self, *args, **options):
        self.stdout.write(f"released {release_stale_claims()} claim(s)")
