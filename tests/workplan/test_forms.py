"""The editor's activity forms: choices set once for all rows, the same validation as forms set up one by one."""

import pytest
from django import forms as django_forms
from django.http import QueryDict
from django.utils.translation import gettext as _

from tests.workplan.builders import activity, rows_with
from workplan.drafting import forms

MINISTRIES = [("interior", "Interior"), ("justice", "Justice")]
ORGANIZATIONS = [*MINISTRIES, ("aple", "APLE")]
YEARS = range(2010, 2015)


class OneByOne(forms.ActivityForm):
    """The activity form as it was set up before: choices copied into each form."""

    def __init__(self, *args, ministries=(), organizations=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_ministry"].choices = [("", _("Choose the lead ministry")), *ministries]
        self.fields["partners"].choices = list(organizations)
        year_choices = [(year, year) for year in years]
        self.fields["start_year"].choices = year_choices
        self.fields["end_year"].choices = year_choices


def post(rows, **changes):
    """Return the activity formset's POST data for rows, with changes, as the browser sends it."""
    _objectives, activities = forms.rows_as_initial(rows)
    data = QueryDict(mutable=True)
    data.update({"act-TOTAL_FORMS": str(len(activities)), "act-INITIAL_FORMS": str(len(activities))})
    for index, row in enumerate(activities):
        for name, value in row.items():
            if name == "partners":
                data.setlist(f"act-{index}-partners", value)
            else:
                data[f"act-{index}-{name}"] = "" if value is None else str(value)
    for name, value in changes.items():
        data[name] = value
    return data


def both(data):
    """Return the formset built by activity_formset() and one whose forms are set up one by one, both bound."""
    kwargs = {"ministries": MINISTRIES, "organizations": ORGANIZATIONS, "years": YEARS}
    new = forms.activity_formset(**kwargs)(data, prefix="act")
    old = django_forms.formset_factory(OneByOne, extra=0, can_order=True, can_delete=True)(
        data, prefix="act", form_kwargs=kwargs
    )
    return new, old


ROWS = [
    {
        "code": "1",
        "text_en": "",
        "text_km": "",
        "activities": [activity("1.1", partners=["aple"]), activity("1.2", lead="justice", budget=None)],
    }
]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"act-0-lead_ministry": "", "act-1-target_en": "", "act-1-end_year": "2009"},
        {"act-0-lead_ministry": "aple", "act-0-partners": "nobody", "act-1-budget": "-3"},
        {"act-0-end_year": "2010", "act-0-start_year": "2012", "act-1-partners": "justice"},
        {"act-0-currency": "EUR", "act-0-code": "", "act-1-budget": "many"},
        # A row added in the browser and left empty, and one added and filled in.
        {"act-TOTAL_FORMS": "4", "act-2-ORDER": "3", "act-3-objective": "1", "act-3-code": "1.3"},
    ],
)
def test_the_same_validation_as_forms_set_up_one_by_one(changes):
    new, old = both(post(ROWS, **changes))
    assert new.is_valid() == old.is_valid()
    assert new.errors == old.errors
    assert new.non_form_errors() == old.non_form_errors()
    assert [form.cleaned_data for form in new.forms] == [form.cleaned_data for form in old.forms]
    assert [form.has_changed() for form in new.forms] == [form.has_changed() for form in old.forms]
    assert [form.has_changed() for form in new.forms] == [bool(form.changed_data) for form in new.forms]


@pytest.mark.parametrize("changes", [{}, {"act-1-text_en": "Changed"}, {"act-0-partners": "justice"}])
def test_rows_the_page_was_given_change_as_they_did(changes):
    _objectives, initial = forms.rows_as_initial(ROWS)
    new, old = both(post(ROWS, **changes))
    kwargs = old.form_kwargs
    new = type(new)(new.data, prefix="act", initial=initial)
    old = type(old)(old.data, prefix="act", initial=initial, form_kwargs=kwargs)
    assert [form.has_changed() for form in new.forms] == [form.has_changed() for form in old.forms]
    assert [form.has_changed() for form in new.forms] == [bool(form.changed_data) for form in new.forms]
    assert new.errors == old.errors


def test_each_form_has_its_own_fields_and_widgets_and_the_form_class_keeps_none_of_the_choices():
    formset = forms.activity_formset(ministries=MINISTRIES, organizations=ORGANIZATIONS, years=YEARS)(
        post(rows_with(3)), prefix="act"
    )
    first, second = formset.forms[:2]
    first.fields["code"].widget.attrs["data-x"] = "1"
    first.fields["budget"].validators.append(lambda value: None)
    first.fields["code"].label = "Changed"
    assert "data-x" not in second.fields["code"].widget.attrs
    assert len(second.fields["budget"].validators) == len(forms.ActivityForm.base_fields["budget"].validators)
    assert second.fields["code"].label == "Code"
    assert first.fields["lead_ministry"].widget is not second.fields["lead_ministry"].widget
    assert list(second.fields["partners"].choices) == ORGANIZATIONS
    assert list(second.fields["start_year"].widget.choices) == [(year, year) for year in YEARS]
    assert list(forms.ActivityForm.base_fields["partners"].choices) == []
    assert list(forms.ActivityForm.base_fields["lead_ministry"].choices) == []


def _markup(formset):
    """Return the formset's rows as the editor draws them (every field, its label and errors), whitespace aside."""
    from django.template.loader import render_to_string

    html = "".join(
        render_to_string("workplan/drafting/_activity_row.html", {"form": form})
        for form in [*formset, formset.empty_form]
    )
    # Jinja2 (MarkupSafe) writes quotes as &#34; and &#39;, Django as &quot; and &#x27;: the same characters.
    html = html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
    return " ".join(html.replace("><", "> <").split())


@pytest.mark.parametrize("bound", [False, True])
def test_rows_drawn_by_jinja2_are_the_markup_django_templates_draw(bound):
    from django.forms.renderers import DjangoTemplates

    rows = rows_with(3)
    rows[0]["activities"][0]["partners"] = ["aple", "justice"]
    rows[1]["activities"][0]["text_en"] = '</textarea><script>alert("x")</script>'
    data = post(rows, **{"act-0-code": "", "act-1-end_year": "2009", "act-2-budget": "-5"}) if bound else None
    initial = None if bound else forms.rows_as_initial(rows)[1]
    formset_class = forms.activity_formset(ministries=MINISTRIES, organizations=ORGANIZATIONS, years=YEARS)
    assert formset_class.renderer is forms.ROWS_RENDERER
    jinja = formset_class(data, initial=initial, prefix="act")
    django = type("DjangoDrawn", (formset_class,), {"renderer": DjangoTemplates()})(data, initial=initial, prefix="act")
    if bound:
        assert not jinja.is_valid() and not django.is_valid()
    drawn = _markup(jinja)
    assert drawn == _markup(django)
    assert 'name="act-0-partners"' in drawn and "selected" in drawn
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn
    if bound:
        assert "errorlist" in drawn
