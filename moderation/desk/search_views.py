"""The desk's search (issue 11): any post an editor may see, in every state but the author's draft —
filters, state counts that are links, the editor's recent decisions. A found post opens on the
review screen, where an online one can be taken offline (the take-offline decision)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.shortcuts import render
from django.views.decorators.http import require_GET

from authors.roles import editor_required

from .. import selectors
from ..lifecycle import STATE_LABELS_ZH, State
from ..models import Post, state_label
from ..rulebook_view import rule_filter_choices


class SearchForm(forms.Form):
    """The search's filters (GET): all optional, bad values ignored."""

    q = forms.CharField(required=False, max_length=200,
                        widget=forms.TextInput(attrs={"placeholder": _("标题、文章ID或作者"), "type": "search"}))
    state = forms.ChoiceField(required=False, choices=[("", _("全部状态"))] + [
        (s.value, pgettext_lazy("post state", STATE_LABELS_ZH[s])) for s in selectors.SEARCHABLE_STATES])
    kind = forms.ChoiceField(required=False, choices=[("", _("全部类型")), *Post.Kind.choices])
    rule = forms.ChoiceField(required=False)
    author = forms.CharField(required=False, max_length=100, widget=forms.TextInput(attrs={"placeholder": _("作者")}))
    flagged = forms.BooleanField(required=False)
    mine = forms.BooleanField(required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rule_filter_choices()

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v and k != "page" and k not in self.errors}


@editor_required
@require_GET
def search(request):
    form = SearchForm(request.GET)
    filters = form.filters()
    page = form.cleaned_data.get("page") or 1
    posts, has_next, counts = selectors.search_posts(filters, editor=request.user, page=page)
    query = request.GET.copy()
    query.pop("page", None)
    without_state = query.copy()
    without_state.pop("state", None)
    return render(request, "desk/search.html", {
        "form": form, "posts": posts, "page": page, "has_next": has_next, "query": query.urlencode(),
        "filters": filters, "state_query": without_state.urlencode(),
        "counts": [(state_label(s), counts.get(s.value, 0), s.value) for s in selectors.SEARCHABLE_STATES],
        "total": sum(counts.values()), "state_labels": {s.value: state_label(s) for s in State},
    })
