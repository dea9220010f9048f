from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from insights.models import OUTCOME_CHOICES
from moderation.rulebook_view import grouped_reason_choices


class VerdictForm(forms.Form):
    """An outcome and its reasons: a second review, a senior editor's ruling, a gold post's answer."""

    outcome = forms.ChoiceField(label=_("结论"), choices=OUTCOME_CHOICES, widget=forms.RadioSelect)
    reasons = forms.MultipleChoiceField(label=_("原因"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # in the page's language
        self.fields["outcome"].choices = [(value, gettext(label)) for value, label in OUTCOME_CHOICES]
        self.fields["reasons"].choices = grouped_reason_choices(include_advice=True)


class RulingForm(VerdictForm):
    note = forms.CharField(label=_("裁定理由"), widget=forms.Textarea(attrs={"rows": 3}))


class GoldForm(VerdictForm):
    post = forms.IntegerField(label=_("文章编号"), min_value=1)
    note = forms.CharField(label=_("说明"), required=False)
