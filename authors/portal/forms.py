"""Forms of the authors' portal: sign-up and appeals. They validate input, nothing more."""
from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

PHONE_RE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
ID_RE = re.compile(r"^\d{17}[\dXx]$")


class RegistrationForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150,
                               help_text=_("字母、数字或 @.+-_，登录时使用。"))
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("再次输入密码"), widget=forms.PasswordInput, strip=False)
    display_name = forms.CharField(label=_("显示名称"), max_length=64)
    category = forms.CharField(label=_("擅长领域"), max_length=32, required=False, help_text=_("如：数码、美妆、母婴"))
    phone = forms.CharField(label=_("手机号"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("电子邮箱"),
                             widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "email"}))
    id_number = forms.CharField(label=_("身份证号（选填）"), max_length=20, required=False)

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        if not re.fullmatch(r"[\w.@+-]+", name):
            raise forms.ValidationError(_("用户名只能包含字母、数字和 @.+-_。"))
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("该用户名已被使用。"))
        return name

    def clean_phone(self):
        phone = re.sub(r"[\s-]", "", self.cleaned_data["phone"])
        if phone and not PHONE_RE.fullmatch(phone):
            raise forms.ValidationError(_("请输入有效的中国大陆手机号（11位）。"))
        return phone

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        if value and not ID_RE.fullmatch(value):
            raise forms.ValidationError(_("请输入18位身份证号。"))
        return value

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif data.get("password"):
            try:
                password_validation.validate_password(data["password"])
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class AppealForm(forms.Form):
    text = forms.CharField(label=_("申诉理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("说明你认为决定或处罚不当的理由，可附上修改说明。"))


class ClosedAccountAppealForm(forms.Form):
    """An appeal from a closed account, without logging in: the person is proven by the phone number
    or e-mail address they registered with."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    contact = forms.CharField(label=_("注册时填写的手机号或电子邮箱"), max_length=254,
                              widget=forms.TextInput(attrs={"autocomplete": "email"}))
    text = forms.CharField(label=_("申诉理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("说明你认为处罚不当的理由。管理员处理后，若申诉成立，账号会恢复，可以重新登录。"))
