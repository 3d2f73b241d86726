"""Load the demo organisation: idempotent, so a second run changes nothing."""

import datetime
import itertools
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from commission.models import Commission, CommissionMembership, Secretariat, SecretariatMembership, SubDecree
from members import roles
from members.models import LiaisonMembership, Organization, User
from taskforces.models import TaskForce, TaskForceMembership
from workplan.drafting import services
from workplan.models import Plan

from . import data, plan_data
from .article import ARTICLE, ArticleError, read_facts

# Seats are held from the month after the sub-decree.
SEATED_ON = datetime.date(2009, 10, 1)


@dataclass
class Changes:
    """What a run created and updated, per model."""

    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    _new: set = field(default_factory=set)

    def count(self, bucket, obj):
        key = (type(obj), obj.pk)
        if bucket is self.created:
            self._new.add(key)
        elif key in self._new:
            return  # a row created in this run is not also "updated"
        name = str(obj._meta.verbose_name_plural)
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def any(self):
        return bool(self.created or self.updated)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    role: str


class Seeder:
    """Create or update rows by natural key, counting what actually changed."""

    def __init__(self):
        self.changes = Changes()
        self.demo_accounts = []
        self._demo_password = None
        self._groups = {group.name: group for group in Group.objects.filter(name__in=roles.ALL)}

    def upsert(self, model, lookup, initial=None, **values):
        """Create the row found by `lookup`, or bring its `values` up to date.

        `initial` values are set only when the row is created.
        """
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(initial or {}))
            obj.full_clean()
            obj.save()
            self.changes.count(self.changes.created, obj)
            return obj
        stale = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if stale:
            for name, value in stale.items():
                setattr(obj, name, value)
            obj.full_clean()
            obj.save(update_fields=list(stale))
            self.changes.count(self.changes.updated, obj)
        return obj

    def person(
        self, username, *, name_en, name_km, title=("", ""), organization=None, role=None, demo=False, illustrative=True
    ):
        # One hash for every demo account: hashing is slow by design, and these
        # accounts only sign in while DEBUG is on. Others never sign in.
        password = self.demo_password() if demo else make_password(None)
        user = self.upsert(
            User,
            {"username": username},
            initial={"password": password},
            name_en=name_en,
            name_km=name_km,
            title_en=title[0],
            title_km=title[1],
            organization=organization,
            is_demo=demo,
            is_illustrative=illustrative,
            is_staff=demo and role == roles.CHIEF,
        )
        # A seated role comes with the person's seat (see `seat`); only the others are groups.
        if role and role not in roles.SEATED and not user.groups.filter(name=role).exists():
            user.groups.add(self._groups[role])
            self.changes.count(self.changes.updated, user)
        if demo:
            self.demo_accounts.append(DemoAccount(username, name_en, str(roles.LABELS[role])))
        return user

    def demo_password(self):
        if self._demo_password is None:
            self._demo_password = make_password(settings.DEMO_PASSWORD)
        return self._demo_password

    def seat(self, model, body_field, body, person, role, organization):
        return self.upsert(
            model,
            {body_field: body, "person": person, "ended_on": None},
            role=role,
            organization=organization,
            started_on=SEATED_ON,
        )


def _illustrative_names():
    """Yield distinct (English, Khmer) names: family and given names combined in turn."""
    families, given = data.FAMILY_NAMES, data.GIVEN_NAMES
    for index in itertools.count():
        if index >= len(families) * len(given):
            raise ArticleError("Not enough illustrative names for the seats to fill.")
        family, first = families[index % len(families)], given[index % len(given)]
        yield f"{family[0]} {first[0]}", f"{family[1]} {first[1]}"


def _title(template, org):
    return template[0].format(en=org.name_en), template[1].format(km=org.name_km)


def _check_data_against(facts):
    """Refuse to load when the demo data no longer matches the article."""
    problems = []
    if len(data.MINISTRIES) != facts.ministry_count:
        problems.append(f"{len(data.MINISTRIES)} ministries in the data, {facts.ministry_count} in the article")
    if len(data.TASK_FORCES) != facts.task_force_count:
        problems.append(f"{len(data.TASK_FORCES)} task forces in the data, {facts.task_force_count} in the article")
    names = [row[1] for row in data.MINISTRIES]
    for named in facts.named_ministries:
        if not any(name.startswith(named) for name in names):
            problems.append(f"the article names the {named}, the data does not")
    focus = facts.task_force_focus.lower()
    for code, name_en, *_ in data.TASK_FORCES:
        if name_en.split(",")[0].lower() not in focus:
            problems.append(f"task force {code!r} is not among the article's: {focus}")
    if problems:
        raise ArticleError("The demo data does not match the article: " + "; ".join(problems) + ".")


@transaction.atomic
def load(article=ARTICLE):
    """Load the commission as the article describes it; return (changes, demo accounts)."""
    facts = read_facts(article)
    _check_data_against(facts)
    seed = Seeder()
    km = data.KHMER_NAMES
    names = _illustrative_names()

    named = {row[0] for row in data.MINISTRIES if row[4]}
    ministries = {
        code: seed.upsert(
            Organization,
            {"code": code},
            kind=Organization.Kind.MINISTRY,
            name_en=name_en,
            name_km=name_km,
            abbreviation=abbreviation,
            is_illustrative=code not in named,
        )
        for code, name_en, name_km, abbreviation, _named in data.MINISTRIES
    }
    ngos = {
        code: seed.upsert(
            Organization,
            {"code": code},
            kind=Organization.Kind.NGO,
            name_en=name_en,
            name_km=name_km,
            abbreviation=abbreviation,
        )
        for code, name_en, name_km, abbreviation in data.NGOS
    }
    interior = ministries["interior"]

    sub_decree = seed.upsert(
        SubDecree,
        {"signed_on": facts.signed_on},
        name_en=data.SUB_DECREE_EN,
        name_km=data.SUB_DECREE_KM,
        signed_by_en=f"{facts.signed_by_title} {facts.signed_by}",
        signed_by_km=f"{km[facts.signed_by_title]} {km[facts.signed_by]}",
        commission_seats=facts.commission_seats,
        secretariat_seats=facts.secretariat_seats,
        source="The Cambodia Daily, “5-Year Anti-Trafficking Plan in Works at MOI”",
    )
    commission = seed.upsert(
        Commission,
        {"sub_decree": sub_decree},
        name_en=facts.commission_name,
        name_km=data.COMMISSION_KM,
        short_name_en=data.COMMISSION_SHORT_EN,
        short_name_km=data.COMMISSION_SHORT_KM,
    )
    missing = set(ministries.values()) - set(commission.ministries.all())
    if missing:
        commission.ministries.add(*missing)
        seed.changes.count(seed.changes.updated, commission)

    # The commission: the chair, three vice-chairs and a member from each
    # ministry — eighteen seats.
    chair = seed.person(
        "chair",
        name_en=facts.chair,
        name_km=km[facts.chair],
        title=(facts.chair_title, km[facts.chair_title]),
        organization=interior,
        role=roles.CHAIR,
        demo=True,
        illustrative=False,
    )
    seed.seat(CommissionMembership, "commission", commission, chair, CommissionMembership.Role.CHAIR, interior)
    seated = 1
    for code in data.VICE_CHAIR_MINISTRIES:
        name_en, name_km = next(names)
        person = seed.person(
            f"vice-chair-{code}",
            name_en=name_en,
            name_km=name_km,
            title=_title(data.TITLE_MINISTER, ministries[code]),
            organization=ministries[code],
            role=roles.MEMBER,
        )
        seed.seat(
            CommissionMembership,
            "commission",
            commission,
            person,
            CommissionMembership.Role.VICE_CHAIR,
            ministries[code],
        )
        seated += 1
    for index, (code, ministry) in enumerate(ministries.items()):
        if seated >= facts.commission_seats:
            break
        name_en, name_km = next(names)
        username = "member" if index == 1 else f"commission-{code}"
        person = seed.person(
            username,
            name_en=name_en,
            name_km=name_km,
            title=_title(data.TITLE_SECRETARY_OF_STATE, ministry),
            organization=ministry,
            role=roles.MEMBER,
            demo=username == "member",
        )
        seed.seat(CommissionMembership, "commission", commission, person, CommissionMembership.Role.MEMBER, ministry)
        seated += 1

    # The secretariat: its chief and the people the article names, then
    # illustrative officials from the fourteen ministries in turn.
    secretariat = seed.upsert(
        Secretariat, {"commission": commission}, name_en=data.SECRETARIAT_EN, name_km=data.SECRETARIAT_KM
    )
    chief = seed.person(
        "chief",
        name_en=facts.chief,
        name_km=km[facts.chief],
        title=(facts.chief_title, km[facts.chief_title]),
        organization=interior,
        role=roles.CHIEF,
        demo=True,
        illustrative=False,
    )
    seed.seat(SecretariatMembership, "secretariat", secretariat, chief, SecretariatMembership.Role.CHIEF, interior)
    borany = seed.person(
        "ten-borany",
        name_en=facts.deputy_director,
        name_km=km[facts.deputy_director],
        title=(facts.deputy_director_title, km[facts.deputy_director_title]),
        organization=interior,
        role=roles.STAFF,
        illustrative=False,
    )
    staff = [(borany, interior)]
    for code, ngo in ngos.items():
        head = seed.person(
            f"head-{code}",
            name_en=data.TITLE_NGO_HEAD[0].format(en=ngo.name_en),
            name_km=data.TITLE_NGO_HEAD[1].format(km=ngo.name_km),
            title=_title(data.TITLE_NGO_HEAD, ngo),
            organization=ngo,
            role=roles.STAFF,
            illustrative=False,
        )
        staff.append((head, ngo))
    cycle = itertools.cycle(ministries.values())
    task_force_codes = [row[0] for row in data.TASK_FORCES]
    while len(staff) + 1 < facts.secretariat_seats:
        ministry = next(cycle)
        name_en, name_km = next(names)
        number = len(staff) - 2
        # The first six illustrative officials are the task forces' leads and
        # their demo accounts, staff-<task force code>.
        demo = number <= len(task_force_codes)
        username = f"staff-{task_force_codes[number - 1]}" if demo else f"secretariat-{number:02d}"
        person = seed.person(
            username,
            name_en=name_en,
            name_km=name_km,
            title=_title(data.TITLE_OFFICIAL, ministry),
            organization=ministry,
            role=roles.STAFF,
            demo=demo,
        )
        staff.append((person, ministry))
    for person, organization in staff:
        seed.seat(
            SecretariatMembership, "secretariat", secretariat, person, SecretariatMembership.Role.MEMBER, organization
        )

    # The task forces: every secretariat member except the chief works in one.
    task_forces = [
        seed.upsert(
            TaskForce,
            {"code": code},
            secretariat=secretariat,
            order=order,
            name_en=name_en,
            name_km=name_km,
            mandate_en=mandate_en,
            mandate_km=mandate_km,
        )
        for order, (code, name_en, name_km, mandate_en, mandate_km) in enumerate(data.TASK_FORCES, start=1)
    ]
    by_code = {task_force.code: task_force for task_force in task_forces}
    placement = {borany.username: "law-enforcement", "head-aple": "child-affairs", "head-lscw": "justice"}
    for index, (person, organization) in enumerate(staff):
        if person.username.startswith("staff-"):
            task_force, role = by_code[person.username.removeprefix("staff-")], TaskForceMembership.Role.LEAD
        else:
            code = placement.get(person.username, task_force_codes[index % len(task_force_codes)])
            task_force, role = by_code[code], TaskForceMembership.Role.MEMBER
        seed.seat(TaskForceMembership, "task_force", task_force, person, role, organization)

    # One liaison per ministry reviews the plan for it; an auditor reads the log.
    for code, ministry in ministries.items():
        name_en, name_km = next(names)
        liaison = seed.person(
            f"liaison-{code}",
            name_en=name_en,
            name_km=name_km,
            title=_title(data.TITLE_LIAISON, ministry),
            organization=ministry,
            role=roles.LIAISON,
            demo=True,
        )
        seed.upsert(
            LiaisonMembership, {"ministry": ministry, "person": liaison, "ended_on": None}, started_on=SEATED_ON
        )
    name_en, name_km = next(names)
    seed.person("auditor", name_en=name_en, name_km=name_km, title=data.TITLE_AUDITOR, role=roles.AUDITOR, demo=True)
    _load_plan(seed, chief)
    return seed.changes, seed.demo_accounts


def _load_plan(seed, chief):
    """Open draft 1 of the 2010–2014 plan and write each section as its task force would."""
    facts = plan_data.PLAN
    plan = seed.upsert(
        Plan,
        {"first_year": facts["first_year"], "last_year": facts["last_year"]},
        name_en=facts["title_en"],
        name_km=facts["title_km"],
    )
    if plan.drafts.exists():
        return
    draft = services.draft_open(plan=plan, actor=chief)
    seed.changes.count(seed.changes.created, draft)
    authors = {user.username: user for user in User.objects.filter(username__startswith="staff-")}
    for section in draft.sections.select_related("task_force"):
        if section.task_force_id is None:
            written, author = {**plan_data.FRONT_MATTER, "objectives": []}, chief
        else:
            written, author = plan_data.SECTIONS[section.task_force.code], authors[f"staff-{section.task_force.code}"]
        content = {key: written[key] for key in ("title_en", "title_km", "body_en", "body_km")}
        content["rows"] = written["objectives"]
        services.section_save(
            section_id=section.pk, actor=author, base_version=section.version, content=content, summary="First text"
        )
