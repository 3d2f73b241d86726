"""The "years later" load: old plans and drafts, their sections, people, shared drafts.

Loaded with bulk_create in large batches (the audit history with COPY, in
bench.auditchain), consistent with the portal's rules: every database
constraint holds, each section has a revision whose hash is its content's,
each closed draft has the Council's decision, each published one its stored
document. Old drafts are closed (returned, or published for the last of each
plan), so they are history that every query has to step over.

200 drafts holding 20,000 sections means 100 sections a draft, and a draft
has one section per task force: the old plans were written by 99 task forces
(the six of today and 93 that came and went over the years).
"""

import random
import time
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from commission.models import Commission, CommissionMembership, Secretariat, SecretariatMembership
from members.models import LiaisonMembership, Organization, User
from seed import data, plan_data
from taskforces.models import TaskForce
from workplan.drafting.rows import MEASURE_FIELDS
from workplan.models import (
    Activity,
    CouncilDecision,
    Draft,
    DraftUserObjectPermission,
    Objective,
    Plan,
    ReviewAssignment,
    Section,
    SectionRevision,
    content_of,
)
from workplan.search.services import index_rebuild
from workplan.workflow import publication

from . import auditchain
from .profiles import bench_users

BATCH = 5_000
FIRST_OLD_YEAR = 2015


def _timed(report, name, started):
    report.setdefault("seconds", {})[name] = round(time.monotonic() - started, 1)


def _task_forces(count):
    """Return `count` task forces: today's six, then historical ones as needed."""
    existing = list(TaskForce.objects.order_by("order", "code"))
    secretariat = Secretariat.objects.get()
    missing = [
        TaskForce(
            secretariat=secretariat,
            code=f"historic-{n:03d}",
            order=100 + n,
            name_en=f"Task force {n} (closed)",
            name_km=f"ក្រុមការងារទី{n} (បានបិទ)",
            mandate_en="A task force of an earlier plan, closed when its work was done.",
            mandate_km="ក្រុមការងារនៃផែនការមុន ដែលបានបិទនៅពេលការងាររបស់ខ្លួនបានបញ្ចប់។",
        )
        for n in range(len(existing) + 1, count + 1)
    ]
    return existing + TaskForce.objects.bulk_create(missing)


def _people(count, rng):
    """Create `count` people over the years: liaisons, staff, members; three in ten deactivated."""
    organisations = list(Organization.objects.order_by("pk"))
    ministries = [org for org in organisations if org.kind == Organization.Kind.MINISTRY]
    unusable = make_password(None)
    people = []
    for n in range(count):
        kind = n % 10
        organisation = ministries[n % len(ministries)] if kind in (0, 1, 2) else organisations[n % len(organisations)]
        family, given = data.FAMILY_NAMES[n % len(data.FAMILY_NAMES)], data.GIVEN_NAMES[n % len(data.GIVEN_NAMES)]
        people.append(
            User(
                username=f"person-{n:05d}",
                password=unusable,
                name_en=f"{family[0]} {given[0]}",
                name_km=f"{family[1]} {given[1]}",
                organization=organisation,
                is_active=n % 10 not in (3, 6, 9),
                is_illustrative=True,
                language=rng.choice(["km", "en"]),
            )
        )
    people = User.objects.bulk_create(people, batch_size=BATCH)
    _seats(people)
    return people


def _seats(people):
    """Seat the people as the organisation would: liaisons now, staff and members in years gone by.

    Roles come from active seats (members.roles). A ministry takes any number
    of liaisons, so each liaison holds an active seat; the secretariat and the
    commission have the seats the sub-decree sets, all taken by the seed, so
    the staff and members of the load served earlier: their seats have ended,
    and every role query steps over them.
    """
    secretariat, commission = Secretariat.objects.get(), Commission.objects.get()
    liaisons, staff, members = [], [], []
    for n, person in enumerate(people):
        kind, started = n % 10, date(2010 + n % 8, 1, 1)
        term = {"person": person, "organization_id": person.organization_id, "started_on": started}
        term["ended_on"] = started.replace(year=started.year + 1 + n % 4)
        if kind == 0:
            liaisons.append(LiaisonMembership(person=person, ministry_id=person.organization_id, started_on=started))
        elif kind in (1, 2):
            staff.append(SecretariatMembership(secretariat=secretariat, **term))
        elif kind == 4:
            members.append(CommissionMembership(commission=commission, **term))
    LiaisonMembership.objects.bulk_create(liaisons, batch_size=BATCH)
    SecretariatMembership.objects.bulk_create(staff, batch_size=BATCH)
    CommissionMembership.objects.bulk_create(members, batch_size=BATCH)


def _rows(section_index, count, plan, ministry_codes, organisation_codes, rng):
    """Return plan rows for an old section: one objective with `count` activities."""
    seeded = plan_data.SECTIONS[plan_data.TASK_FORCE_CODES[section_index % len(plan_data.TASK_FORCE_CODES)]]
    templates = [activity for objective in seeded["objectives"] for activity in objective["activities"]]
    objective = seeded["objectives"][0]
    activities = []
    for n in range(count):
        template = templates[(section_index + n) % len(templates)]
        lead = ministry_codes[(section_index * 3 + n) % len(ministry_codes)]
        partner = organisation_codes[(section_index * 7 + n * 5) % len(organisation_codes)]
        start = plan.first_year + rng.randrange(5)
        activities.append(
            {
                **template,
                "code": f"1.{n + 1}",
                "lead_ministry": lead,
                "partners": [] if partner == lead else [partner],
                "start_year": start,
                "end_year": min(plan.last_year, start + rng.randrange(3)),
                "budget": f"{rng.randrange(5_000, 300_000)}.00",
            }
        )
    return [{"code": "1", "text_en": objective["text_en"], "text_km": objective["text_km"], "activities": activities}]


def _old_plans(profile, chief, task_forces, people, rng):
    """Create the old plans with their drafts, sections, revisions, rows, reviews and decisions."""
    report = {}
    started = time.monotonic()
    plans = Plan.objects.bulk_create(
        [
            Plan(
                name_en=f"National Plan of Action {first}\u2013{first + 4}",
                name_km=f"ផែនការសកម្មភាពជាតិ ឆ្នាំ{first}-{first + 4}",
                first_year=first,
                last_year=first + 4,
            )
            for first in (FIRST_OLD_YEAR + 5 * n for n in range(profile.old_plans))
        ]
    )
    drafts = []
    for plan in plans:
        previous = None
        for number in range(1, profile.drafts_per_plan + 1):
            last = number == profile.drafts_per_plan
            # Created one by one: each is based on the one before it.
            previous = Draft.objects.create(
                plan=plan,
                number=number,
                based_on=previous,
                state=Draft.State.PUBLISHED if last else Draft.State.RETURNED,
                created_by=chief,
            )
            drafts.append(previous)
    _timed(report, "drafts", started)

    started = time.monotonic()
    ministries = {org.code: org.pk for org in Organization.objects.all()}
    ministry_codes = [row[0] for row in data.MINISTRIES]
    organisation_codes = ministry_codes + [row[0] for row in data.NGOS]
    liaisons = {}
    for person in people:
        if person.is_active and person.organization_id:
            liaisons.setdefault(person.organization_id, person)
    writers = [person for person in people if person.is_active] or [chief]
    plan_by_id = {plan.pk: plan for plan in plans}
    sections_total = 0
    for draft in drafts:
        plan = plan_by_id[draft.plan_id]
        sections, contents = [], []
        for index in range(profile.sections_per_draft):
            task_force = None if index == 0 else task_forces[index - 1]
            written = (
                plan_data.FRONT_MATTER
                if task_force is None
                else plan_data.SECTIONS[plan_data.TASK_FORCE_CODES[index % len(plan_data.TASK_FORCE_CODES)]]
            )
            rows = (
                []
                if task_force is None
                else _rows(index, profile.activities_per_old_section, plan, ministry_codes, organisation_codes, rng)
            )
            section = Section(
                draft=draft,
                task_force=task_force,
                order=0 if task_force is None else task_force.order,
                title_en=task_force.name_en if task_force else written["title_en"],
                title_km=task_force.name_km if task_force else written["title_km"],
                body_en=written["body_en"],
                body_km=written["body_km"],
                version=1,
                updated_by=rng.choice(writers),
            )
            sections.append(section)
            contents.append(rows)
        sections = Section.objects.bulk_create(sections)
        sections_total += len(sections)
        SectionRevision.objects.bulk_create(
            [
                SectionRevision(
                    section=section,
                    number=1,
                    author=section.updated_by,
                    summary="Written",
                    content_hash=SectionRevision.hash_content(content_of(section, rows=rows)),
                    **content_of(section, rows=rows),
                )
                for section, rows in zip(sections, contents, strict=True)
            ]
        )
        objectives = Objective.objects.bulk_create(
            [
                Objective(section=section, code=row["code"], order=0, text_en=row["text_en"], text_km=row["text_km"])
                for section, rows in zip(sections, contents, strict=True)
                for row in rows
            ]
        )
        activity_rows = [
            (objective, activity)
            for objective, row in zip(objectives, (row for rows in contents for row in rows), strict=True)
            for activity in row["activities"]
        ]
        activities = Activity.objects.bulk_create(
            [
                Activity(
                    objective=objective,
                    order=order,
                    code=activity["code"],
                    text_en=activity["text_en"],
                    text_km=activity["text_km"],
                    lead_ministry_id=ministries[activity["lead_ministry"]],
                    start_year=activity["start_year"],
                    end_year=activity["end_year"],
                    budget=activity["budget"],
                    currency=activity["currency"],
                    **{name: activity[name] for name in MEASURE_FIELDS},
                )
                for order, (objective, activity) in enumerate(activity_rows)
            ]
        )
        Through = Activity.partners.through
        Through.objects.bulk_create(
            [
                Through(activity_id=model.pk, organization_id=ministries[code])
                for model, (_objective, activity) in zip(activities, activity_rows, strict=True)
                for code in activity["partners"]
            ]
        )
        decided = timezone.now()
        reviews = []
        for section, rows in zip(sections, contents, strict=True):
            named = sorted({ministries[a["lead_ministry"]] for row in rows for a in row["activities"]})[:2] or [
                ministries["interior"]
            ]
            reviews += [
                ReviewAssignment(
                    section=section,
                    ministry_id=ministry,
                    decision=ReviewAssignment.Decision.APPROVE,
                    revision_number=1,
                    decided_by=liaisons.get(ministry),
                    decided_at=decided,
                    due_on=date(plan.first_year - 1, 12, 1),
                )
                for ministry in named
            ]
        ReviewAssignment.objects.bulk_create(reviews)
        decision = CouncilDecision.objects.create(
            draft=draft,
            outcome=(
                CouncilDecision.Outcome.APPROVE
                if draft.state == Draft.State.PUBLISHED
                else CouncilDecision.Outcome.RETURN
            ),
            decided_on=date(plan.first_year - 1, 1, 1) + timedelta(days=draft.number * 15),
            reference=f"No. {draft.pk} ANKr.BK",
            recorded_by=chief,
        )
        if draft.state == Draft.State.PUBLISHED:
            publication.publish(draft, decision)
    report["sections"] = sections_total
    _timed(report, "sections", started)
    return drafts, report


def _grants(profile, drafts, people, liaison, rng):
    """Share drafts with people: `profile.grants` grants, some of them to the benchmark's liaison."""
    permission = Permission.objects.get(codename="view_draft", content_type__app_label="workplan")
    pairs = set()
    # The liaison had old drafts shared with them over the years (not the open one).
    for draft in rng.sample(drafts, min(50, len(drafts))):
        pairs.add((liaison.pk, draft.pk))
    targets = [draft.pk for draft in drafts]
    grantees = [person.pk for person in people]
    # At most half of all (person, draft) pairs, so that drawing distinct pairs stays quick.
    wanted = min(profile.grants, len(grantees) * len(targets) // 2)
    while len(pairs) < wanted:
        pairs.add((rng.choice(grantees), rng.choice(targets)))
    grants = [
        DraftUserObjectPermission(user_id=user, permission=permission, content_object_id=draft)
        for user, draft in sorted(pairs)
    ]
    DraftUserObjectPermission.objects.bulk_create(grants, batch_size=BATCH)
    return len(grants)


def load(profile):
    """Load the "years later" rows and the audit history; return counts and timings."""
    # Reproducible rows, not secrets: the same seed builds the same database.
    rng = random.Random(20100301)  # noqa: S311
    report = {}
    with transaction.atomic():
        started = time.monotonic()
        chief = User.objects.get(username="chief")
        liaison = User.objects.get(username=bench_users()["liaison"])
        task_forces = _task_forces(profile.sections_per_draft - 1)
        people = _people(profile.users, rng)
        _timed(report, "people", started)
        drafts, plans_report = _old_plans(profile, chief, task_forces, people, rng)
        report["seconds"].update(plans_report.pop("seconds"))
        report.update(plans_report)
        started = time.monotonic()
        report["grants"] = _grants(profile, drafts, people, liaison, rng)
        _timed(report, "grants", started)
    # The search index of all of it, as `manage.py search_rebuild` builds it (the rows above skip the services).
    started = time.monotonic()
    report["search_documents"] = index_rebuild()
    _timed(report, "search_index", started)
    report["audit"] = auditchain.append(profile.audit_events)
    report["drafts"] = len(drafts)
    report["users"] = len(people)
    return report
