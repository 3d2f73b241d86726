"""The search index: one document per plan, section, objective, activity and comment, kept by the save services."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workplan.models.drafting import Section
from workplan.models.plans import Draft, Plan


class SearchDocument(models.Model):
    """What search finds of one object of the plan, in both languages, and where it belongs.

    Written by workplan.search.services in the transaction of the save that
    changes the object; never read without workplan.policies. Who may find a
    document is asked of its section (its draft's state, its reviewers) at
    every search, so a draft moving on needs no write here. The Khmer texts
    are stored cut into words (workplan.search.khmer); `vector` is PostgreSQL's
    tsvector of all four texts (English with the 'english' configuration, the
    Khmer words with 'simple'), empty on SQLite, which searches the texts.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", _("Plan")
        SECTION = "section", _("Section")
        OBJECTIVE = "objective", _("Objective")
        ACTIVITY = "activity", _("Activity")
        COMMENT = "comment", pgettext_lazy("search result", "Comment")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    # The id of the plan, section, objective, activity or comment (of the model `kind` names).
    object_id = models.PositiveBigIntegerField(_("object id"))
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    code = models.CharField(_("code"), max_length=10, blank=True)
    title_en = models.TextField(_("title in English"), blank=True)
    title_km = models.TextField(_("title in Khmer, cut into words"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    text_km = models.TextField(_("text in Khmer, cut into words"), blank=True)
    # The codes of the ministries that lead or partner in the activities, each between spaces (" interior health ").
    ministries = models.TextField(_("ministries"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    vector = SearchVectorField(_("search vector"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="workplan_search_document_unique"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
