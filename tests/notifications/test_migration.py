"""Notifications keep what they are about across the move from foreign keys into the work plan to a generic reference.

Migrations 0004 to 0006 of notifications, run forwards and backwards on a
database holding rows of each shape: about nothing, a draft, a section, a
review; forwards, 0007 and workplan 0005 give each its scope (the draft).
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import dbroles
from notifications.models import Notification
from tests.workplan.builders import Review

OLD = [("notifications", "0003_outbox_delivery")]


def migrate(targets=None):
    """Migrate to `targets` (the latest of every app by default); return the app registry of that state.

    As `manage.py migrate` does: connected as the tables' owner, then the portal's role granted its rows.
    """
    with dbroles.connected_as_owner():
        executor = MigrationExecutor(connection)
        targets = targets or executor.loader.graph.leaf_nodes()
        executor.migrate(targets)
        dbroles.grant_after_migrate(sender=None, using=connection.alias)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_row_keeps_its_reference_forwards_and_backwards():
    review = Review()
    review.submit()  # writes rows in today's shape: the liaisons are told about the draft
    assignment = review.section.reviews.get(ministry=review.interior)
    person = review.liaison

    old = migrate(OLD).get_model("notifications", "Notification")
    assert set(old.objects.filter(kind="review_requested").values_list("draft", "section", "review")) == {
        (review.draft.pk, None, None)
    }, "going back, the rows written since are about their draft again"
    rows = {
        "nothing": old.objects.create(recipient_id=person.pk, kind="draft_shared"),
        "draft": old.objects.create(recipient_id=person.pk, kind="draft_shared", draft_id=review.draft.pk),
        "section": old.objects.create(
            recipient_id=person.pk, kind="comment", draft_id=review.draft.pk, section_id=review.section.pk
        ),
        "review": old.objects.create(
            recipient_id=person.pk,
            kind="reminder",
            draft_id=review.draft.pk,
            section_id=review.section.pk,
            review_id=assignment.pk,
            dedupe_key="reminder:old",
        ),
    }

    migrate()
    kept = Notification.objects.in_bulk([row.pk for row in rows.values()])
    assert kept[rows["nothing"].pk].subject is None
    assert kept[rows["draft"].pk].subject == review.draft
    assert kept[rows["section"].pk].subject == review.section
    assert kept[rows["review"].pk].subject == assignment, "the most specific reference is kept"
    assert kept[rows["review"].pk].dedupe_key == "reminder:old"
    scopes = {name: (kept[row.pk].scope_type, kept[row.pk].scope_id) for name, row in rows.items()}
    draft = ("workplan.draft", review.draft.pk)
    assert scopes == {"nothing": ("", None), "draft": draft, "section": draft, "review": draft}, "within the draft"
    assert {row.subject for row in Notification.objects.filter(kind="review_requested")} == {review.draft}
    assert Notification.objects.count() == len(rows) + 2

    old = migrate(OLD).get_model("notifications", "Notification")
    back = {row.pk: (row.draft_id, row.section_id, row.review_id) for row in old.objects.all()}
    assert back[rows["nothing"].pk] == (None, None, None)
    assert back[rows["draft"].pk] == (review.draft.pk, None, None)
    assert back[rows["section"].pk] == (review.draft.pk, review.section.pk, None)
    assert back[rows["review"].pk] == (review.draft.pk, review.section.pk, assignment.pk)

    migrate()  # leave the schema as the other tests expect it
    assert Notification.objects.get(pk=rows["review"].pk).subject == assignment
