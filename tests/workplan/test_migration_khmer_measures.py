"""Migration 0008 keeps the measures' text as the English values, and going back keeps the old rule.

An activity's indicator, baseline, target and means of verification were in
English only: forwards, they become the `_en` fields and the `_km` ones are
empty; backwards, the Khmer is dropped and an English indicator whose target
was written in Khmer only is given that target.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from core import dbroles
from tests.workplan.builders import Drafting
from workplan.models import Activity

BEFORE = [("workplan", "0005_notification_scopes")]


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
def test_the_measures_become_the_english_ones_and_back():
    drafting = Drafting(activities=2)
    first, second = Activity.objects.filter(objective__section=drafting.section).order_by("code")
    # A Khmer target only: the new rule allows it, the old one needs the English target.
    Activity.objects.filter(pk=first.pk).update(indicator_km="ចំនួនអ្នក", target_en="", target_km="១០០")

    old = migrate(BEFORE).get_model("workplan", "Activity")
    back = old.objects.get(pk=first.pk)
    assert (back.indicator, back.target) == ("People trained", "១០០"), "the old rule holds again"
    assert {field.name for field in old._meta.fields} >= {"indicator", "baseline", "target", "means_of_verification"}
    old.objects.filter(pk=second.pk).update(
        indicator="Officers trained", baseline="12", target="1,200", means_of_verification="Lists"
    )

    migrate()
    kept = Activity.objects.get(pk=second.pk)
    assert (kept.indicator_en, kept.baseline_en, kept.target_en, kept.means_of_verification_en) == (
        "Officers trained",
        "12",
        "1,200",
        "Lists",
    )
    assert (kept.indicator_km, kept.baseline_km, kept.target_km, kept.means_of_verification_km) == ("", "", "", "")
    # The rule, in both languages: an indicator in either needs a target in either.
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=second.pk).update(target_en="")
    Activity.objects.filter(pk=second.pk).update(target_en="", target_km="១២០០")
