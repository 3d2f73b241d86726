"""The scale-out rehearsal: nginx in front of two gunicorn instances, two Celery workers and one beat.

All of them share one PostgreSQL database, one Redis (broker and cache) and
one media directory, as separate hosts would. A browser session signs in
through nginx and carries a draft from review to publication; nginx sends
its requests to both instances in turn, so sessions, CSRF tokens, caches and
uploaded files must work whichever instance answers. Every notification the
draft's way writes is e-mailed once, by one of the two workers.
"""

import datetime
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import redis as redis_client
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import Notification
from tests.conftest import CI
from tests.e2e.drafting_support import Watch, sign_in
from tests.factories import PASSWORD
from tests.workplan.builders import Review
from workplan.models import Draft, Export

from .services import Stack, mailed, wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

BROKER = "redis://127.0.0.1:6379/10"
CACHE = "redis://127.0.0.1:6379/11"
SCAN = b"%PDF-1.4\n% The Council of Ministers' decision, scanned\n%%EOF\n"


@pytest.fixture
def stack(tmp_path):
    if not shutil.which("nginx"):
        if CI:
            pytest.fail("CI=true, but nginx is missing (Debian's nginx-light)")
        pytest.skip("needs nginx (Debian's nginx-light)")
    for url in (BROKER, CACHE):
        redis_client.Redis.from_url(url).flushdb()
    stack = Stack(tmp_path, BROKER, CACHE).start()
    try:
        yield stack
    except BaseException:
        print(stack.logs())
        raise
    finally:
        stack.stop()
        for url in (BROKER, CACHE):
            redis_client.Redis.from_url(url).flushdb()


def test_a_draft_goes_through_review_with_requests_landing_on_both_instances(browser, stack, tmp_path):
    review = Review()
    draft, section = review.draft, review.section
    draft_path, section_path = f"/workplan/drafts/{draft.pk}/", f"/workplan/sections/{section.pk}/"
    people = {}

    def person(user):
        # The web tier hashes passwords as production does, not with the tests' fast hasher.
        user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
        user.save(update_fields=["password"])
        context = browser.new_context(locale="en-US", accept_downloads=True)
        page = context.new_page()
        people[user.username] = (context, page, Watch(page))
        sign_in(page, stack, user)
        return page

    chief, interior, justice, chair = (
        person(user) for user in (review.chief, review.liaison, review.justice_liaison, review.chair)
    )

    # The chief sends the draft to the ministries.
    chief.goto(stack.url + draft_path)
    chief.get_by_role("region", name="Next step").get_by_role(
        "button", name="Submit for review by the ministries"
    ).click()
    expect(chief.get_by_role("status")).to_contain_text("Done: Submit for review by the ministries.")
    expect(chief.locator("#draft-state")).to_have_text("In review by the ministries")

    # Interior approves its three sections; Justice comments, then approves the one it is asked about.
    for key, title in (("prevention", "Prevention"), ("front", "Introduction"), ("justice", "Justice")):
        interior.goto(stack.url + draft_path)
        interior.locator(f"#section-{key}").get_by_role("link", name=title, exact=True).click()
        interior.get_by_role("button", name="Approve", exact=True).click()
        expect(interior.get_by_role("status")).to_contain_text("Your decision is recorded.")
    justice.goto(stack.url + section_path)
    justice.get_by_label("Your comment").fill("Seen from two instances.")
    justice.get_by_role("button", name="Comment", exact=True).click()
    expect(justice.locator("article.thread")).to_have_count(1)
    justice.get_by_role("button", name="Approve", exact=True).click()
    expect(justice.get_by_role("status")).to_contain_text("Your decision is recorded.")
    chief.goto(stack.url + section_path)
    chief.locator("article.thread").get_by_role("button", name="Resolve").click()
    expect(chief.locator("article.thread.resolved")).to_have_count(1)

    # To the chair, who approves; the chief records the Council's decision with its scan.
    chief.goto(stack.url + draft_path)
    chief.get_by_role("button", name="Submit to the chair").click()
    expect(chief.locator("#draft-state")).to_have_text("With the chair")
    chair.goto(stack.url + "/workplan/chair/")
    chair.locator(f"#submission-{draft.pk}").get_by_role(
        "button", name="Approve and send to the Council of Ministers"
    ).click()
    expect(chair.locator("#draft-state")).to_have_text("With the Council of Ministers")
    # An export, built by one of the workers into the shared storage while the page polls both instances.
    chief.goto(stack.url + draft_path)
    exports = chief.get_by_role("region", name="Export", exact=True)
    exports.get_by_label("Format").select_option("pdf")
    exports.get_by_label("Language").select_option("en")
    exports.get_by_role("button", name="Export", exact=True).click()
    expect(chief.locator("progress#export-bar")).to_have_attribute("value", "100", timeout=60_000)
    with chief.expect_download() as download:
        chief.locator("#export-download").click()
    text = subprocess.run(
        ["pdftotext", "-layout", download.value.path(), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert f"prepared for {review.chief.display_name}" in text
    export = Export.objects.get(draft=draft)
    assert export.status == Export.Status.DONE and export.attempts == 1

    chief.goto(stack.url + draft_path)
    chief.get_by_role("link", name="Record the Council of Ministers' decision").click()
    chief.get_by_role("radio", name="Approved").check()
    chief.get_by_label("Date of the decision").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    chief.get_by_label("Decision reference").fill("7 SSR")
    chief.get_by_label("Scanned decision").set_input_files(
        files=[{"name": "decision.pdf", "mimeType": "application/pdf", "buffer": SCAN}]
    )
    chief.get_by_role("button", name="Record the decision").click()
    expect(chief.get_by_role("status")).to_contain_text("The plan is published.")
    assert Draft.objects.get(pk=draft.pk).state == Draft.State.PUBLISHED

    # The uploaded scan comes back whichever instance answers.
    for _ in range(2):
        chief.goto(stack.url + draft_path)
        with chief.expect_download() as download:
            chief.get_by_role("link", name="scanned decision").click()
        assert Path(download.value.path()).read_bytes() == SCAN

    # Both instances served the signed-in session, its forms included.
    served = stack.upstreams()
    assert all(status < 500 for _, _, status, _ in served), [line for line in served if line[2] >= 500]
    posts = Counter(port for method, _, _, port in served if method == "POST")
    pages = Counter(port for method, path, _, port in served if method == "GET" and path.startswith("/workplan/"))
    polls = Counter(port for method, path, _, port in served if "/progress/" in path)
    assert set(posts) == set(stack.web_ports), posts
    assert set(pages) == set(stack.web_ports), pages
    assert polls, "the progress bar asked the web tier for news of the export"

    # Every notification of the way was e-mailed once, by one worker or the other.
    wait_until(
        lambda: not Notification.objects.filter(delivered_at__isnull=True).exists(),
        60,
        message="notifications delivered by the two workers",
    )
    emailed = set(Notification.objects.filter(outcome=Notification.Outcome.EMAILED).values_list("pk", flat=True))
    copies = mailed(tmp_path)
    assert emailed and set(copies) == emailed and set(copies.values()) == {1}

    for _context, page, watch in people.values():
        assert watch.errors == [], page.url
