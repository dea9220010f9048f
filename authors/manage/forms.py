"""Forms of the admin's desk: validate input, nothing more."""
from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from authors.models import Author, Penalty
from authors.portal.forms import RegistrationForm
from moderation.audit import Verb


class IdentityForm(forms.Form):
    """An admin records an existing account's markers (kept only as hashes), to link it and to stop a
    banned person's re-registration."""

    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=20, required=False)

    clean_phone = RegistrationForm.clean_phone
    clean_id_number = RegistrationForm.clean_id_number

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("phone", "email", "id_number")):
            raise forms.ValidationError(_("请至少填写一项身份标识。"))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("请填写原因，它会记入审计记录。")})


class ShortenForm(ReasonForm):
    ends_at = forms.DateTimeField(label=_("新的结束时间（北京时间）"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class IssuePenaltyForm(ReasonForm):
    level = forms.ChoiceField(label=_("处罚"), choices=Penalty.Level.choices)
    clause = forms.CharField(label=_("条款"), max_length=100, required=False, help_text=_("如 5.4-II.4、5.4-IV.6"))


class LinkForm(ReasonForm):
    username = forms.CharField(label=_("要关联的账号（用户名）"), max_length=150)

    def clean(self):
        data = super().clean()
        other = Author.objects.filter(user__username=data.get("username", "").strip()).first()
        if other is None:
            self.add_error("username", _("没有这个作者账号。"))
        data["other"] = other
        return data


class AppealDecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("处理结果"), choices=[("uphold", _("申诉成立（撤销）")), ("dismiss", _("驳回申诉"))],
                                widget=forms.RadioSelect)
    response = forms.CharField(label=_("处理说明（作者可见）"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


def local_input(moment) -> str:
    """A datetime as a datetime-local input's value, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


class AuditTrailForm(forms.Form):
    """Filters of the audit-trail page: whose trail (a post or an author), by whom, which verb."""

    post = forms.IntegerField(label=_("文章ID"), required=False, min_value=1)
    author = forms.IntegerField(label=_("作者ID"), required=False, min_value=1)
    actor = forms.CharField(label=_("操作人（用户名；“系统”为系统）"), max_length=150, required=False)
    verb = forms.ChoiceField(label=_("操作"), required=False, choices=[("", _("全部操作")), *Verb.choices])
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
