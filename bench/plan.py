"""Grow the seeded 2010-2014 plan to the benchmark's size and carry it to publication, through the portal's services.

Draft 1 (seeded by seed_demo) gets 300 activities across its six task force
sections, written by each task force's staff with workplan.services; it then
goes the whole way through workplan.workflow: review by every ministry named,
approval of every section, the chair, the Council's approval and publication.
Draft 2 opens as its copy and goes to review, where some sections are approved,
so that a save afterwards makes the approval stale and writes notifications.
"""

import datetime

from django.contrib.auth.hashers import make_password

from members.models import Organization, User
from seed import data, plan_data
from workplan import workflow
from workplan.drafting import services
from workplan.models import Draft, Plan, ReviewAssignment, Section
from workplan.review import services as reviews

from .profiles import PASSWORD, PLAN_ACTIVITIES, SAVE_SECTIONS, bench_users

DECISION_DATE = datetime.date(2010, 3, 1)
DECISION_REFERENCE = "No. 45 ANKr.BK"

PROVINCES = [
    ("Banteay Meanchey", "បន្ទាយមានជ័យ"),
    ("Battambang", "បាត់ដំបង"),
    ("Prey Veng", "ព្រៃវែង"),
    ("Svay Rieng", "ស្វាយរៀង"),
    ("Kampong Cham", "កំពង់ចាម"),
    ("Koh Kong", "កោះកុង"),
    ("Siem Reap", "សៀមរាប"),
    ("Kampot", "កំពត"),
    ("Takeo", "តាកែវ"),
    ("Pursat", "ពោធិ៍សាត់"),
    ("Kandal", "កណ្ដាល"),
    ("Preah Sihanouk", "ព្រះសីហនុ"),
    ("Oddar Meanchey", "ឧត្ដរមានជ័យ"),
]


def enable_sign_in():
    """Let the benchmark's people sign in with DEBUG off: ordinary accounts with a known password."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from members import second_factor

    from .client import TOTP_KEY

    password = make_password(PASSWORD)
    names = list(bench_users().values())
    User.objects.filter(username__in=names).update(is_demo=False, password=password)
    # Ordinary accounts of the chief and the chair need two-step sign-in: an app with the benchmark's key.
    for person in User.objects.filter(username__in=names):
        if second_factor.required_for(person) and second_factor.authenticator(person) is None:
            TOTPDevice.objects.create(user=person, name="Authenticator app", key=TOTP_KEY, confirmed=True)
    return names


def grown_rows(code, count, first_year, last_year):
    """Return `count` activities for a task force section, varied from its seeded ones."""
    seeded = plan_data.SECTIONS[code]["objectives"]
    rows = [
        {"code": objective["code"], "text_en": objective["text_en"], "text_km": objective["text_km"], "activities": []}
        for objective in seeded
    ]
    templates = [activity for objective in seeded for activity in objective["activities"]]
    ministries = [row[0] for row in data.MINISTRIES]
    organisations = ministries + [row[0] for row in data.NGOS]
    years = last_year - first_year + 1
    for n in range(count):
        objective = rows[n % len(rows)]
        template = templates[n % len(templates)]
        province_en, province_km = PROVINCES[n % len(PROVINCES)]
        if n < len(templates):
            lead, partners = template["lead_ministry"], list(template["partners"])
        else:
            lead = ministries[(n * 5 + len(code)) % len(ministries)]
            partners = [organisations[(n * 3 + k * 7) % len(organisations)] for k in range(1 + n % 3)]
        partners = sorted(set(partners) - {lead})
        start = first_year + n % years
        end = min(last_year, start + n % 3)
        objective["activities"].append(
            {
                **template,
                "code": f"{objective['code']}.{len(objective['activities']) + 1}",
                "text_en": f"{template['text_en']} In {province_en} province.",
                "text_km": f"{template['text_km']} នៅខេត្ត{province_km}។",
                "lead_ministry": lead,
                "partners": partners,
                "start_year": start,
                "end_year": end,
                "budget": f"{20_000 + (n * 7_919) % 230_000}.00",
            }
        )
    return rows


def _write_sections(draft, chief):
    staff = {user.username: user for user in User.objects.filter(username__startswith="staff-")}
    plan = draft.plan
    for section in draft.sections.select_related("task_force"):
        if section.task_force_id is None:
            written, author, rows = plan_data.FRONT_MATTER, chief, []
        else:
            code = section.task_force.code
            written, author = plan_data.SECTIONS[code], staff[f"staff-{code}"]
            rows = grown_rows(code, PLAN_ACTIVITIES[code], plan.first_year, plan.last_year)
        content = {key: written[key] for key in ("title_en", "title_km", "body_en", "body_km")}
        content["rows"] = rows
        section.refresh_from_db()
        services.section_save(
            section_id=section.pk,
            actor=author,
            base_version=section.version,
            content=content,
            summary="The plan at full size",
        )


def _liaison_of(ministry_id):
    """Return the seeded liaison of a ministry (one per ministry)."""
    code = Organization.objects.get(pk=ministry_id).code
    return User.objects.get(username=f"liaison-{code}")


def _approve(assignments):
    for assignment in assignments:
        reviews.review_decide(
            assignment_id=assignment.pk, actor=_liaison_of(assignment.ministry_id), decision="approve"
        )


def grow_and_publish():
    """Publish draft 1 at full size and open draft 2 in review; return what was made."""
    plan = Plan.objects.get(first_year=2010)
    chief = User.objects.get(username="chief")
    chair = User.objects.get(username="chair")
    draft = plan.drafts.get(number=1)
    _write_sections(draft, chief)
    workflow.submit_for_review(draft=draft, actor=chief)
    _approve(ReviewAssignment.objects.filter(section__draft=draft, removed_at__isnull=True))
    workflow.submit_to_chair(draft=draft, actor=chief)
    workflow.chair_approve(draft=draft, actor=chair)
    workflow.council_approve(
        draft=draft, actor=chief, decision_date=DECISION_DATE, decision_reference=DECISION_REFERENCE
    )
    draft.refresh_from_db()
    assert draft.state == Draft.State.PUBLISHED, draft.state

    # The open draft: a copy of the published one, in review. The ministries approve
    # the sections the benchmark saves, so that each save makes an approval stale and
    # asks those ministries again (outbox rows); the liaison's other reviews wait.
    open_draft = services.draft_open(plan=plan, actor=chief)
    workflow.submit_for_review(draft=open_draft, actor=chief)
    _approve(
        ReviewAssignment.objects.filter(
            section__draft=open_draft, section__task_force__code__in=SAVE_SECTIONS, removed_at__isnull=True
        )
    )
    enable_sign_in()
    publication = draft.publication
    return {
        "plan": plan.pk,
        "published_draft": draft.pk,
        "open_draft": open_draft.pk,
        "document_bytes": len(bytes(publication.document_bytes)),
        "sections": Section.objects.filter(draft=draft).count(),
        "activities": sum(PLAN_ACTIVITIES.values()),
        "review_assignments_open_draft": ReviewAssignment.objects.filter(section__draft=open_draft).count(),
    }
