"""Who is asking: the desk's three roles, as Django groups and permissions."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import ADMIN_GROUP, AUTHOR_GROUP, EDITOR_GROUP

REVIEW_PERM = "moderation.review_post"


def is_editor(user) -> bool:
    return user.is_authenticated and user.has_perm(REVIEW_PERM)


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=ADMIN_GROUP).exists())


def author_of(user):
    """The Author profile of a logged-in user, or None."""
    return getattr(user, "author", None) if user.is_authenticated else None


def role_of(user) -> str:
    if is_admin(user):
        return ADMIN_GROUP
    if is_editor(user):
        return EDITOR_GROUP
    if author_of(user) is not None:
        return AUTHOR_GROUP
    return ""


def editor_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied(_("只有编辑可以访问审核台。"))
        return view(request, *args, **kwargs)

    return wrapper


def author_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if author_of(request.user) is None:
            raise PermissionDenied(_("只有作者可以访问作者中心。"))
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(view):
    """The admin's desk: admins only (403 for authors and editors, login for anonymous users)."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_admin(request.user):
            raise PermissionDenied(_("只有管理员可以访问此页面。"))
        return view(request, *args, **kwargs)

    return wrapper
