"""python manage.py seed_demo — demo users (printed logins) and the demo posts of demo/posts/.

Safe to run twice: existing users keep their passwords and already imported posts are skipped."""
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand

from authors.models import Author

DEMO_USERS = [
    # username, password, group, (display name, category) for authors
    ("alice", "alice-demo-2026", "author", ("爱丽丝的数码笔记", "数码")),
    ("charlie", "charlie-demo-2026", "author", ("查理美妆", "美妆")),
    ("bob", "bob-demo-2026", "editor", None),
    ("erin", "erin-demo-2026", "editor", None),
    ("dora", "dora-demo-2026", "admin", None),
]


class Command(BaseCommand):
    help = "Create the demo users and import the demo posts."

    def handle(self, *args, **options):
        for username, password, group, author in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created or not user.has_usable_password():
                user.set_password(password)
                user.is_staff = group == "admin"
                user.save()
            user.groups.add(Group.objects.get(name=group))
            if author:
                Author.objects.get_or_create(user=user, defaults={"display_name": author[0], "category": author[1]})
            if group == "admin":
                user.groups.add(Group.objects.get(name="editor"))
        call_command("importposts", Path(settings.BASE_DIR) / "demo" / "posts", stdout=self.stdout)
        self.stdout.write("\n演示账号 / demo logins (http://127.0.0.1:8000):")
        for username, password, group, _ in DEMO_USERS:
            self.stdout.write(f"  {group:7} {username:8} {password}")
