"""The search form: the words, and filters whose choices are what the person may see."""

from django import forms
from django.utils.translation import gettext_lazy

from workplan.search.selectors import Filters


class SearchForm(forms.Form):
    """The words to find, and the filters (plan, draft, task force, ministry, year).

    A form, not the query string read as it is: a field refuses a NUL character, which PostgreSQL refuses in
    text (a server error otherwise), and a plan or draft the person may not see is refused like one that does
    not exist ("Select a valid choice").
    """

    q = forms.CharField(required=False, label=gettext_lazy("Words to find"))
    plan = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=gettext_lazy("Plan"))
    draft = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=gettext_lazy("Draft"))
    task_force = forms.ChoiceField(required=False, label=gettext_lazy("Task force"))
    ministry = forms.ChoiceField(required=False, label=gettext_lazy("Ministry"))
    year = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=gettext_lazy("Year"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = choices
        every = [("", gettext_lazy("All"))]
        self.fields["plan"].choices = every + [(plan.pk, plan.name) for plan in choices["plans"]]
        self.fields["task_force"].choices = every + [(force.code, force.name) for force in choices["task_forces"]]
        self.fields["ministry"].choices = every + [(ministry.code, ministry.name) for ministry in choices["ministries"]]
        self.fields["year"].choices = every + [(year, year) for year in choices["years"]]
        if choices["drafts"] is None:
            del self.fields["draft"]  # the public finds each plan as its public page shows it: one draft
        else:
            self.fields["draft"].choices = every + [(draft.pk, str(draft)) for draft in choices["drafts"]]

    def words(self):
        """Return the words to look for: at most 200 characters, none if the form is not valid."""
        return self.cleaned_data["q"][:200] if self.is_valid() else ""

    def filters(self):
        """Return the chosen filters, each as the object chosen (none if the form is not valid)."""
        if not self.is_valid():
            return Filters()
        data, choices = self.cleaned_data, self._choices

        def pick(objects, value, key="pk"):
            return next((obj for obj in objects if getattr(obj, key) == value), None)

        return Filters(
            plan=pick(choices["plans"], data["plan"]),
            draft=pick(choices["drafts"] or [], data.get("draft")),
            task_force=pick(choices["task_forces"], data["task_force"], "code"),
            ministry=pick(choices["ministries"], data["ministry"], "code"),
            year=data["year"],
        )
