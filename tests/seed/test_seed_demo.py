"""seed_demo loads the commission the article describes, and a second run changes nothing."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from commission.models import Commission, CommissionMembership, SecretariatMembership, SubDecree
from members import roles
from members.models import LiaisonMembership, Organization, User
from seed.article import read_facts
from taskforces.models import TaskForce, TaskForceMembership

TASK_FORCES = {
    "prevention",
    "rehabilitation",
    "law-enforcement",
    "justice",
    "international-cooperation",
    "child-affairs",
}


def seed(**kwargs):
    out = StringIO()
    call_command("seed_demo", stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return seed()


def test_article_facts_are_read_from_the_report():
    facts = read_facts()
    assert facts.commission_seats == 18
    assert facts.secretariat_seats == 57
    assert facts.ministry_count == 14
    assert facts.task_force_count == 6
    assert facts.signed_on == datetime.date(2009, 9, 25)
    assert facts.chair == "Sar Kheng"
    assert facts.chief == "Chou Bun Eng"
    assert facts.commission_name == (
        "National Commission to Combat Human Trafficking, Labor Exploitation and Women and Child Sex Trafficking"
    )


def test_counts_match_the_sub_decree(seeded):
    sub_decree = SubDecree.objects.get()
    assert (sub_decree.signed_on, sub_decree.commission_seats, sub_decree.secretariat_seats) == (
        datetime.date(2009, 9, 25),
        18,
        57,
    )
    commission = Commission.objects.get()
    assert commission.name_en.startswith("National Commission to Combat Human Trafficking")
    assert "គណៈកម្មាធិការជាតិ" in commission.name_km
    assert CommissionMembership.objects.active().count() == 18
    assert SecretariatMembership.objects.active().count() == 57
    assert commission.ministries.count() == 14
    assert set(TaskForce.objects.values_list("code", flat=True)) == TASK_FORCES


def test_the_people_the_article_names(seeded):
    chair = CommissionMembership.objects.active().get(role="chair")
    assert chair.person.name_en == "Sar Kheng"
    assert chair.organization.code == "interior"
    chief = SecretariatMembership.objects.active().get(role="chief")
    assert chief.person.name_en == "Chou Bun Eng"
    secretariat = set(SecretariatMembership.objects.active().values_list("person__name_en", flat=True))
    assert {
        "Ten Borany",
        "Head of Action Pour Les Enfants",
        "Head of Legal Support for Children and Women",
    } <= secretariat
    named = set(Organization.objects.filter(is_illustrative=False, kind="ministry").values_list("code", flat=True))
    assert named == {"interior", "culture", "posts-telecom"}
    assert Organization.objects.filter(kind="ministry", is_illustrative=True).count() == 11


def test_secretariat_is_spread_over_the_ministries_and_task_forces(seeded):
    ministries = set(
        SecretariatMembership.objects.active()
        .filter(organization__kind="ministry")
        .values_list("organization__code", flat=True)
    )
    assert len(ministries) == 14
    for task_force in TaskForce.objects.all():
        active = TaskForceMembership.objects.active().filter(task_force=task_force)
        assert active.filter(role="lead").count() == 1
        assert active.count() >= 5
    # Everyone in the secretariat but the chief works in a task force.
    in_task_forces = set(TaskForceMembership.objects.active().values_list("person", flat=True))
    staff = set(SecretariatMembership.objects.active().exclude(role="chief").values_list("person", flat=True))
    assert staff == in_task_forces


def test_demo_accounts(seeded):
    expected = {"chief", "chair", "member", "auditor"}
    expected |= {f"staff-{code}" for code in TASK_FORCES}
    expected |= {f"liaison-{code}" for code in Organization.objects.ministries().values_list("code", flat=True)}
    assert len(expected) == 4 + 6 + 14
    demo = User.objects.filter(is_demo=True)
    assert set(demo.values_list("username", flat=True)) == expected
    assert roles.roles_of(User.objects.get(username="chief")) == {roles.CHIEF}
    assert roles.roles_of(User.objects.get(username="liaison-culture")) == {roles.LIAISON}
    assert User.objects.get(username="liaison-culture").organization.code == "culture"
    # Everyone else has no usable password.
    assert not any(user.has_usable_password() for user in User.objects.filter(is_demo=False))
    # Listed by the command, which `make run` shows.
    for username in expected:
        assert username in seeded


def test_every_demo_account_holds_its_role_through_its_seat(seeded):
    """The demo accounts hold the same powers as when roles were groups: each role, and only it."""
    expected = {"chief": {roles.CHIEF}, "chair": {roles.CHAIR}, "member": {roles.MEMBER}, "auditor": {roles.AUDITOR}}
    expected |= {f"staff-{code}": {roles.STAFF} for code in TASK_FORCES}
    liaisons = {f"liaison-{code}": code for code in Organization.objects.ministries().values_list("code", flat=True)}
    expected |= {username: {roles.LIAISON} for username in liaisons}
    for person in User.objects.filter(is_demo=True):
        assert roles.roles_of(person) == expected[person.username], person.username
        ministries = set(
            Organization.objects.filter(pk__in=roles.liaison_ministries(person)).values_list("code", flat=True)
        )
        assert ministries == ({liaisons[person.username]} if person.username in liaisons else set())
    chief = User.objects.get(username="chief")
    assert chief.is_staff and chief.has_perm("commission.change_secretariatmembership")
    assert chief.has_perm("members.change_liaisonmembership")
    # The other seats give their roles too: vice-chairs and members are commission members, every secretariat
    # member but the chief is staff; no one holds a seated role's group.
    assert roles.roles_of(User.objects.get(username="vice-chair-justice")) == {roles.MEMBER}
    assert roles.roles_of(User.objects.get(username="ten-borany")) == {roles.STAFF}
    assert not User.objects.filter(groups__name__in=roles.SEATED).exists()


def test_demo_accounts_sign_in_only_with_debug(seeded, settings, rf):
    settings.DEBUG = False
    assert authenticate(rf.post("/accounts/login/"), username="chief", password="demo") is None
    settings.DEBUG = True
    assert authenticate(rf.post("/accounts/login/"), username="chief", password="demo") is not None


def test_second_run_changes_nothing_and_says_so(seeded):
    def snapshot():
        return [
            list(model.objects.order_by("pk").values())
            for model in (
                Organization,
                User,
                SubDecree,
                Commission,
                CommissionMembership,
                SecretariatMembership,
                TaskForce,
                TaskForceMembership,
                LiaisonMembership,
            )
        ]

    before = snapshot()
    output = seed()
    assert "Nothing to change: the demo data is already loaded." in output
    assert snapshot() == before


def test_a_changed_row_is_put_back(seeded):
    TaskForce.objects.filter(code="justice").update(name_en="Renamed")
    output = seed()
    assert "Updated: 1 task forces." in output
    assert TaskForce.objects.get(code="justice").name_en == "Justice"


def test_an_article_without_the_facts_is_refused(db, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Nothing about a commission here.", encoding="utf-8")
    with pytest.raises(CommandError, match="does not say"):
        seed(article=str(article))
    assert not Commission.objects.exists()


def test_the_plan_and_its_first_draft(seeded):
    from workplan.models import Activity, Plan, Section

    plan = Plan.objects.get()
    assert (plan.first_year, plan.last_year) == (2010, 2014)
    draft = plan.drafts.get()
    assert (draft.number, draft.state) == (1, "drafting")
    sections = Section.objects.filter(draft=draft)
    assert sections.filter(task_force__isnull=True).count() == 1
    assert set(sections.exclude(task_force=None).values_list("task_force__code", flat=True)) == TASK_FORCES
    ministries = set(Organization.objects.ministries().values_list("pk", flat=True))
    for section in sections.exclude(task_force=None):
        assert section.body_en.count("<p>") >= 2
        assert any("\u1780" <= ch <= "\u17ff" for ch in section.body_km)
        assert 2 <= section.objectives.count() <= 4
        activities = Activity.objects.filter(objective__section=section)
        assert 3 <= activities.count() <= 6
        assert set(activities.values_list("lead_ministry", flat=True)) <= ministries
        # Written by the task force, so the history shows who wrote it.
        assert section.revisions.order_by("-number").first().author.username == f"staff-{section.task_force.code}"
