"""The audit log in words: a sentence per action, in the reader's language, naming people and objects, not ids."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from audit import sentences, services
from audit.models import AuditEvent
from members import tokens
from members.seats import START, membership_record
from members.second_factor import code_given
from tests.factories import LiaisonMembershipFactory, UserFactory
from tests.workplan.builders import Review
from workplan.exports import services as exports
from workplan.models import ReviewAssignment
from workplan.review import services as reviews
from workplan.workflow import steps

pytestmark = pytest.mark.django_db

# The sentences of every action the portal records, found in its code (tests/audit/test_sentences.py checks
# that each is declared). A new action without a sentence reads in the plain way, which is worse for the
# auditor: declare it (audit.sentences.declare) and add it here.
RECORDED = {
    "auth.login",
    "auth.logout",
    "auth.login_failed",
    "audit.read",
    "audit.export",
    "account.password_reset_request",
    "account.password_reset",
    "account.password_change",
    "account.second_factor",
    "account.second_factor_setup",
    "account.recovery_codes",
    "account.second_factor_removed",
    "account.deactivate",
    "token.create",
    "token.revoke",
    "membership.start",
    "membership.end",
    "membership.change",
    "membership.delete",
    "draft.open",
    "draft.read",
    "draft.redline",
    "section.read",
    "section.save",
    "section.conflict",
    "section.history",
    "section.compare",
    "section.search",
    "council.scan",
    "review.assign",
    "review.remove",
    "review.decide",
    "comment.create",
    "comment.resolve",
    "comment.reopen",
    "comment.read",
    "grant.add",
    "grant.remove",
    "export.requested",
    "export.built",
    "export.downloaded",
    *(f"workflow.{name}" for name in steps.STEPS),
}


class Scene(Review):
    """A draft of the 2010–2014 plan worked on by named people, each step through the portal's services."""

    def __init__(self):
        super().__init__()
        self.task_force.name_km = "ក្រុមការងារបង្ការ"
        self.task_force.save(update_fields=["name_km"])
        self.name(self.chief, "Chou Bun Eng", "ជូ ប៊ុនអេង")
        self.name(self.staff, "Sokha Chan", "សុខា ចាន់")
        self.name(self.liaison, "Vanna Meas", "វណ្ណា មាស")
        self.guest = UserFactory(username="guest-d", name_en="Dara Kim", name_km="ដារ៉ា គីម")
        # What a draft says is confidential, and auditors read no draft: the log never shows these.
        self.plan.name_en, self.plan.name_km = "SECRET-PLAN-NAME", "SECRET-PLAN-NAME-KM"
        self.plan.save()
        self.save(title_en="SECRET-SECTION-TITLE", title_km="SECRET-SECTION-TITLE-KM")
        reviews.draft_share(draft=self.draft, actor=self.chief, person=self.guest)
        self.submit()
        review = ReviewAssignment.objects.get(section=self.section, ministry=self.interior)
        reviews.review_decide(assignment_id=review.pk, actor=self.liaison, decision="approve")
        reviews.comment_create(section=self.section, actor=self.liaison, body="SECRET-COMMENT")
        tokens.token_create(user=self.staff, name="dashboard")
        services.record(action="auth.login", actor=self.staff, obj=self.staff)
        failed = {"username": "nobody", "locked_out": False}
        services.record(action="auth.login_failed", outcome="failed", details=failed)
        seat = LiaisonMembershipFactory(person=self.guest, ministry=self.interior)
        membership_record(membership=seat, kind=START, actor=self.chief)

    @staticmethod
    def name(person, en, km):
        person.name_en, person.name_km = en, km
        person.save(update_fields=["name_en", "name_km"])


@pytest.fixture
def scene(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    built = Scene()
    with django_capture_on_commit_callbacks(execute=True):  # the export is built once its request commits
        exports.export_request(built.chief, built.draft, "csv", "en")
    return built


def read(language, **filters):
    """Return {action: [sentences]} of the whole log, oldest first, as a reader of `language` reads it."""
    with translation.override(language):
        events = sentences.describe(AuditEvent.objects.filter(**filters).order_by("id"))
    found = {}
    for event in events:
        found.setdefault(event.action, []).append(event.sentence)
    return found


def test_every_action_the_portal_records_has_a_sentence():
    declared = {code for _area, kinds in sentences.kinds() for code, _label in kinds}
    assert declared >= RECORDED, sorted(RECORDED - declared)


def test_every_action_recorded_in_the_code_is_in_the_list():
    """The actions named in `record(action="…")` and `audit_read(obj, "…")` calls of the portal's code."""
    written = re.compile(r"""(?:action=|audit_read\([^,]+,\s*)(?:f?)["']([a-z_]+\.[a-z_.{}]+)["']""")
    found = set()
    for path in Path(settings.BASE_DIR).glob("*/**/*.py"):
        if path.parts[len(Path(settings.BASE_DIR).parts)] in {"tests", "bench", ".venv"}:
            continue
        found |= set(written.findall(path.read_text(encoding="utf-8")))
    assert len(found) > 30, "the search finds the actions in the code"
    found |= {"comment.reopen", "account.password_change"}  # written as the other branch of a conditional
    templated = {name for name in found if "{" in name}
    assert templated == {"workflow.{step.name}", "membership.{kind}"}, templated
    assert found - templated <= RECORDED, sorted(found - templated - RECORDED)


def test_the_main_actions_read_as_sentences_in_english(scene):
    said = read("en")
    draft = "draft 1 of the 2010–2014 plan"
    section = f"the Prevention section of {draft}"
    saved = AuditEvent.objects.filter(action="section.save").order_by("id").last().details["version"]
    decided = AuditEvent.objects.get(action="review.decide").details["revision"]
    assert said["draft.open"] == [f"Chou Bun Eng opened {draft}"]
    assert said["section.save"][-1] == f"Sokha Chan saved {section}, version {saved}"
    assert said["grant.add"] == [f"Chou Bun Eng shared {draft} with Dara Kim"]
    assert said["workflow.submit_for_review"] == [f"Chou Bun Eng submitted {draft} for review by the ministries"]
    assert said["review.decide"] == [
        f"Vanna Meas decided the review by Interior of {section}: Approved, at version {decided}"
    ]
    assert said["comment.create"] == [f"Vanna Meas commented on {section}"]
    assert said["token.create"] == ["Sokha Chan created the API token “dashboard”"]
    assert said["export.requested"] == [f"Chou Bun Eng asked for a CSV export of {draft}"]
    assert said["export.built"] == [f"The portal built a CSV export of {draft} in English"]
    assert said["auth.login"][-1] == "Sokha Chan signed in"
    assert said["auth.login_failed"] == ["A sign-in as “nobody” failed"]
    assert said["membership.start"] == ["Chou Bun Eng gave Dara Kim a seat in Interior (liaison membership)"]


def test_the_main_actions_read_as_sentences_in_khmer(scene):
    said = read("km")
    draft = "សេចក្តីព្រាងទី 1 នៃផែនការឆ្នាំ 2010–2014"
    section = f"ផ្នែករបស់ ក្រុមការងារបង្ការ នៃ {draft}"
    saved = AuditEvent.objects.filter(action="section.save").order_by("id").last().details["version"]
    assert said["draft.open"] == [f"ជូ ប៊ុនអេង បានបើក {draft}"]
    assert said["section.save"][-1] == f"សុខា ចាន់ បានរក្សាទុក {section} កំណែទី {saved}"
    assert said["grant.add"] == [f"ជូ ប៊ុនអេង បានចែករំលែក {draft} ជាមួយ ដារ៉ា គីម"]
    assert said["auth.login"][-1] == "សុខា ចាន់ បានចូលប្រព័ន្ធ"
    assert said["auth.login_failed"] == ["ការចូលប្រព័ន្ធក្នុងនាម “nobody” បានបរាជ័យ"]
    khmer = re.compile("[\u1780-\u17ff]")
    for action, texts in said.items():
        for text in texts:
            assert khmer.search(text), (action, text)
            assert not re.search(r"\b(the|of|saved|signed|draft|plan)\b", text), (action, text)


def test_no_sentence_shows_what_a_draft_says_or_an_internal_id(scene):
    for language in ("en", "km"):
        for action, texts in read(language).items():
            for text in texts:
                assert "SECRET" not in text, (action, text)
                assert not re.search(r"\b[a-z]+\.[a-z]+ \d+", text), (action, text)


def test_each_workflow_step_reads_as_a_sentence(scene):
    for step in steps.STEPS.values():
        services.record(action=f"workflow.{step.name}", actor=scene.chief, obj=scene.draft)
    said = read("en", action__startswith="workflow.")
    assert said["workflow.chair_approve"] == [
        "Chou Bun Eng approved draft 1 of the 2010–2014 plan and sent it to the Council of Ministers"
    ]
    for step in steps.STEPS.values():
        assert "draft 1 of the 2010–2014 plan" in said[f"workflow.{step.name}"][-1]


def test_a_two_step_code_and_a_recovery_code(rf, scene):
    request = rf.get("/")
    request.user, request.session = scene.chief, import_module(settings.SESSION_ENGINE).SessionStore()
    code_given(request, "totp")
    code_given(request, "recovery_code")
    said = read("en", action="account.second_factor")
    assert said["account.second_factor"] == [
        "Chou Bun Eng gave a two-step sign-in code",
        "Chou Bun Eng gave a recovery code to sign in",
    ]


@pytest.mark.parametrize(
    ("action", "kwargs", "expected"),
    [
        ("bench.concurrent_append", {"details": {"writer": 1}}, "Someone did “bench.concurrent_append”"),
        ("test.event", {"object_type": "test", "object_id": "5"}, "Someone did “test.event” on test 5"),
        # Objects that are gone, or ids no row could have: named by kind and id, never a server error.
        ("section.save", {"object_type": "workplan.section", "object_id": "987654"}, "section 987654, version …"),
        ("section.save", {"object_type": "workplan.section", "object_id": "9" * 40}, "section 9999"),
        ("draft.read", {"object_type": "workplan.draft", "object_id": "not-a-number"}, "draft not-a-number"),
        ("workflow.reopen", {"object_type": "workplan.export", "object_id": "x"}, "reopened export x"),
        ("export.built", {"details": ["a", "list"]}, "The portal built a … export of …"),
        ("grant.add", {"details": {"person": {"nested": 1}}}, "Someone shared … with …"),
        ("review.decide", {"details": {"decision": "maybe"}}, "decided …: maybe, at version …"),
        ("section.search", {"details": {"sections": [1, 2, 3]}}, "found 3 sections of confidential drafts"),
        ("section.search", {"details": {"sections": [1]}}, "found 1 section of a confidential draft"),
        ("membership.start", {"object_type": "no.such", "details": {"body": "x:1"}}, "a seat in …"),
    ],
)
def test_odd_and_unknown_events_still_read(action, kwargs, expected):
    services.record(action=action, **kwargs)
    (event,) = sentences.describe(AuditEvent.objects.filter(action=action))
    assert expected in event.sentence


def test_a_broken_translation_falls_back_to_the_plain_sentence(monkeypatch):
    services.record(action="auth.login", object_type="x", object_id="1")
    broken = sentences.declared("auth.login")
    monkeypatch.setitem(sentences._actions, "auth.login", sentences.Action(**{**vars(broken), "sentence": "%(x)d"}))
    (event,) = sentences.describe(AuditEvent.objects.filter(action="auth.login"))
    assert event.sentence == "Someone did “auth.login”"


def test_naming_costs_one_query_per_kind_of_name(scene, django_assert_max_num_queries):
    events = list(AuditEvent.objects.order_by("id"))
    kinds = {event.object_type for event in events if event.object_type} | {"username", "people"}
    with django_assert_max_num_queries(len(kinds)):
        sentences.describe(events)
