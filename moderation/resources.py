"""Import/export (CSV, XLSX) of lexicon entries for the admin. The columns are those of the shipped
files (checks/data/*.csv) plus the lexicon's name, so a shipped file with a ``lexicon`` column added
imports as it is. Rows are matched on (lexicon, term, canonical); the admin's import is a dry run
with a preview first, one transaction (IMPORT_EXPORT_USE_TRANSACTIONS), and every saved row gets a
history entry and bumps the lexicon version."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV

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
