"""The admin's CSV exports open in Excel: UTF-8 with a byte-order mark, read back by the import."""
import tablib
from django.contrib import admin

from authors.models import Author, Penalty
from moderation.models import LexiconEntry
from moderation.resources import ExcelCSV


def test_csv_exports_carry_a_bom_and_import_back():
    data = tablib.Dataset(["淘宝", "电商平台"], headers=["term", "note"])
    exported = ExcelCSV().export_data(data)
    raw = exported.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf") and "淘宝" in raw.decode("utf-8-sig")
    back = ExcelCSV(encoding="utf-8-sig").create_dataset(raw)
    assert back.headers == ["term", "note"] and back[0] == ("淘宝", "电商平台")


def test_every_admin_csv_export_uses_it():
    for model in (LexiconEntry, Author, Penalty):
        formats = admin.site._registry[model].export_formats
        assert ExcelCSV in formats, model
