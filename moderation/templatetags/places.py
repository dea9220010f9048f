"""``{{ f.target|place:reader }}``: a finding's place in plain words (第3段, 第2个标签, paragraph 3),
counted in the document the reader shows, in the page's language (moderation.postformat.field_label)."""
from django import template
from django.utils.translation import get_language

from moderation.postformat import field_label

register = template.Library()


@register.filter
def place(path, reader=None):
    blocks = reader.get("blocks") if isinstance(reader, dict) else None
    return field_label(str(path or ""), blocks, get_language() or "zh")
