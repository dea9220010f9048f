from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from authors.roles import role_of


@login_required
def home(request):
    """Each role lands on its own page."""
    role = role_of(request.user)
    if role in ("admin", "editor"):
        return redirect("queue")
    if role == "author":
        return redirect("my_posts")
    return render(request, "403.html", {"message": "你的账号还没有分配角色，请联系管理员。"}, status=403)
