"""Import/export (CSV, XLSX) of lexicon entries for the admin. The columns are those of the shipped
files (checks/data/*.csv) plus the lexicon's name, so a shipped file with a ``lexicon`` column added
imports as it is. Rows are matched on (lexicon, term, canonical); the admin's import is a dry run
with a preview first, one transaction (IMPORT_EXPORT_USE_TRANSACTIONS), and every saved row gets a
history entry and bumps the lexicon version."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV

from .actions import rules
from .admin_audit import AuditedResource
from .models import LexiconEntry

TEXT_COLUMNS = ("lexicon", "term", "canonical", "note")


class ExcelCSV(CSV):
    """CSV in UTF-8 with a byte-order mark, so that Excel opens Chinese text ungarbled (imports read
    it back: import-export decodes with utf-8-sig)."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


class LexiconEntryResource(AuditedResource, resources.ModelResource):
    updated_at = fields.Field(attribute="updated_at", column_name="updated_at", readonly=True,
                              widget=widgets.DateTimeWidget())
    updated_by = fields.Field(attribute="updated_by", column_name="updated_by", readonly=True,
                              widget=widgets.ForeignKeyWidget(get_user_model(), "username"))

    class Meta:
        model = LexiconEntry
        fields = ("lexicon", "term", "canonical", "note", "active", "updated_at", "updated_by")
        export_order = fields
        import_id_fields = ("lexicon", "term", "canonical")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True  # unknown lexicon names and blank terms are row errors in the preview

    def before_import_row(self, row, **kwargs):
        # Stray spaces from a spreadsheet must not make a second "淘宝 " beside "淘宝".
        for column in TEXT_COLUMNS:
            if column in row:
                row[column] = str(row[column] if row[column] is not None else "").strip()

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance.updated_by = user
        instance._change_reason = "导入"


class LexiconDraftResource(LexiconEntryResource):
    """The admin's import (issue 14): the same columns and preview, but confirming it puts the rows
    that differ from the live entries into the admin's open rule draft; no entry is saved. A row with
    ``active`` false removes its entry; the draft's one audit event lists the changes."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.draft_rows: list[dict] = []

    def do_instance_save(self, instance, is_create):
        before = None if is_create else LexiconEntry.objects.get(pk=instance.pk)
        self.draft_rows += rules.entry_changes(before, instance)

    def after_save_instance(self, instance, row, **kwargs):
        return None  # nothing was saved, so no per-row import event

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not self._is_dry_run(kwargs):
            result.rule_draft = rules.draft_admin_changes(self.draft_rows, actor=kwargs.get("user"))
