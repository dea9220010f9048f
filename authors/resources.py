"""Import/export (CSV, XLSX) of authors, penalties and violation records, for the admin. The admin's
import is a dry run with a preview first (nothing written until confirmed); imports run in one
transaction (IMPORT_EXPORT_USE_TRANSACTIONS) and every saved row logs an audit event (admin_import). Accounts are
named by username, never by database IDs of users."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from moderation.actions.accounts import get_or_create_author
from moderation.admin_audit import AuditedResource
from moderation.models import ViolationRecord

from .models import Author, Penalty


class ReasonsWidget(widgets.Widget):
    """A list of rule IDs as one cell: "BODY_PROMO,TITLE_LENGTH"."""

    def clean(self, value, row=None, **kwargs):
        return [r.strip() for r in str(value or "").replace("，", ",").split(",") if r.strip()]

    def render(self, value, obj=None, **kwargs):
        return ",".join(value or [])


def created_at_column():
    """Exported for the record, never imported (the row's own creation time is kept)."""
    return fields.Field(attribute="created_at", column_name="created_at", readonly=True,
                        widget=widgets.DateTimeWidget())


class AuthorResource(AuditedResource, resources.ModelResource):
    username = fields.Field(attribute="user", column_name="username",
                            widget=widgets.ForeignKeyWidget(get_user_model(), "username"))
    created_at = created_at_column()

    class Meta:
        model = Author
        fields = ("username", "display_name", "category", "licensed_health", "licensed_adult",
                  "news_posting_closed", "created_at")
        import_id_fields = ("username",)
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def before_import_row(self, row, **kwargs):
        # A new username gets an account that cannot log in until an admin sets a password
        # (the same path as imported posts); in a dry run the transaction is rolled back.
        username = str(row.get("username") or "").strip()
        if username and not get_user_model().objects.filter(username=username).exists():
            get_or_create_author(actor=kwargs.get("user"), username=username, display_name=row.get("display_name") or username,
                                 category=row.get("category") or "")


class PenaltyResource(AuditedResource, resources.ModelResource):
    author = fields.Field(attribute="author", column_name="author",
                          widget=widgets.ForeignKeyWidget(Author, "user__username"))
    issued_by = fields.Field(attribute="issued_by", column_name="issued_by",
                             widget=widgets.ForeignKeyWidget(get_user_model(), "username"))

    class Meta:
        model = Penalty
        fields = ("id", "author", "level", "starts_at", "ends_at", "clause", "reason", "issued_by",
                  "lifted_at", "admin_reason", "overturned_at")
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def before_save_instance(self, instance, row, **kwargs):
        if not instance._state.adding:  # history: a penalty is lifted on the standing page, with a reason
            raise ValidationError({"id": f"处罚 {instance.pk} 已存在，导入不能修改它（请在作者处境页解除或缩短，并填写原因）。"})
        if instance.level not in Penalty.Level.values:
            raise ValidationError({"level": f"未知的处罚级别：{instance.level}（可选：{', '.join(Penalty.Level.values)}）"})
        if instance.ends_at and instance.ends_at <= instance.starts_at:
            raise ValidationError({"ends_at": "结束时间须晚于开始时间。"})


class ViolationRecordResource(AuditedResource, resources.ModelResource):
    author = fields.Field(attribute="author", column_name="author",
                          widget=widgets.ForeignKeyWidget(Author, "user__username"))
    editor = fields.Field(attribute="editor", column_name="editor",
                          widget=widgets.ForeignKeyWidget(get_user_model(), "username"))
    reasons = fields.Field(attribute="reasons", column_name="reasons", widget=ReasonsWidget())
    created_at = created_at_column()

    class Meta:
        model = ViolationRecord
        fields = ("id", "post", "decision", "title", "author", "reasons", "editor", "created_at")
        export_order = fields
        skip_unchanged = True
        report_skipped = True
