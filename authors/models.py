"""People who write: their profile and the roles of the desk."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

AUTHOR_GROUP, EDITOR_GROUP, ADMIN_GROUP = "author", "editor", "admin"


class Author(models.Model):
    """An author's profile, linked to the Django user who logs in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="author")
    display_name = models.CharField(_("显示名称"), max_length=64)
    category = models.CharField(_("擅长领域"), max_length=32, blank=True)
    licensed_health = models.BooleanField(_("营养保健品授权"), default=False)
    licensed_adult = models.BooleanField(_("成人用品授权"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("作者")
        verbose_name_plural = _("作者")

    def __str__(self):
        return f"{self.display_name} ({self.user.username})"


class ApiToken(models.Model):
    """A token for authors' tools (header ``Authorization: Token <key>``); only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=64, default="default")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash_key(key: str) -> str:
        import hashlib

        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name="default") -> str:
        """Create a token and return its key (shown once)."""
        import secrets

        key = secrets.token_urlsafe(32)
        cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key))
        return key
