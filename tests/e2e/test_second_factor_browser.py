"""In a real browser: the chief sets up two-step sign-in, signs in with a code, is asked again, uses a recovery code."""

import base64
import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django_otp.oath import TOTP
from playwright.sync_api import expect

from members import second_factor
from members.models import ApiToken
from tests.e2e import drafting_support as support
from tests.e2e.drafting_support import Watch, ready
from tests.factories import PASSWORD, UserFactory, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser_context_args = support.browser_context_args


def _password(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button").click()
    ready(page)


def _sign_out(page):
    """Sign out from the menu, as a person does: open the account's panel, press its Sign out button."""
    page.locator(".account-button").click()
    page.locator(".account-links form[action='/accounts/logout/'] button").click()
    ready(page)


def _age_last_code(page, seconds):
    """Move the browser session's last code back in time, as if the person had worked that long since."""
    key = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[second_factor.VERIFIED_AT] -= seconds
    session.save(must_create=False)


def test_set_up_sign_in_be_asked_again_and_use_a_recovery_code(live_server, page):
    chief = UserFactory(username="chief-two-step", roles=["secretariat_chief"], language="en")
    watch = Watch(page)

    # The password alone leads to setting up the app, whatever page was asked for.
    _password(page, live_server, chief)
    expect(page).to_have_url(re.compile(r"/accounts/two-step/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    expect(page.locator(".qr-code svg")).to_be_visible()
    key = page.locator("code.manual-key").inner_text().replace(" ", "")
    app = TOTP(base64.b32decode(key))

    # A mistyped code says what to do and keeps the person on the page.
    page.get_by_label("Code shown by the app").fill("000000")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.locator(".error-summary")).to_contain_text("not the one your app shows")

    app.time = time.time()
    page.get_by_label("Code shown by the app").fill(f"{app.token():06d}")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == second_factor.RECOVERY_CODES
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()

    # Signing in again: the password, then the code the app shows.
    _sign_out(page)
    _password(page, live_server, chief)
    expect(page).to_have_url(re.compile(r"/accounts/two-step/code/"))
    device = second_factor.authenticator(chief)
    page.locator("#id_code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()

    # Sixteen minutes later, a new token asks for a code again; the name typed is kept when it is missing.
    _age_last_code(page, 16 * 60)
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.get_by_label("Name of a new token").fill("ministry-sync")
    page.get_by_label("Code from your authenticator app").fill("")
    page.get_by_role("button", name="Create a token").click()
    expect(page.get_by_label("Name of a new token")).to_have_value("ministry-sync")
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Create a token").click()
    expect(page.locator("#new-token")).to_contain_text("ministry-sync")
    assert ApiToken.objects.filter(user=chief, name="ministry-sync").count() == 1

    # No phone: a recovery code, once.
    _sign_out(page)
    _password(page, live_server, chief)
    page.get_by_text("No phone with you?").click()
    page.locator("#id_code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".messages, [role=status], .message").first).to_contain_text("You used a recovery code")
    _sign_out(page)
    _password(page, live_server, chief)
    page.locator("#id_code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_contain_text("used already")

    # The refused forms answer 400, which Chromium logs; nothing else went wrong.
    assert [error for error in watch.errors if "status of 400 (Bad Request)" not in error] == []
