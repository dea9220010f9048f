from django.core.management.base import BaseCommand

from moderation.actions.held import apply_due_decisions


class Command(BaseCommand):
    help = "Apply editors' decisions whose undo window has ended (issue 11)."

    def handle(self, *args, **options):
        self.stdout.write(f"applied {apply_due_decisions()} decision(s)")
