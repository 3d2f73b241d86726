"""The notification list: unread first and counted in the menu, linking only to what the reader may still see."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory
from tests.workplan.builders import Review
from workplan import notices
from workplan.review import services as reviews

pytestmark = pytest.mark.django_db

Kind = notices


@pytest.fixture
def review():
    return Review()


def test_unread_are_counted_in_the_menu_and_read_once_seen(client, review):
    review.submit()
    client.force_login(review.liaison)
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="badge" aria-label="1 unread notification">1</span>' in page
    listing = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A section waits for your ministry&#x27;s review" in listing and ">New</span>" in listing
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="badge"' not in page
    assert not Notification.objects.filter(recipient=review.liaison, read_at__isnull=True).exists()


def test_a_notification_links_to_the_section_only_while_the_reader_may_see_it(client, review):
    guest = UserFactory(username="guest-n")
    reviews.draft_share(draft=review.draft, actor=review.chief, person=guest)
    notify([guest], Kind.COMMENT, draft=review.draft, section=review.section)
    client.force_login(guest)
    listing = client.get(reverse("notifications"), {"read": "keep"}).content.decode()
    assert f'href="/workplan/sections/{review.section.pk}/"' in listing
    reviews.draft_unshare(draft=review.draft, actor=review.chief, person=guest)
    listing = client.get(reverse("notifications"), {"read": "keep"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/workplan/sections/{review.section.pk}/" not in listing
    assert f"/workplan/drafts/{review.draft.pk}/" not in listing
    assert "No notification." in listing
    page = client.get(reverse("dashboard")).content.decode()
    assert 'class="badge"' not in page, "notifications of a draft no longer shared are not counted either"


def test_the_list_costs_the_same_queries_for_few_or_many(client, review, django_assert_max_num_queries):
    client.force_login(review.chief)
    notify([review.chief], Kind.COMMENT, draft=review.draft, section=review.section)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("notifications"), {"read": "keep"})
    for _ in range(40):
        notify([review.chief], Kind.COMMENT, draft=review.draft, section=review.section, actor=review.staff)
    with django_assert_max_num_queries(12) as many:
        client.get(reverse("notifications"), {"read": "keep"})
    assert len(few.captured_queries) == len(many.captured_queries)
