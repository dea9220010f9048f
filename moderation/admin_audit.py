"""Audit events for writes made in the Django admin: every save, deletion and import row logs one
event (Verb.ADMIN_CHANGE / Verb.ADMIN_IMPORT) with the admin as actor, in the write's transaction."""
from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from .audit import Verb, log_event


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions are audited (the changed fields are named)."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            log_event(request.user, Verb.ADMIN_CHANGE, obj, fields=sorted(form.changed_data),
                      created=not change)

    def delete_model(self, request, obj):
        with transaction.atomic():
            log_event(request.user, Verb.ADMIN_CHANGE, obj, deleted=True, label=str(obj)[:200])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                log_event(request.user, Verb.ADMIN_CHANGE, obj, deleted=True, label=str(obj)[:200])
            super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the admin may read but not add, change or delete (they are written by the actions)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedResource:
    """Mixin for import-export resources: each imported row that is saved logs one event (a dry run
    rolls back with its events)."""

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        user = kwargs.get("user")
        log_event(user if getattr(user, "is_authenticated", False) else None, Verb.ADMIN_IMPORT, instance,
                  resource=type(self).__name__)
