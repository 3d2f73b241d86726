"""Roles follow the organisation: a seat started or ended in the admin moves its powers at the next request."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from commission.models import CommissionMembership, SecretariatMembership
from members import roles
from members.models import LiaisonMembership, Organization, User
from taskforces.models import TaskForceMembership
from tests.factories import LiaisonMembershipFactory, OrganizationFactory, UserFactory
from tests.workplan import matrix_support
from tests.workplan.builders import Review
from workplan import policies

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    return Review()


@pytest.fixture
def root():
    return signed_in(UserFactory(username="root", is_staff=True, is_superuser=True))


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def form_data(page):
    """Return the POST data of an admin change page as it shows: the main form and every inline's rows."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(item) for item in value]
            else:
                data[form.add_prefix(name)] = "on" if value is True else str(value)
    return data


def saved(response):
    """Assert that an admin form was saved (redirected), showing its errors otherwise."""
    if response.status_code != 302:
        context = response.context
        errors = [context["adminform"].form.errors] if context and "adminform" in context else []
        for inline in (context or {}).get("inline_admin_formsets", []):
            errors += [inline.formset.non_form_errors(), inline.formset.errors]
        raise AssertionError(f"the admin did not save: {response.status_code} {errors}")
    return response


def membership_events(**filters):
    return AuditEvent.objects.filter(action__startswith="membership.", **filters).order_by("pk")


def api_transition(client, draft, action):
    return client.post(f"/api/v1/drafts/{draft.pk}/transitions/", {"action": action}, content_type="application/json")


def test_a_chief_replaced_in_the_admin_hands_every_power_to_the_successor_at_the_next_request(review, root):
    today = timezone.localdate()
    draft, old = review.draft, review.chief
    # No staff status ticked by hand: the chief's seat alone opens the admin.
    successor = UserFactory(username="successor")
    as_old, as_successor = signed_in(old), signed_in(successor)
    draft_page, draft_api = reverse("workplan:draft", args=[draft.pk]), f"/api/v1/drafts/{draft.pk}/"
    memberships_admin = reverse("admin:commission_secretariatmembership_changelist")
    assert as_old.get(draft_api).status_code == 200
    assert as_old.get(memberships_admin).status_code == 200
    assert as_successor.get(draft_api).status_code == 404
    assert as_successor.get(memberships_admin).status_code == 302  # to the admin's sign-in: not for them
    assert 'href="/admin/"' not in as_successor.get("/dashboard/").content.decode()

    # In one change of the secretariat, as the rule "exactly one chief" wants: end the chief's seat, seat the successor.
    seat = SecretariatMembership.objects.active().get(person=old)
    url = reverse("admin:commission_secretariat_change", args=[seat.secretariat_id])
    page = root.get(url)
    data = form_data(page)
    (formset,) = [inline.formset for inline in page.context["inline_admin_formsets"]]
    (row,) = [index for index, form in enumerate(formset.forms) if form.instance.pk == seat.pk]
    data[f"{formset.prefix}-{row}-ended_on"] = today.isoformat()
    new = len(formset.forms)
    data[f"{formset.prefix}-TOTAL_FORMS"] = str(new + 1)
    data.update(
        {
            f"{formset.prefix}-{new}-person": str(successor.pk),
            f"{formset.prefix}-{new}-role": SecretariatMembership.Role.CHIEF,
            f"{formset.prefix}-{new}-started_on": today.isoformat(),
            f"{formset.prefix}-{new}-secretariat": str(seat.secretariat_id),
        }
    )
    saved(root.post(url, data))

    # The next request: the former chief meets the 404 of a draft they may not see, and loses the admin.
    assert as_old.get(draft_page).status_code == 404
    assert as_old.get(draft_api).status_code == 404
    assert api_transition(as_old, draft, "submit_for_review").status_code == 404
    assert as_old.get(memberships_admin).status_code == 403
    # The successor opens the draft, moves it and keeps the organisation in the admin.
    assert as_successor.get(draft_page).status_code == 200
    moved = api_transition(as_successor, draft, "submit_for_review")
    assert moved.status_code == 200, moved.content
    assert moved.json()["state"] == "in_review"
    assert as_successor.get(memberships_admin).status_code == 200
    assert 'href="/admin/"' in as_successor.get("/dashboard/").content.decode()
    assert roles.roles_of(User.objects.get(pk=old.pk)) == set()
    assert roles.roles_of(User.objects.get(pk=successor.pk)) == {roles.CHIEF}

    ended, started = membership_events()
    assert (ended.action, ended.object_type, ended.object_id) == (
        "membership.end",
        "commission.secretariatmembership",
        str(seat.pk),
    )
    assert ended.details["person"] == old.username and ended.details["role"] == "chief"
    assert ended.details["ended_on"] == today.isoformat()
    new_seat = SecretariatMembership.objects.active().get(person=successor)
    assert (started.action, started.object_id) == ("membership.start", str(new_seat.pk))
    assert started.details["person"] == "successor" and started.details["role"] == "chief"
    assert {ended.actor_label, started.actor_label} == {"root"}


def test_a_chair_replaced_in_the_admin_loses_the_chairs_decision(review, root):
    review.submit()
    review.approve_all()
    from workplan import workflow

    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    old, successor = review.chair, UserFactory(username="new-chair")
    seat = CommissionMembership.objects.active().get(person=old)
    seat.commission.ministries.add(review.interior)
    url = reverse("admin:commission_commission_change", args=[seat.commission_id])
    page = root.get(url)
    data = form_data(page)
    (formset,) = [inline.formset for inline in page.context["inline_admin_formsets"]]
    (row,) = [index for index, form in enumerate(formset.forms) if form.instance.pk == seat.pk]
    today = timezone.localdate().isoformat()
    data[f"{formset.prefix}-{row}-ended_on"] = today
    new = len(formset.forms)
    data[f"{formset.prefix}-TOTAL_FORMS"] = str(new + 1)
    data[f"{formset.prefix}-{new}-person"] = str(successor.pk)
    data[f"{formset.prefix}-{new}-role"] = CommissionMembership.Role.CHAIR
    data[f"{formset.prefix}-{new}-started_on"] = today
    data[f"{formset.prefix}-{new}-commission"] = str(seat.commission_id)
    saved(root.post(url, data))

    assert api_transition(signed_in(old), review.draft, "chair_approve").status_code == 404
    approved = api_transition(signed_in(successor), review.draft, "chair_approve")
    assert approved.status_code == 200 and approved.json()["state"] == "with_council"
    assert [event.action for event in membership_events()] == ["membership.end", "membership.start"]


def test_staff_whose_seat_ends_in_the_admin_stop_writing_their_section(review, root):
    section, staff = review.section, review.staff
    as_staff = signed_in(staff)
    edit = reverse("workplan:section-edit", args=[section.pk])
    assert as_staff.get(edit).status_code == 200
    seat = SecretariatMembership.objects.active().get(person=staff)
    url = reverse("admin:commission_secretariatmembership_change", args=[seat.pk])
    data = form_data(root.get(url))
    data["ended_on"] = timezone.localdate().isoformat()
    saved(root.post(url, data))

    # Still in the task force, no longer in the secretariat: no staff powers, and a drafted section is not theirs.
    assert TaskForceMembership.objects.active().filter(person=staff).exists()
    assert as_staff.get(edit).status_code == 404
    assert as_staff.get(reverse("workplan:section", args=[section.pk])).status_code == 404
    assert staff.pk not in {person.pk for person in policies.task_force_staff(section)}
    (event,) = membership_events()
    assert (event.action, event.object_id, event.details["role"]) == ("membership.end", str(seat.pk), "member")


def test_a_liaison_whose_ministry_seat_ends_loses_the_ministrys_reviews_at_the_next_request(review, root):
    review.submit()
    liaison = review.liaison
    as_liaison = signed_in(liaison)
    section_api = f"/api/v1/sections/{review.section.pk}/"
    assert as_liaison.get("/api/v1/reviews/").json()["count"] > 0
    assert as_liaison.get(section_api).status_code == 200
    assert as_liaison.get(reverse("workplan:section", args=[review.section.pk])).status_code == 200
    dashboard = as_liaison.get("/dashboard/")
    assert {r.ministry_id for r in dashboard.context["work"]["my_reviews"]} == {review.interior.pk}

    seat = LiaisonMembership.objects.active().get(person=liaison)
    url = reverse("admin:members_liaisonmembership_change", args=[seat.pk])
    data = form_data(root.get(url))
    data["ended_on"] = timezone.localdate().isoformat()
    saved(root.post(url, data))

    # The account still names the ministry: only the seat counted.
    assert User.objects.get(pk=liaison.pk).organization == review.interior
    assert as_liaison.get("/api/v1/reviews/").json()["count"] == 0
    assert as_liaison.get(section_api).status_code == 404
    assert as_liaison.get(reverse("workplan:section", args=[review.section.pk])).status_code == 404
    dashboard = as_liaison.get("/dashboard/")
    assert "my_reviews" not in dashboard.context["work"]
    assert dashboard.context["roles"] == []
    assert liaison.pk not in {person.pk for person in policies.reviewers_of([review.section])}
    (event,) = membership_events()
    assert (event.action, event.object_type, event.object_id) == (
        "membership.end",
        "members.liaisonmembership",
        str(seat.pk),
    )
    assert event.details["person"] == liaison.username and event.details["body"] == f"ministry:{review.interior.pk}"


def test_a_liaison_seat_started_in_the_ministrys_admin_page_gives_its_reviews_whatever_the_account_names(review, root):
    review.submit()
    newcomer = UserFactory(username="newcomer", organization=Organization.objects.get(code="social-affairs"))
    as_newcomer = signed_in(newcomer)
    assert as_newcomer.get("/api/v1/reviews/").json()["count"] == 0
    url = reverse("admin:members_organization_change", args=[review.justice.pk])
    page = root.get(url)
    data = form_data(page)
    (formset,) = [inline.formset for inline in page.context["inline_admin_formsets"]]
    new = len(formset.forms)
    data[f"{formset.prefix}-TOTAL_FORMS"] = str(new + 1)
    data[f"{formset.prefix}-{new}-person"] = str(newcomer.pk)
    data[f"{formset.prefix}-{new}-started_on"] = timezone.localdate().isoformat()
    data[f"{formset.prefix}-{new}-ministry"] = str(review.justice.pk)
    saved(root.post(url, data))

    # The section assigned to Justice, with every review of it; Justice's is the newcomer's to decide.
    listed = as_newcomer.get("/api/v1/reviews/").json()
    assert {item["ministry"] for item in listed["results"]} == {"interior", "justice"}
    page = as_newcomer.get(reverse("workplan:reviews"))
    assert {review.ministry.code for review in page.context["assignments"] if review.mine} == {"justice"}
    decided = as_newcomer.post(
        f"/api/v1/reviews/{next(item['id'] for item in listed['results'] if item['ministry'] == 'justice')}/decision/",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert decided.status_code == 200, decided.content
    (event,) = membership_events()
    assert (event.action, event.details["person"]) == ("membership.start", "newcomer")


def test_a_second_active_seat_for_the_same_ministry_is_refused_in_the_admin(review, root):
    url = reverse("admin:members_liaisonmembership_add")
    response = root.post(
        url,
        {"person": review.liaison.pk, "ministry": review.interior.pk, "started_on": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "already holds an active seat" in response.content.decode()
    assert not membership_events().exists()


def test_a_liaison_seat_is_for_a_ministry_and_ends_after_it_starts(db):
    ngo = Organization.objects.create(code="ngo-x", kind=Organization.Kind.NGO, name_en="NGO", name_km="អង្គការ")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="ministry"):
        LiaisonMembershipFactory.build(ministry=ngo, person=UserFactory()).full_clean()
    seat = LiaisonMembershipFactory()
    seat.ended_on = seat.started_on
    with pytest.raises(ValidationError, match="end after"):
        seat.full_clean()


def test_the_admin_offers_no_seated_role_group_on_a_person(root, db):
    person = UserFactory()
    page = root.get(reverse("admin:members_user_change", args=[person.pk]))
    offered = set(page.context["adminform"].form.fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {roles.AUDITOR}


# --- The per-user answers and the SQL helpers agree, for every role --------------------------------------


def _fresh(people):
    """Return the people read again, so that no answer kept on an object from earlier counts."""
    return list(User.objects.filter(pk__in=[person.pk for person in people]).order_by("pk"))


def test_the_sql_helpers_agree_with_each_persons_roles_after_seats_change(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = matrix_support.World()
    # Seats change: the staff member leaves the secretariat, the Interior liaison moves to Justice, the member
    # leaves the commission, and someone with no account's ministry becomes a Social Affairs liaison.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    SecretariatMembership.objects.active().filter(person=world.people["staff"]).update(ended_on=yesterday)
    CommissionMembership.objects.active().filter(person=world.people["member"]).update(ended_on=yesterday)
    LiaisonMembership.objects.active().filter(person=world.people["liaison"]).update(ended_on=yesterday)
    LiaisonMembershipFactory(person=world.people["liaison"], ministry=world.justice)
    LiaisonMembershipFactory(person=world.guest, ministry=Organization.objects.get(code="social-affairs"))
    people = _fresh([*world.people.values(), world.guest])

    for role in roles.ALL:
        expected = {person.pk for person in people if person.is_active and role in roles.roles_of(person)}
        held = set(policies.people_with_role(role).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
        assert held == expected, role
    for ministry in Organization.objects.ministries():
        expected = {
            person.pk for person in people if person.is_active and ministry.pk in roles.liaison_ministries(person)
        }
        assert {person.pk for person in policies.liaisons_of([ministry.pk])} & {p.pk for p in people} == expected
    assert roles.liaison_ministries(next(p for p in people if p.username == "l-interior")) == {world.justice.pk}

    checked = 0
    for section in [*world.sections.values(), *world.fronts.values()]:
        section.refresh_from_db()
        expected = {person.username for person in people if policies.can_see_section(person, section)}
        assert {person.username for person in policies.section_readers(section, people)} == expected, section
        staff = {person.pk for person in policies.task_force_staff(section)}
        for person in people:
            writes = section.task_force_id is not None and (
                roles.STAFF in policies._held(person) and section.task_force_id in policies._task_force_ids(person)
            )
            if section.task_force_id is not None:
                assert (person.pk in staff) == writes, (person.username, section)
        checked += 1
    assert checked
    drafting = {person.pk for person in policies.drafting_staff(world.sections["drafting"].draft.sections.all())}
    assert world.people["staff"].pk not in drafting
    assert world.people["outsider"].pk in drafting


def test_roles_are_read_in_one_query_and_kept_for_the_request(review, django_assert_num_queries):
    liaison = User.objects.get(pk=review.liaison.pk)
    with django_assert_num_queries(1):
        assert roles.roles_of(liaison) == {roles.LIAISON}
        assert roles.liaison_ministries(liaison) == {review.interior.pk}
        assert roles.roles_of(liaison) == {roles.LIAISON}


# --- The data migration ----------------------------------------------------------------------------------

migration = importlib.import_module("members.migrations.0006_roles_from_memberships")


def _in_group(role, **kwargs):
    person = UserFactory(**kwargs)
    person.groups.add(Group.objects.get(name=role))
    return person


def test_the_migration_seats_each_liaison_for_the_ministry_their_account_names(db):
    ministry = OrganizationFactory(code="interior")
    liaison = _in_group(roles.LIAISON, organization=ministry)
    unplaced = _in_group(roles.LIAISON)
    auditor = _in_group(roles.AUDITOR)
    migration.seat_the_liaisons(django_apps, None)

    seat = LiaisonMembership.objects.get()
    assert (seat.person, seat.ministry, seat.started_on, seat.ended_on) == (
        liaison,
        ministry,
        timezone.localdate(),
        None,
    )
    assert roles.liaison_ministries(liaison) == {ministry.pk}
    assert roles.roles_of(unplaced) == set()
    # The seated roles' groups keep their permissions and lose their people; the auditors stay.
    assert not Group.objects.filter(name__in=roles.SEATED, user__isnull=False).exists()
    assert list(Group.objects.filter(user=auditor).values_list("name", flat=True)) == [roles.AUDITOR]

    migration.give_the_groups_back(django_apps, None)
    assert list(liaison.groups.values_list("name", flat=True)) == [roles.LIAISON]


def test_the_migration_stops_rather_than_take_a_role_from_someone_without_its_seat(db):
    _in_group(roles.STAFF, username="staff-without-seat")
    seated = UserFactory(roles=[roles.CHIEF])
    seated.groups.add(Group.objects.get(name=roles.CHIEF))
    with pytest.raises(RuntimeError, match=r"staff-without-seat \(secretariat_staff\)") as refusal:
        migration.seat_the_liaisons(django_apps, None)
    assert seated.username not in str(refusal.value)
