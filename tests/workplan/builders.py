"""Build plans and drafts for tests through the same services the portal uses."""

from members import roles
from members.models import Organization
from tests.factories import (
    OrganizationFactory,
    SecretariatFactory,
    TaskForceFactory,
    TaskForceMembershipFactory,
    UserFactory,
)
from workplan import workflow
from workplan.drafting import rows as plan_rows
from workplan.drafting import services
from workplan.drafting.selectors import section_get
from workplan.models import Activity, Plan, ReviewAssignment
from workplan.review import services as reviews


def activity(code, *, lead="interior", partners=(), start=2010, end=2012, budget="40000.00", **extra):
    """Return one activity as rows data."""
    return {
        "code": code,
        "text_en": f"Activity {code} in English",
        "text_km": f"សកម្មភាព {code}",
        "lead_ministry": lead,
        "partners": list(partners),
        "start_year": start,
        "end_year": end,
        "budget": budget,
        "currency": "USD",
        "indicator_en": "People trained",
        "indicator_km": "",
        "baseline_en": "0",
        "baseline_km": "",
        "target_en": "100",
        "target_km": "",
        "means_of_verification_en": "Reports",
        "means_of_verification_km": "",
        **extra,
    }


def rows_with(count, objectives=3):
    """Return rows with `count` activities spread over `objectives` objectives."""
    rows = [
        {"code": str(n), "text_en": f"Objective {n}", "text_km": f"គោលបំណង {n}", "activities": []}
        for n in range(1, objectives + 1)
    ]
    for index in range(count):
        objective = rows[index % objectives]
        objective["activities"].append(activity(f"{objective['code']}.{len(objective['activities']) + 1}"))
    return rows


def editor_form_data(section, reader, **changes):
    """Return the section editor's POST data, its texts, for the section as read by `reader`, with `changes`.

    The editor's form holds the titles and texts; rows are saved one at a time (activity_form_data).
    """
    section = section_get(reader, section.pk)
    data = {
        "version": section.version,
        "title_en": section.title_en,
        "title_km": section.title_km,
        "body_en": section.body_en,
        "body_km": section.body_km,
        "summary": "",
    }
    data.update(changes)
    return data


def activity_form_data(section, code, **changes):
    """Return the POST data of one activity's form (workplan:activity-edit) as it opens now, with `changes`.

    The form as the editor gives it: every field of the row, the row's version
    and the section's version it was opened at. A value None leaves the field out.
    """
    section.refresh_from_db()
    found = Activity.objects.get(objective__section=section, code=code)
    row = next(
        {**activity, "objective": objective["code"]}
        for objective in plan_rows.stored(section, plan_rows.organization_index()).rows
        for activity in objective["activities"]
        if activity["code"] == code
    )
    data = {name: ("" if value is None else value) for name, value in row.items() if name != "code"}
    data.update(version=found.version, section_version=section.version, summary="")
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def form_data(drafting, user=None, **changes):
    """Return the editor's POST data for the drafting world's section as it is now, with `changes`."""
    return editor_form_data(drafting.section, drafting.chief, **changes)


class Drafting:
    """A plan with draft 1 open, a task force section, its staff, and the chief."""

    def __init__(self, *, activities=3):
        for code in ("interior", "social-affairs", "justice"):
            OrganizationFactory(code=code, name_en=code.replace("-", " ").title(), name_km=f"ក្រសួង {code}")
        OrganizationFactory(code="aple", kind="ngo", name_en="APLE", name_km="APLE")
        secretariat = SecretariatFactory()
        self.task_force = TaskForceFactory(secretariat=secretariat, code="prevention", name_en="Prevention")
        self.other_task_force = TaskForceFactory(secretariat=secretariat, code="justice", name_en="Justice")
        self.chief = UserFactory(username="chief-x", roles=[roles.CHIEF], is_staff=True)
        self.staff = UserFactory(username="staff-x", roles=[roles.STAFF])
        self.colleague = UserFactory(username="staff-y", roles=[roles.STAFF])
        self.outsider = UserFactory(username="staff-z", roles=[roles.STAFF])
        for person in (self.staff, self.colleague):
            TaskForceMembershipFactory(task_force=self.task_force, person=person)
        TaskForceMembershipFactory(task_force=self.other_task_force, person=self.outsider)
        self.plan = Plan.objects.create(name_en="National plan", name_km="ផែនការជាតិ", first_year=2010, last_year=2014)
        self.draft = services.draft_open(plan=self.plan, actor=self.chief)
        self.section = self.draft.sections.get(task_force=self.task_force)
        self.save(rows=rows_with(activities), body_en="<p>First text.</p>", body_km="<p>អត្ថបទដំបូង។</p>")

    def content(self, **changes):
        section = self.section
        section.refresh_from_db()
        from workplan.drafting import rows as plan_rows
        from workplan.drafting.selectors import section_get

        current = section_get(self.chief, section.pk)
        return {
            "title_en": current.title_en,
            "title_km": current.title_km,
            "body_en": current.body_en,
            "body_km": current.body_km,
            "rows": plan_rows.snapshot(current),
            **changes,
        }

    def save(self, actor=None, summary="", **changes):
        """Save the section as `actor` (the staff member by default) from its current version."""
        content = self.content(**changes)
        self.section.refresh_from_db()
        return services.section_save(
            section_id=self.section.pk,
            actor=actor or self.staff,
            base_version=self.section.version,
            content=content,
            summary=summary,
        )


class Review(Drafting):
    """A draft whose section names Interior (lead) and Justice (partner), with a liaison for each."""

    def __init__(self):
        super().__init__(activities=0)
        rows = [{"code": "1", "text_en": "", "text_km": "", "activities": [activity("1.1", partners=["justice"])]}]
        self.save(rows=rows)
        self.interior = Organization.objects.get(code="interior")
        self.justice = Organization.objects.get(code="justice")
        self.liaison = UserFactory(username="l-interior", roles=[roles.LIAISON], organization=self.interior)
        self.justice_liaison = UserFactory(username="l-justice", roles=[roles.LIAISON], organization=self.justice)
        self.other_liaison = UserFactory(
            username="l-other", roles=[roles.LIAISON], organization=Organization.objects.get(code="social-affairs")
        )
        self.chair = UserFactory(username="chair-x", roles=[roles.CHAIR])

    def submit(self):
        return workflow.submit_for_review(draft=self.draft, actor=self.chief)

    def approve_all(self):
        for review in ReviewAssignment.objects.filter(section__draft=self.draft, removed_at__isnull=True):
            liaison = self.liaison if review.ministry == self.interior else self.justice_liaison
            reviews.review_decide(assignment_id=review.pk, actor=liaison, decision="approve")
