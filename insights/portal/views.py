"""The author's inbox: notices about their posts, penalties and appeals, newest first."""
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from authors.roles import author_of, author_required
from moderation.actions.notices import mark_notices_read

from ..models import Notice

INBOX_SIZE = 100


@require_GET
@author_required
def inbox(request):
    author = author_of(request.user)
    rows = list(Notice.objects.filter(author=author)[:INBOX_SIZE])
    return render(request, "portal/insights/inbox.html", {"notices": rows, "unread": sum(n.read_at is None for n in rows)})


@require_POST
@author_required
def mark_read(request):
    mark_notices_read(author_of(request.user), actor=request.user)
    return redirect("inbox")
