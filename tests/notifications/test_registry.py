"""The outbox knows its kinds and subjects only from what the apps register; the work plan registers its own."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext_lazy

from members import roles
from notifications import delivery, registry, selectors
from notifications.models import Notification
from notifications.services import notification_build, notify
from tests.factories import UserFactory
from tests.workplan.builders import Review
from workplan import notices
from workplan.models import Draft, Plan, ReviewAssignment, Section
from workplan.review import services as reviews

pytestmark = pytest.mark.django_db

WORKPLAN_KINDS = {
    "REVIEW_REQUESTED": "review_requested",
    "REVIEW_AGAIN": "review_again",
    "COMMENT": "comment",
    "CHANGES_REQUESTED": "changes_requested",
    "SECTION_APPROVED": "section_approved",
    "DRAFT_RETURNED": "draft_returned",
    "SUBMITTED_TO_CHAIR": "submitted_to_chair",
    "CHAIR_APPROVED": "chair_approved",
    "DECISION_RECORDED": "decision_recorded",
    "DRAFT_SHARED": "draft_shared",
    "REMINDER": "reminder",
    "OVERDUE": "overdue",
}


@pytest.fixture
def review():
    review = Review()
    review.submit()
    return review


def test_the_work_plans_kinds_keep_the_values_rows_hold():
    for name, value in WORKPLAN_KINDS.items():
        kind = getattr(notices, name)
        assert kind == value and registry.kind(value) is kind
        assert str(kind.label) and kind.email_text == kind.label
    assert str(notices.REMINDER.label) == "A review is due soon"
    assert Notification(kind="reminder").get_kind_display() == notices.REMINDER.label
    assert Notification(kind="gone_kind").get_kind_display() == "gone_kind", "a kind nobody declares any more"


def test_a_kind_is_declared_once():
    with pytest.raises(Exception, match="declared twice"):
        registry.register_kind("comment", "Again")


def test_notify_keeps_the_most_specific_subject(review):
    assignment = review.section.reviews.get(ministry=review.interior)
    person = review.liaison
    cases = [
        ({}, None),
        ({"draft": review.draft}, review.draft),
        ({"draft": review.draft, "section": review.section}, review.section),
        ({"draft": review.draft, "section": review.section, "review": assignment}, assignment),
        ({"review": assignment}, assignment),
        ({"draft": review.draft, "section": None}, review.draft),
    ]
    for about, expected in cases:
        (row,) = notify([person], notices.COMMENT, **about)
        assert Notification.objects.get(pk=row.pk).subject == expected, about


def test_a_notification_lies_within_the_draft_of_its_section_or_review(review, django_assert_num_queries):
    assignment = review.section.reviews.get(ministry=review.interior)
    draft = ("workplan.draft", review.draft.pk)
    for about in ({"draft": review.draft}, {"section": review.section}, {"review": assignment}):
        (row,) = notify([review.liaison], notices.COMMENT, **about)
        row = Notification.objects.get(pk=row.pk)
        assert (row.scope_type, row.scope_id) == draft, about
    assignment = ReviewAssignment.objects.get(pk=assignment.pk)
    with django_assert_num_queries(1):  # the review's section, not its draft: that key is read as an id
        assert registry.scope_of(assignment) == draft
    with django_assert_num_queries(0):  # what notify() was given is not loaded again
        assert registry.scope_of(assignment, {"section": review.section}) == draft
        assert registry.scope_of(review.section) == draft


def test_who_is_told_of_a_section_or_review_is_who_may_see_its_draft(review):
    assignment = review.section.reviews.get(ministry=review.interior)
    outsider = UserFactory(username="outsider")
    notify([outsider], notices.COMMENT, section=review.section)
    notify([outsider], notices.REMINDER, review=assignment)
    notify([outsider], notices.DRAFT_SHARED)
    assert selectors.unread_count(outsider) == 1, "only the one about nothing"
    reviews.draft_share(draft=review.draft, actor=review.chief, person=outsider)
    assert selectors.unread_count(outsider) == 4, "the share's own notice, and the two within the draft"
    reviews.draft_unshare(draft=review.draft, actor=review.chief, person=outsider)
    assert selectors.unread_count(outsider) == 1
    assert [row.kind for row in selectors.notification_list(outsider)] == [notices.DRAFT_SHARED]


def test_the_unread_count_asks_the_drafts_policy_once(review):
    sql = str(selectors._visible(review.liaison).filter(read_at__isnull=True).query)
    assert sql.count('FROM "workplan_draft"') == 1, sql


def test_a_subject_declares_where_it_lies_or_who_may_see_it():
    def register(**options):
        registry.register_subject(Plan, keyword="plan", link=lambda user, plan: ("/", ""), **options)

    with pytest.raises(Exception, match="within` and `path"):
        register(within="draft", visible=registry._as_is)
    with pytest.raises(Exception, match="needs `visible`"):
        register()
    with pytest.raises(Exception, match="needs `visible`"):
        register(within="draft", path="plan", visible=registry._as_is)
    assert "workplan.plan" not in registry._subjects and "plan" not in registry._keywords, "nothing half-registered"


def test_notify_refuses_what_nobody_registered(review):
    with pytest.raises(TypeError, match="plan"):
        notify([review.liaison], notices.COMMENT, plan=review.plan)
    with pytest.raises(LookupError):
        notify([review.liaison], "no_such_kind", draft=review.draft)
    with pytest.raises(LookupError):
        notification_build(review.liaison, "no_such_kind")


def test_subjects_that_do_not_lie_within_one_another_are_refused(review, monkeypatch):
    monkeypatch.setitem(registry._keywords, "other", registry.Subject(Draft, "other", None, *[None] * 6))
    with pytest.raises(TypeError, match="one thing"):
        notify([review.liaison], notices.COMMENT, draft=review.draft, other=review.draft)


def test_a_notification_about_an_unregistered_model_reaches_nobody(review):
    row = notification_build(review.liaison, notices.COMMENT)
    row.subject = review.plan  # plans are not a registered subject: no policy answers for them
    row.save()
    assert selectors.unread_count(review.liaison) == 1  # the request to review, not this one
    assert row.pk not in {notification.pk for notification in selectors.notification_list(review.liaison)}
    row.recipient.refresh_from_db()
    assert delivery.outcome(Notification.objects.get(pk=row.pk)) == Notification.Outcome.NOT_VISIBLE


def test_a_notification_about_nothing_is_shown_and_mailed(review):
    (row,) = notify([review.liaison], notices.DRAFT_SHARED)
    assert selectors.unread_count(review.liaison) == 2
    listed = {notification.pk: notification for notification in selectors.notification_list(review.liaison)}
    assert listed[row.pk].link is None and listed[row.pk].details == []
    assert delivery.outcome(Notification.objects.get(pk=row.pk)) == Notification.Outcome.EMAILED
    message = delivery.email_for(Notification.objects.get(pk=row.pk))
    assert "/notifications/" in message.body


def test_deleting_a_subject_deletes_the_notifications_about_it(review):
    assignment = review.section.reviews.get(ministry=review.interior)
    notify([review.chief], notices.REMINDER, review=assignment)
    notify([review.chief], notices.COMMENT, section=review.section)
    assignment.delete()
    assert not Notification.objects.filter(kind=notices.REMINDER).exists()
    assert Notification.objects.filter(kind=notices.COMMENT).count() == 1


def test_the_unread_count_is_one_query_whatever_the_subjects(review, django_assert_num_queries):
    assignment = review.section.reviews.get(ministry=review.interior)
    liaison = review.liaison
    notify([liaison], notices.COMMENT, section=review.section)
    notify([liaison], notices.REMINDER, review=assignment)
    roles.roles_of(liaison)
    assert selectors.unread_count(liaison) == 3
    with django_assert_num_queries(1):
        assert selectors.unread_count(liaison) == 3


def section_of_other_task_force(review):
    return review.draft.sections.get(task_force=review.other_task_force)


def test_a_reader_who_sees_the_draft_but_not_the_section_is_linked_to_the_draft(client, review, settings):
    """Social affairs reviews another section of the draft: it sees the draft, not this section."""
    settings.SITE_URL = "https://portal.example.gov.kh"
    review.chief.language = "en"
    review.chief.save(update_fields=["language"])
    other_section = section_of_other_task_force(review)
    reviews.review_assign(section=other_section, ministry_code="social-affairs", actor=review.chief)
    mail.outbox.clear()
    Notification.objects.update(delivered_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), outcome="emailed")
    notify([review.other_liaison, review.chief], notices.COMMENT, draft=review.draft, section=review.section)
    assert delivery.deliver_waiting() == 2
    body = {message.to[0]: message.body for message in mail.outbox}
    section_url = f"https://portal.example.gov.kh/workplan/sections/{review.section.pk}/"
    draft_url = f"https://portal.example.gov.kh/workplan/drafts/{review.draft.pk}/"
    assert section_url in body[review.chief.email]
    assert draft_url in body[review.other_liaison.email] and section_url not in body[review.other_liaison.email]
    assert f"Section: {review.section.title}" in body[review.chief.email]
    client.force_login(review.other_liaison)
    listing = client.get(reverse("notifications"), {"read": "keep"}).content.decode()
    assert f'href="/workplan/drafts/{review.draft.pk}/"' in listing
    assert f"/workplan/sections/{review.section.pk}/" not in listing


def test_the_list_names_a_reviews_ministry_and_due_date(client, review):
    assignment = review.section.reviews.get(ministry=review.interior)
    ReviewAssignment.objects.filter(pk=assignment.pk).update(due_on=datetime.date(2026, 12, 3))
    notify([review.liaison], notices.REMINDER, review=assignment)
    client.force_login(review.liaison)
    listing = client.get(reverse("notifications"), {"read": "keep"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A review is due soon" in listing
    assert f'<a href="/workplan/sections/{review.section.pk}/">{review.section.title}</a>' in listing
    assert "Interior" in listing and "due on Dec. 3, 2026" in listing


def test_the_list_costs_one_query_per_kind_of_subject(client, review, django_assert_max_num_queries):
    assignment = review.section.reviews.get(ministry=review.interior)
    client.force_login(review.chief)
    notify([review.chief], notices.COMMENT, section=review.section)
    notify([review.chief], notices.REMINDER, review=assignment)
    notify([review.chief], notices.DRAFT_SHARED, draft=review.draft)
    client.get(reverse("notifications"), {"read": "keep"})
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("notifications"), {"read": "keep"})
    for section in Section.objects.filter(draft=review.draft):
        notify([review.chief], notices.COMMENT, section=section, actor=review.staff)
    for _ in range(10):
        notify([review.chief], notices.REMINDER, review=assignment)
        notify([review.chief], notices.DRAFT_SHARED, draft=review.draft)
    with django_assert_max_num_queries(14) as many:
        client.get(reverse("notifications"), {"read": "keep"})
    assert len(few.captured_queries) == len(many.captured_queries)


def test_a_kind_can_open_its_email_with_its_own_sentence(review, monkeypatch):
    kind = registry.Kind(
        "test_kind", gettext_lazy("A test happened"), email_text=gettext_lazy("Something worth a sentence happened")
    )
    monkeypatch.setitem(registry._kinds, "test_kind", kind)
    mail.outbox.clear()
    Notification.objects.update(delivered_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), outcome="emailed")
    notify([review.liaison], kind, draft=review.draft)
    assert delivery.deliver_waiting() == 1
    (message,) = mail.outbox
    assert "A test happened" in message.subject
    assert "Something worth a sentence happened." in message.body
