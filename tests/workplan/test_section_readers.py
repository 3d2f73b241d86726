"""policies.section_readers answers, for many people at once, exactly what can_see_section answers for each."""

import pytest

from tests.workplan import test_matrix as matrix
from workplan import policies
from workplan.review import services as reviews

pytestmark = pytest.mark.django_db


def test_section_readers_agrees_with_can_see_section_for_every_role_and_state(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = matrix.World()
    people = [*world.people.values(), world.guest]
    # A share, so the grant rule is exercised too.
    reviews.draft_share(draft=world.drafts["with_chair"], actor=world.people["chief"], person=world.guest)
    checked = 0
    for section in [*world.sections.values(), *world.fronts.values()]:
        section.refresh_from_db()
        expected = {person.username for person in people if policies.can_see_section(person, section)}
        readers = {person.username for person in policies.section_readers(section, people)}
        assert readers == expected, (section.draft.state, section)
        checked += 1
    assert checked == 2 * len(world.sections)
    assert "guest-x" in {p.username for p in policies.section_readers(world.sections["with_chair"], people)}


def test_section_readers_costs_one_query_for_any_number_of_people(django_assert_num_queries, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = matrix.World()
    section = world.sections["in_review"]
    section.draft  # noqa: B018 (loaded before counting)
    with django_assert_num_queries(1):
        policies.section_readers(section, [world.guest])
    with django_assert_num_queries(1):
        policies.section_readers(section, [*world.people.values(), world.guest])


def test_reviews_to_decide_agrees_with_can_review_and_stays_within_what_one_may_see(settings, tmp_path):
    from workplan.models import ReviewAssignment

    settings.MEDIA_ROOT = tmp_path
    world = matrix.World()
    assignments = list(ReviewAssignment.objects.select_related("section__draft"))
    # A removed assignment must drop out too.
    ReviewAssignment.objects.filter(pk=assignments[0].pk).update(removed_at="2026-01-01T00:00Z")
    assignments = list(ReviewAssignment.objects.select_related("section__draft"))
    decided = 0
    for person in [*world.people.values(), world.guest]:
        expected = {a.pk for a in assignments if policies.can_review(person, a)}
        assert set(policies.reviews_to_decide(person).values_list("pk", flat=True)) == expected, person.username
        assert expected <= set(policies.visible_reviews(person).values_list("pk", flat=True))
        decided += len(expected)
    assert decided > 0
