"""In a real browser: the national work plan's way from the secretariat to the public.

Staff write their section, the chief sends the draft to the ministries, the Interior and Justice liaisons comment,
ask for changes and approve, staff revise and resolve the threads, the chief sends the draft to the chair, the chair
reads the redline and approves, the chief records the Council of Ministers' approval, and a visitor reads the
published plan. Each step is taken in the browser by the person who takes it, each in a browser of their own, and
all along a liaison whose ministry is not asked, and a visitor who is not signed in, find nothing of the draft.
"""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from tests.e2e.drafting_support import Watch, replace_text, rich_editor, save_texts, sign_in, type_at_end
from tests.workplan.builders import Review
from workplan.models import Comment, Draft, PublishedPlan, ReviewAssignment, Section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_TEXT = "First text. Village chiefs are trained every year."
REVISED_TEXT = "Village chiefs in the border provinces are trained twice a year, paid by the Ministry of Justice."
REFERENCE = "123 SSR"
NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"


class Person:
    """One person at their own browser: a context of their own, its page, and what went wrong on it."""

    def __init__(self, browser, live_server):
        self.live_server = live_server
        self.context = browser.new_context(locale="en-US")
        self.page = self.context.new_page()
        self.watch = Watch(self.page)
        self.refused = set()  # addresses this person was meant to get a 404 for

    def open(self, path):
        """Go to a page of the portal and return the response to the last request."""
        return self.page.goto(f"{self.live_server.url}{path}")

    def problems(self):
        """Return the console and page errors, less Chromium's report of each 404 this person was meant to get."""
        expected = {f"{NOT_FOUND} ({self.live_server.url}{path})" for path in self.refused}
        return [error for error in self.watch.errors if error not in expected]


@pytest.fixture
def review(transactional_db):
    return Review()


@pytest.fixture
def person(browser, live_server):
    """Return a function opening a browser of its own for a user (None: a visitor who is not signed in)."""
    people = []

    def open_browser(user=None):
        someone = Person(browser, live_server)
        people.append(someone)
        if user is not None:
            sign_in(someone.page, live_server, user)
        return someone

    yield open_browser
    for someone in people:
        someone.context.close()


def draft_pages(review):
    """Return the addresses of every page of the draft, the plan's and the public one."""
    draft, section = review.draft, review.section
    return [
        f"/workplan/plans/{review.plan.pk}/",
        f"/workplan/drafts/{draft.pk}/",
        f"/workplan/drafts/{draft.pk}/redline/",
        f"/workplan/drafts/{draft.pk}/council/",
        f"/workplan/sections/{section.pk}/",
        f"/workplan/sections/{section.pk}/history/",
        f"/workplan/sections/{section.pk}/compare/?a=1&b=2",
        f"/workplan/sections/{section.pk}/edit/",
        f"/plans/{review.plan.pk}/",
    ]


def assert_not_found(someone, paths, secret=FIRST_TEXT):
    """The person gets the portal's 404 page at each address, and nothing of the draft's text."""
    for path in paths:
        response = someone.open(path)
        assert response.status == 404, path
        someone.refused.add(path)
        expect(someone.page.locator("h1")).to_have_text("Page not found")
        expect(someone.page.locator("main")).not_to_contain_text(secret)


def assert_sent_to_sign_in(visitor, paths, secret=FIRST_TEXT):
    """The visitor who is not signed in is sent to the sign-in page at each address, and back there after it."""
    for path in paths:
        response = visitor.open(path)
        assert response.request.redirected_from is not None, path
        assert response.request.redirected_from.response().status == 302, path
        address = urlsplit(visitor.page.url)
        assert address.path == "/accounts/login/", path
        assert parse_qs(address.query)["next"] == [path]
        expect(visitor.page.locator("#id_password")).to_be_visible()
        expect(visitor.page.locator("main")).not_to_contain_text(secret)


def internal_pages(review):
    """Return the portal's pages of the draft, for signed-in people (not the public page)."""
    return [path for path in draft_pages(review) if path.startswith("/workplan/")]


def long_date(day):
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


def test_a_draft_goes_from_the_secretariat_to_the_public(live_server, person, review):
    draft, section = review.draft, review.section
    section_path = f"/workplan/sections/{section.pk}/"
    draft_path = f"/workplan/drafts/{draft.pk}/"
    section.refresh_from_db()
    assert section.version == 3

    staff = person(review.staff)
    chief = person(review.chief)
    interior = person(review.liaison)
    justice = person(review.justice_liaison)
    outsider = person(review.other_liaison)
    chair = person(review.chair)
    visitor = person()

    # 1. Staff write the section in the editor.
    staff.open(section_path)
    staff.page.get_by_role("link", name="Edit this section").click()
    expect(staff.page.locator("h1")).to_have_text("Editing Prevention")
    type_at_end(staff.page, "en", " Village chiefs are trained every year.")
    staff.page.get_by_label("What did you change?").fill("Training of village chiefs")
    save_texts(staff.page)
    # The save opens the editor again; closing it shows the section as saved.
    expect(staff.page).to_have_url(f"{live_server.url}{section_path}edit/")
    expect(staff.page.locator(".messages")).to_contain_text("Saved as version 4.")
    staff.page.get_by_role("link", name="Close the editor").click()
    expect(staff.page).to_have_url(f"{live_server.url}{section_path}")
    expect(staff.page.locator("article[lang=en] .prose")).to_have_text(FIRST_TEXT)

    # 2. The chief sends the draft to the ministries, with a due date.
    due_on = timezone.localdate() + datetime.timedelta(days=10)
    chief.open(draft_path)
    expect(chief.page.locator("#draft-state")).to_have_text("Drafting")
    workflow = chief.page.get_by_role("region", name="Next step")
    workflow.get_by_label("Reviews due on").fill(due_on.isoformat())
    workflow.get_by_role("button", name="Submit for review by the ministries").click()
    expect(chief.page.get_by_role("status")).to_contain_text("Done: Submit for review by the ministries.")
    expect(chief.page.locator("#draft-state")).to_have_text("In review by the ministries")
    expect(chief.page.locator("#section-prevention .reviews .tag")).to_have_text(["interior: …", "justice: …"])
    assert set(ReviewAssignment.objects.filter(section__draft=draft).values_list("due_on", flat=True)) == {due_on}

    # Nobody else sees the draft in review: not a ministry that is not asked, not a visitor.
    assert_not_found(outsider, draft_pages(review))
    outsider.open("/workplan/")
    expect(outsider.page.locator("main")).not_to_contain_text("National plan")
    assert_sent_to_sign_in(visitor, internal_pages(review))
    assert_not_found(visitor, [f"/plans/{review.plan.pk}/"])

    # 3. The liaisons read the section, comment, and decide.
    justice.open(draft_path)
    expect(justice.page.locator("#draft-state")).to_have_text("In review by the ministries")
    # Justice is asked about Prevention only: the other sections are listed, not opened.
    expect(justice.page.locator("#section-front a")).to_have_count(0)
    expect(justice.page.locator("#section-justice a")).to_have_count(0)
    justice.page.locator("#section-prevention").get_by_role("link", name="Prevention").click()
    expect(justice.page).to_have_url(f"{live_server.url}{section_path}")
    expect(justice.page.locator("article[lang=en] .prose")).to_have_text(FIRST_TEXT)
    expect(justice.page.get_by_role("link", name="Edit this section")).to_have_count(0)
    justice_review = ReviewAssignment.objects.get(section=section, ministry=review.justice)
    interior_review = ReviewAssignment.objects.get(section=section, ministry=review.interior)
    expect(justice.page.locator(f"#review-{justice_review.pk}")).to_contain_text("Waiting for review")
    expect(justice.page.locator(f"#review-{justice_review.pk}")).to_contain_text(long_date(due_on))
    expect(justice.page.locator(".decision-form")).to_have_count(1)
    expect(justice.page.locator(".decision-form h3")).to_have_text("Your decision for Justice on version 4")
    justice.page.get_by_label("Passage you comment on").fill("trained every year")
    justice.page.get_by_label("Your comment").fill("Who pays for the training?")
    justice.page.get_by_role("button", name="Comment", exact=True).click()
    justice_thread = justice.page.locator("article.thread").filter(has_text="Who pays for the training?")
    expect(justice_thread.locator("blockquote")).to_have_text("trained every year")
    justice.page.locator(".decision-form").get_by_label("Remarks").fill("Name the ministry that pays.")
    justice.page.get_by_role("button", name="Request changes").click()
    expect(justice.page.get_by_role("status")).to_contain_text("Your decision is recorded.")
    expect(justice.page.locator(f"#review-{justice_review.pk}")).to_contain_text("Changes requested")
    expect(justice.page.locator(f"#review-{justice_review.pk}")).to_contain_text("Name the ministry that pays.")

    interior.open(draft_path)
    interior.page.locator("#section-prevention").get_by_role("link", name="Prevention").click()
    expect(interior.page.locator("article[lang=en] .prose")).to_have_text(FIRST_TEXT)
    expect(interior.page.locator("article.thread")).to_have_count(1)
    interior.page.get_by_label("Your comment").fill("Which provinces come first?")
    interior.page.get_by_role("button", name="Comment", exact=True).click()
    expect(interior.page.locator("article.thread")).to_have_count(2)
    expect(interior.page.locator(".decision-form h3")).to_have_text("Your decision for Interior on version 4")
    interior.page.get_by_role("button", name="Approve", exact=True).click()
    expect(interior.page.get_by_role("status")).to_contain_text("Your decision is recorded.")
    expect(interior.page.locator(f"#review-{interior_review.pk}")).to_contain_text("Approved (revision 4)")
    expect(interior.page.locator(f"#review-{justice_review.pk}")).to_contain_text("Changes requested")
    # Interior also answers for the sections that name no ministry: the introduction and the Justice task force's.
    for key, title in (("front", "Introduction"), ("justice", "Justice")):
        interior.open(draft_path)
        interior.page.locator(f"#section-{key}").get_by_role("link", name=title, exact=True).click()
        expect(interior.page.locator("h1")).to_have_text(title)
        interior.page.get_by_role("button", name="Approve", exact=True).click()
        expect(interior.page.get_by_role("status")).to_contain_text("Your decision is recorded.")

    # 4. Staff revise the section and resolve the threads.
    staff.open(section_path)
    expect(staff.page.locator(f"#review-{justice_review.pk}")).to_contain_text("Name the ministry that pays.")
    staff.page.get_by_role("link", name="Edit this section").click()
    expect(rich_editor(staff.page, "en")).to_have_text(FIRST_TEXT)
    replace_text(staff.page, "en", REVISED_TEXT)
    staff.page.get_by_label("What did you change?").fill("Who pays, and where")
    save_texts(staff.page)
    expect(staff.page.locator(".messages")).to_contain_text("Saved as version 5.")
    staff.page.get_by_role("link", name="Close the editor").click()
    expect(staff.page.locator("article[lang=en] .prose")).to_have_text(REVISED_TEXT)
    threads = staff.page.locator("article.thread")
    expect(threads).to_have_count(2)
    # The passage Justice quoted is gone from the revised text, and the page says so.
    expect(threads.filter(has_text="Who pays for the training?").locator(".quote-gone")).to_be_visible()
    for body in ("Who pays for the training?", "Which provinces come first?"):
        threads.filter(has_text=body).get_by_role("button", name="Resolve").click()
        expect(threads.filter(has_text=body)).to_contain_text(f"Resolved by {review.staff.name_en}")
    expect(staff.page.locator("article.thread.resolved")).to_have_count(2)
    assert not Comment.objects.filter(section=section, resolved_at__isnull=True).exists()

    # 5. Both liaisons approve the new revision; Interior's approval of version 4 waits again.
    interior.open(section_path)
    expect(interior.page.locator("article[lang=en] .prose")).to_have_text(REVISED_TEXT)
    expect(interior.page.locator(f"#review-{interior_review.pk}")).to_contain_text(
        "Approved revision 4; changed since, waiting again"
    )
    expect(interior.page.locator(".decision-form h3")).to_have_text("Your decision for Interior on version 5")
    interior.page.get_by_role("button", name="Approve", exact=True).click()
    expect(interior.page.locator(f"#review-{interior_review.pk}")).to_contain_text("Approved (revision 5)")

    justice.open(section_path)
    expect(justice.page.locator("article[lang=en] .prose")).to_have_text(REVISED_TEXT)
    expect(justice.page.locator("article.thread.resolved")).to_have_count(2)
    justice.page.get_by_role("button", name="Approve", exact=True).click()
    expect(justice.page.get_by_role("status")).to_contain_text("Your decision is recorded.")
    expect(justice.page.locator(f"#review-{justice_review.pk}")).to_contain_text("Approved (revision 5)")
    expect(justice.page.locator(f"#review-{interior_review.pk}")).to_contain_text("Approved (revision 5)")

    # 6. The chief sends the draft to the chair.
    chief.open(draft_path)
    expect(chief.page.locator("#section-prevention .reviews .tag")).to_have_text(["interior: ✓", "justice: ✓"])
    chief.page.get_by_role("button", name="Submit to the chair").click()
    expect(chief.page.get_by_role("status")).to_contain_text("Done: Submit to the chair.")
    expect(chief.page.locator("#draft-state")).to_have_text("With the chair")
    # The ministries' part is over: the liaisons no longer see the draft.
    assert_not_found(justice, [section_path, draft_path], secret=REVISED_TEXT)

    # 7. The chair reads the whole draft and approves it.
    chair.open("/workplan/chair/")
    submission = chair.page.locator(f"#submission-{draft.pk}")
    submission.get_by_role("link", name="Read the whole draft").click()
    expect(chair.page).to_have_url(f"{live_server.url}/workplan/drafts/{draft.pk}/redline/")
    expect(chair.page.locator("h1")).to_have_text("Draft 1: everything is new")
    expect(chair.page.locator("#redline-prevention [lang=en] div.redline ins")).to_have_text([REVISED_TEXT])
    chair.page.get_by_role("link", name="Decide").click()
    expect(chair.page).to_have_url(f"{live_server.url}/workplan/chair/")
    submission.get_by_role("button", name="Approve and send to the Council of Ministers").click()
    expect(chair.page.get_by_role("status")).to_contain_text("Done: Approve and send to the Council of Ministers.")
    expect(chair.page.locator("#draft-state")).to_have_text("With the Council of Ministers")
    chair.open("/workplan/chair/")
    expect(chair.page.locator("main")).to_contain_text("Nothing is waiting for the chair.")

    assert_not_found(outsider, draft_pages(review), secret=REVISED_TEXT)
    assert_sent_to_sign_in(visitor, internal_pages(review), secret=REVISED_TEXT)
    assert_not_found(visitor, [f"/plans/{review.plan.pk}/"], secret=REVISED_TEXT)

    # 8. The chief records the Council's approval, which publishes the plan.
    decided_on = timezone.localdate() - datetime.timedelta(days=1)
    chief.open(draft_path)
    expect(chief.page.locator("#draft-state")).to_have_text("With the Council of Ministers")
    chief.page.get_by_role("link", name="Record the Council of Ministers' decision").click()
    expect(chief.page.locator("h1")).to_have_text("The Council of Ministers' decision")
    chief.page.get_by_role("radio", name="Approved").check()
    chief.page.get_by_label("Date of the decision").fill(decided_on.isoformat())
    chief.page.get_by_label("Decision reference").fill(REFERENCE)
    chief.page.get_by_role("button", name="Record the decision").click()
    expect(chief.page).to_have_url(f"{live_server.url}/plans/{review.plan.pk}/")
    expect(chief.page.get_by_role("status")).to_contain_text("The plan is published.")
    assert Draft.objects.get(pk=draft.pk).state == Draft.State.PUBLISHED
    chief.open(draft_path)
    expect(chief.page.locator("#draft-state")).to_have_text("Published")
    expect(chief.page.get_by_role("region", name="Next step")).to_have_count(0)
    expect(chief.page.locator("main")).to_contain_text(f"Council decision {REFERENCE} of {long_date(decided_on)}")

    # 9. A visitor reads the published plan: the revised text, the Council's decision.
    visitor.open("/plans/")
    visitor.page.get_by_role("link", name="National plan").click()
    expect(visitor.page).to_have_url(f"{live_server.url}/plans/{review.plan.pk}/")
    expect(visitor.page.locator("h1")).to_have_text("ផែនការជាតិ")
    expect(visitor.page.locator("main")).to_contain_text(
        f"Approved by the Council of Ministers, decision {REFERENCE} of {long_date(decided_on)}."
    )
    published = visitor.page.locator("#prevention")
    expect(published.locator("article[lang=en] .prose")).to_have_text(REVISED_TEXT)
    publication = PublishedPlan.objects.get(draft=draft)
    revision_hash = section.revisions.get(number=5).content_hash
    expect(published.locator(".revision-hash")).to_have_text(f"Approved text: revision 5, SHA-256 {revision_hash}")
    assert publication.document["council_decision"]["reference"] == REFERENCE
    # The portal's own pages of the draft are for people who sign in, published or not.
    assert_sent_to_sign_in(visitor, internal_pages(review), secret=REVISED_TEXT)
    # Signed in, the liaison of a ministry that was not asked now reads it too (a published draft is public),
    # without anything to change or say.
    outsider.open(section_path)
    expect(outsider.page.locator("article[lang=en] .prose")).to_have_text(REVISED_TEXT)
    expect(outsider.page.locator(".decision-form, .new-thread")).to_have_count(0)
    expect(outsider.page.get_by_role("link", name="Edit this section")).to_have_count(0)

    assert Section.objects.get(pk=section.pk).version == 5
    for someone in (staff, chief, interior, justice, outsider, chair, visitor):
        assert someone.problems() == [], someone.page.url
        assert someone.watch.dialogs == []
