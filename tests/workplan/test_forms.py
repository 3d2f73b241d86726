"""The editor's row forms: an activity and an objective opened on their own, and the error summary they show."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from core.templatetags.formhelp import error_summary
from tests.workplan.builders import activity
from workplan.drafting import forms

MINISTRIES = [("interior", "Interior"), ("justice", "Justice")]
ORGANIZATIONS = [*MINISTRIES, ("aple", "APLE")]
YEARS = range(2010, 2015)
OBJECTIVES = [("1", "1 – Prevention"), ("2", "2 – Protection")]
CHOICES = {"ministries": MINISTRIES, "organizations": ORGANIZATIONS, "years": YEARS, "objectives": OBJECTIVES}


def data(**changes):
    """Return an activity form's POST data (as the browser sends it), with changes."""
    row = {**activity("1.1", partners=["justice"]), "objective": "1"}
    values = {name: ("" if value is None else value) for name, value in row.items() if name != "code"}
    values.update(version=3, section_version=7, summary="")
    values.update(changes)
    return values


def test_an_activity_form_gives_the_row_the_services_take():
    form = forms.ActivityEditForm(data(budget="២៥០,០០០", partners=["aple", "justice"]), **CHOICES)
    assert form.is_valid(), form.errors
    changes = form.changes()
    assert changes["budget"] == "250000"
    assert changes["partners"] == ["aple", "justice"]
    assert changes["objective"] == "1"
    assert "code" not in changes and "version" not in changes and "summary" not in changes
    assert set(changes) == set(forms.ROW_FIELDS) - {"code"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_year": 2010, "start_year": 2012}, "end_year", "The last year cannot come before the first year."),
        ({"target_en": "", "target_km": ""}, "target_en", "An indicator needs a target"),
        (
            {"indicator_km": "ចំនួន", "indicator_en": "", "target_en": "", "target_km": ""},
            "target_km",
            "An indicator needs a target",
        ),
        ({"partners": ["interior"], "lead_ministry": "interior"}, "partners", "cannot also be a partner"),
        ({"start_year": 2009}, "start_year", "2009 is not one of the available choices"),
        ({"objective": "9"}, "objective", "9 is not one of the available choices"),
        ({"budget": "a lot"}, "budget", "Write the amount in digits"),
    ],
)
def test_an_activity_form_names_each_problem_under_its_field(changes, field, message):
    with translation.override("en"):
        form = forms.ActivityEditForm(data(**changes), **CHOICES)
        assert not form.is_valid()
        assert any(message in error for error in form.errors[field]), form.errors


def test_the_error_summary_links_each_problem_to_its_control():
    with translation.override("en"):
        form = forms.ActivityEditForm(data(lead_ministry="", partners=["interior", "nobody"]), **CHOICES)
        assert not form.is_valid()
        summary = error_summary(form)
    anchors = {anchor for anchor, _label, _message in summary}
    # A select is reached by its own id, a list of checkboxes by its first box.
    assert anchors == {"activity-form-lead_ministry", "activity-form-partners_0"}
    html = render_to_string("portal/_error_summary.html", {"form": form})
    assert 'href="#activity-form-lead_ministry"' in html and "There are 2 problems" in html
    assert error_summary(forms.ActivityEditForm(**CHOICES)) == []  # nothing to say of a form not sent


def test_the_partner_picker_names_what_is_chosen_and_lists_every_organisation():
    form = forms.ActivityEditForm(initial={"partners": ["aple"]}, **CHOICES)
    with translation.override("en"):
        html = render_to_string("workplan/drafting/_partner_picker.html", {"field": form["partners"]})
    assert '<span class="chip">APLE</span>' in html
    assert html.count('type="checkbox"') == len(ORGANIZATIONS)
    assert "data-filter" in html  # the box that filters as one types (shown by the script)


def test_an_objective_needs_words_in_one_language():
    with translation.override("en"):
        form = forms.ObjectiveEditForm({"text_km": " ", "text_en": "", "section_version": 3})
        assert not form.is_valid()
        assert form.non_field_errors() == ["Write the objective, in Khmer or in English."]
    assert forms.ObjectiveEditForm({"text_km": "គោលបំណង", "text_en": "", "section_version": 3}).is_valid()


def test_objective_choices_are_in_the_page_language_and_shortened():
    rows = [
        {"code": "1", "text_en": "Prevent " + "x" * 100, "text_km": "ការពារ"},
        {"code": "2", "text_en": "", "text_km": ""},
    ]
    with translation.override("km"):
        assert forms.objective_choices(rows) == [("1", "1 – ការពារ"), ("2", "2")]
    with translation.override("en"):
        (first, _second) = forms.objective_choices(rows)
    assert first[1].startswith("1 – Prevent x") and first[1].endswith("…") and len(first[1]) == 84
