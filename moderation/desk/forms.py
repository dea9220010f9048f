"""Forms of the desk: the editor's decision form and the queue's filters."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Decision, Post
from ..rulebook_view import rule_filter_choices


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices[:4])
    reasons = forms.MultipleChoiceField(required=False, choices=())
    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    serious = forms.BooleanField(required=False)
    override = forms.CharField(required=False, max_length=1000)  # approving over live block findings
    version = forms.IntegerField()

    def __init__(self, *args, reason_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].choices = reason_choices


class QueueFilterForm(forms.Form):
    """The queue's filters (GET): every field optional, bad values simply ignored."""

    q = forms.CharField(required=False, label=_("搜索"), widget=forms.TextInput(attrs={"placeholder": _("标题或文章ID")}))
    kind = forms.ChoiceField(required=False, label=_("类型"), choices=[("", _("全部类型")), *Post.Kind.choices])
    severity = forms.ChoiceField(required=False, label=_("级别"), choices=[
        ("", _("全部级别")), ("block", _("阻断")), ("warn", _("注意")), ("info", _("建议"))])
    rule = forms.ChoiceField(required=False, label=_("规则"))
    author = forms.CharField(required=False, label=_("作者"), widget=forms.TextInput(attrs={"placeholder": _("作者")}))
    min_age_hours = forms.IntegerField(required=False, min_value=1, max_value=24 * 90, label=_("等待超过（小时）"))
    resubmitted = forms.BooleanField(required=False, label=_("只看重新提交"))
    audit = forms.BooleanField(required=False, label=_("白名单抽检"))
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
    # The pager's place in the queue (QueueCursor): the page after or before that post.
    after = forms.CharField(required=False, max_length=80)
    before = forms.CharField(required=False, max_length=80)
    PAGING = ("page", "after", "before")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rule_filter_choices()

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors and k not in self.PAGING}
