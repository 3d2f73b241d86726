"""What the work plan tells people, and how its notifications find the draft, section or review they are about.

The kinds of event below are declared with the outbox (their stored values
are those rows have always held); workflow/services.py, review/services.py and review/reminders.py
name them as `notices.X`. `register_subjects()`, run from
WorkplanConfig.ready(), lets notifications be about drafts, sections and
review assignments (`notify(..., draft=, section=, review=)`) and answers
for them from workplan.policies: a reader is told about a draft, its
sections and their reviews while they may see the draft, and a notification
links to its section only while they may read that section (to the draft
otherwise).
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import register_kind, register_subject

from . import policies
from .models import Draft, ReviewAssignment, Section

REVIEW_REQUESTED = register_kind("review_requested", gettext_lazy("A section waits for your ministry's review"))
REVIEW_AGAIN = register_kind(
    "review_again", gettext_lazy("A section you approved has changed and waits for review again")
)
COMMENT = register_kind("comment", gettext_lazy("A new comment"))
CHANGES_REQUESTED = register_kind("changes_requested", gettext_lazy("A ministry asked for changes"))
SECTION_APPROVED = register_kind("section_approved", gettext_lazy("A ministry approved a section"))
DRAFT_RETURNED = register_kind("draft_returned", gettext_lazy("A draft was sent back"))
SUBMITTED_TO_CHAIR = register_kind("submitted_to_chair", gettext_lazy("A draft was submitted to the chair"))
CHAIR_APPROVED = register_kind(
    "chair_approved", gettext_lazy("The chair approved a draft: it goes to the Council of Ministers")
)
DECISION_RECORDED = register_kind("decision_recorded", gettext_lazy("The Council of Ministers' decision was recorded"))
DRAFT_SHARED = register_kind("draft_shared", gettext_lazy("A draft was shared with you"))
REMINDER = register_kind("reminder", gettext_lazy("A review is due soon"))
OVERDUE = register_kind("overdue", gettext_lazy("A review is overdue"))


def register_subjects():
    """Let notifications be about drafts, sections and review assignments, answered by workplan.policies."""
    register_subject(
        Draft,
        keyword="draft",
        visible=policies.visible_drafts,
        prepare=lambda user, drafts: drafts.select_related("plan"),
        link=lambda user, draft: (reverse("workplan:draft", args=[draft.pk]), str(draft)),
        describe=lambda draft: [(_("Draft"), str(draft))],
    )
    register_subject(
        Section,
        keyword="section",
        within="draft",
        path="draft",
        prepare=lambda user, sections: sections.select_related("draft__plan").annotate(readable=_readable(user, "pk")),
        link=lambda user, section: _section_link(section, section.readable),
        describe=_describe_section,
    )
    register_subject(
        ReviewAssignment,
        keyword="review",
        within="section",
        path="section",
        prepare=lambda user, reviews: reviews.select_related("section__draft__plan", "ministry").annotate(
            readable=_readable(user, "section_id")
        ),
        link=lambda user, review: _section_link(review.section, review.readable),
        describe=lambda review: _describe_section(review.section) + _review_lines(review),
        details=lambda review: [value for _label, value in _review_lines(review, brief=True)],
    )


def _readable(user, section_ref):
    """Return whether the user may read the section at `section_ref` (an annotation: no query of its own)."""
    return Exists(policies.visible_sections(user, Section.objects.filter(pk=OuterRef(section_ref))))


def _section_link(section, readable):
    if readable:
        return reverse("workplan:section", args=[section.pk]), section.title
    return reverse("workplan:draft", args=[section.draft_id]), str(section.draft)


def _describe_section(section):
    return [(_("Draft"), str(section.draft)), (_("Section"), section.title)]


def _review_lines(review, brief=False):
    lines = [(_("Ministry"), str(review.ministry))]
    if review.due_on:
        day = date_format(review.due_on, "DATE_FORMAT")
        lines.append((_("Due on"), _("due on %(date)s") % {"date": day} if brief else day))
    return lines
