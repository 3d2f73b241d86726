"""Two-step sign-in: who must set it up, the code after the password, recovery codes, and the steps that ask again.

These clients sign in with the password alone (`password_only`), and give their codes as a person does.
"""

import re
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import get_users_with_perms

from audit.models import AuditEvent
from members import roles, second_factor
from members.models import ApiToken
from notifications.models import Notification
from tests.factories import PASSWORD, UserFactory, current_code, give_authenticator
from tests.workplan.builders import Review
from workplan import workflow

pytestmark = [pytest.mark.django_db, pytest.mark.password_only]

SETUP = reverse("second_factor")
VERIFY = reverse("second_factor_verify")


def _sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def _code_from_setup_page(client):
    """Read the key shown on the set-up page, as a person's app would from the QR code, and return its code now."""
    import base64

    from django_otp.oath import TOTP

    page = client.get(SETUP).content.decode()
    key = re.search(r'<code class="manual-key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    totp = TOTP(base64.b32decode(key))
    totp.time = time.time()
    return f"{totp.token():06d}"


def _age_last_code(client, seconds):
    session = client.session
    session[second_factor.VERIFIED_AT] -= seconds
    session.save()


def _verified(client, user):
    """Sign in with the password and a code, as a person with an app set up."""
    device = give_authenticator(user)
    _sign_in(client, user)
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 302, response.content.decode()[:500]
    return device


# Who must, who may.


@pytest.mark.parametrize("role", [roles.CHIEF, roles.CHAIR, roles.AUDITOR, "superuser"])
def test_the_powers_that_matter_set_up_an_app_before_any_page(client, role):
    person = UserFactory(is_superuser=True) if role == "superuser" else UserFactory(roles=[role])

    signed_in = _sign_in(client, person)
    dashboard = client.get(reverse("dashboard"))
    api = client.get("/api/v1/plans/")

    assert signed_in.status_code == 302
    assert dashboard.status_code == 302 and dashboard["Location"].startswith(SETUP + "?next=")
    assert api.status_code == 403 and api["Content-Type"] == "application/problem+json"
    assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize("role", [roles.STAFF, roles.LIAISON, roles.MEMBER])
def test_other_roles_are_offered_it_and_not_asked(client, role):
    person = UserFactory(roles=[role])
    _sign_in(client, person)

    assert client.get(reverse("dashboard")).status_code == 200
    assert f'href="{SETUP}"' in client.get(reverse("dashboard")).content.decode()


def test_a_demo_chief_is_exempt_while_debug_is_on(client, settings):
    settings.DEBUG = True
    person = UserFactory(roles=[roles.CHIEF], is_demo=True)
    _sign_in(client, person)

    assert client.get(reverse("dashboard")).status_code == 200


# Setting up.


def test_setting_up_turns_on_with_the_apps_first_code_and_shows_ten_recovery_codes_once(client, chief, mailoutbox):
    _sign_in(client, chief)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and 'class="manual-key"' in page

    wrong = client.post(SETUP, {"action": "confirm", "code": "000000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 400
    assert "not the one your app shows" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=chief).exists()

    done = client.post(SETUP, {"action": "confirm", "code": _code_from_setup_page(client)})

    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", done.content.decode())
    assert len(set(codes)) == second_factor.RECOVERY_CODES
    assert TOTPDevice.objects.filter(user=chief, confirmed=True).count() == 1
    assert AuditEvent.objects.filter(action="account.second_factor_setup", actor=chief).count() == 1
    assert Notification.objects.filter(recipient=chief, kind=second_factor.FACTOR_ADDED).count() == 1
    assert client.get(reverse("dashboard")).status_code == 200
    # Shown once: the page of the app set up lists how many are left, never the codes.
    status = client.get(SETUP).content.decode()
    assert re.search(r'<p id="codes-left">[^<]*\b10\b', status) and codes[0] not in status


def test_the_set_up_page_cannot_replace_an_app_before_its_code(client, chief):
    give_authenticator(chief)
    _sign_in(client, chief)

    response = client.get(SETUP + "?replace=1")

    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"action": "confirm", "code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=chief).count() == 1


# The code after the password.


def test_a_person_with_an_app_gives_its_code_after_the_password(client, chief):
    device = give_authenticator(chief)
    _sign_in(client, chief)
    key_before = client.session.session_key

    asked = client.get(reverse("dashboard"))
    wrong = client.post(VERIFY, {"code": "123456", "next": "/dashboard/"}, HTTP_ACCEPT_LANGUAGE="en")
    time.sleep(1.1)  # a wrong code makes the next wait a second (django-otp's throttling)
    right = client.post(VERIFY, {"code": current_code(device), "next": "/dashboard/"})

    assert asked.status_code == 302 and asked["Location"] == f"{VERIFY}?next=%2Fdashboard%2F"
    assert wrong.status_code == 400 and "This code is not right" in wrong.content.decode()
    assert right.status_code == 302 and right["Location"] == "/dashboard/"
    assert client.session.session_key != key_before
    assert client.get(reverse("dashboard")).status_code == 200
    assert AuditEvent.objects.filter(action="account.second_factor", actor=chief).count() == 1


def test_a_code_typed_in_khmer_digits_with_spaces_works(client, chief):
    device = give_authenticator(chief)
    _sign_in(client, chief)
    code = current_code(device)
    khmer = " ".join(code[:3].translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")) + " " + code[3:])

    assert client.post(VERIFY, {"code": khmer}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_code_is_taken_once(client, chief):
    device = give_authenticator(chief)
    code = current_code(device)
    _sign_in(client, chief)
    assert client.post(VERIFY, {"code": code}).status_code == 302

    other = type(client)()
    _sign_in(other, chief)
    assert other.post(VERIFY, {"code": code}).status_code == 400


def test_wrong_codes_slow_the_next_tries_down(client, chief):
    device = give_authenticator(chief)
    _sign_in(client, chief)
    for _ in range(3):
        client.post(VERIFY, {"code": "000000"})

    response = client.post(VERIFY, {"code": current_code(device)}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "Too many wrong codes. Wait" in response.content.decode()


def test_the_code_page_answers_in_khmer(client, chief):
    give_authenticator(chief)
    _sign_in(client, chief)

    page = client.get(VERIFY, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    wrong = client.post(VERIFY, {"code": "1"}, HTTP_ACCEPT_LANGUAGE="km").content.decode()

    assert "Your code" not in page and "authenticator" not in page
    assert "This code is not right" not in wrong and re.search("[\u1780-\u17ff]", wrong)


@pytest.mark.parametrize("elsewhere", ["https://example.org/", "//example.org/", "dashboard", "ក" * 300])
def test_the_next_address_must_be_a_path_of_the_portal(client, chief, elsewhere):
    device = give_authenticator(chief)
    _sign_in(client, chief)

    response = client.post(VERIFY, {"code": current_code(device), "next": elsewhere})

    assert response["Location"] == reverse("dashboard")


# Recovery codes.


def test_a_recovery_code_works_once_and_tells_the_owner(client, chief):
    _sign_in(client, chief)
    page = client.post(SETUP, {"action": "confirm", "code": _code_from_setup_page(client)}).content.decode()
    code = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)[0]
    client.logout()

    _sign_in(client, chief)
    used = client.post(VERIFY, {"code": code.upper()}, HTTP_ACCEPT_LANGUAGE="en")
    client.logout()
    _sign_in(client, chief)
    again = client.post(VERIFY, {"code": code}, HTTP_ACCEPT_LANGUAGE="en")

    assert used.status_code == 302
    assert again.status_code == 400 and "used already" in again.content.decode()
    assert StaticToken.objects.filter(device__user=chief).count() == second_factor.RECOVERY_CODES - 1
    assert Notification.objects.filter(recipient=chief, kind=second_factor.RECOVERY_USED).count() == 1
    event = AuditEvent.objects.get(action="account.second_factor", details__method="recovery_code")
    assert event.details["recovery_codes_left"] == second_factor.RECOVERY_CODES - 1


def test_new_recovery_codes_replace_the_old_ones(client, chief):
    _verified(client, chief)
    old = client.post(SETUP, {"action": "codes"}).content.decode()
    new = client.post(SETUP, {"action": "codes"}).content.decode()
    old_codes = set(re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", old))
    new_codes = set(re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", new))

    assert len(old_codes) == len(new_codes) == second_factor.RECOVERY_CODES and not old_codes & new_codes
    assert set(StaticToken.objects.filter(device__user=chief).values_list("token", flat=True)) == {
        code.replace("-", "") for code in new_codes
    }


# Turning it off, and the reset for a lost phone.


def test_a_role_that_needs_it_cannot_turn_it_off(client, chief):
    _verified(client, chief)

    client.post(SETUP, {"action": "remove"})

    assert TOTPDevice.objects.filter(user=chief).exists()


def test_someone_who_chose_it_may_turn_it_off_which_ends_their_sessions(client, liaison):
    _verified(client, liaison)

    response = client.post(SETUP, {"action": "remove"})

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert not TOTPDevice.objects.filter(user=liaison).exists()
    assert client.get(reverse("dashboard")).status_code == 302  # signed out
    assert AuditEvent.objects.filter(action="account.second_factor_removed").count() == 1


def test_the_reset_command_removes_a_lost_app(chief):
    give_authenticator(chief)

    call_command("second_factor_reset", chief.username)

    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert Notification.objects.filter(recipient=chief, kind=second_factor.FACTOR_REMOVED).exists()


# Steps that ask again after 15 minutes.


def test_a_new_token_asks_for_a_new_code_after_fifteen_minutes_keeping_the_name(client, chief):
    device = _verified(client, chief)
    _age_last_code(client, 15 * 60 + 1)

    page = client.get(reverse("tokens")).content.decode()
    refused = client.post(reverse("tokens"), {"name": "ministry-sync"}, HTTP_ACCEPT_LANGUAGE="en")
    made = client.post(reverse("tokens"), {"name": "ministry-sync", "second_factor_code": current_code(device)})

    assert 'name="second_factor_code"' in page
    assert refused.status_code == 400 and 'value="ministry-sync"' in refused.content.decode()
    assert made.status_code == 200 and ApiToken.objects.filter(user=chief, name="ministry-sync").count() == 1


def test_within_fifteen_minutes_no_new_code_is_asked(client, chief):
    _verified(client, chief)
    _age_last_code(client, 14 * 60)

    assert 'name="second_factor_code"' not in client.get(reverse("tokens")).content.decode()
    assert client.post(reverse("tokens"), {"name": "quick"}).status_code == 200
    assert ApiToken.objects.filter(user=chief, name="quick").exists()


def test_sharing_a_draft_asks_again_and_shares_nothing_without_it(client):
    review = Review()
    guest = UserFactory(username="guest-reader")
    device = _verified(client, review.chief)
    _age_last_code(client, 16 * 60)
    url = reverse("workplan:draft-share", args=[review.draft.pk])

    page = client.get(reverse("workplan:draft", args=[review.draft.pk])).content.decode()
    refused = client.post(url, {"username": "guest-reader"})
    shared = client.post(url, {"username": "guest-reader", "second_factor_code": current_code(device)})

    assert 'name="second_factor_code"' in page
    assert refused.status_code == 302 and "share=guest-reader" in refused["Location"]
    assert shared.status_code == 302
    assert guest in get_users_with_perms(review.draft, only_with_perms_in=["view_draft"], with_group_users=False)


def test_the_councils_decision_asks_again_and_keeps_what_was_typed(client):
    review = Review()
    review.submit()
    review.approve_all()
    workflow.submit_to_chair(draft=review.draft, actor=review.chief)
    workflow.chair_approve(draft=review.draft, actor=review.chair)
    device = _verified(client, review.chief)
    _age_last_code(client, 16 * 60)
    url = reverse("workplan:council", args=[review.draft.pk])
    body = {"decision": "approve", "decision_date": "2010-03-01", "decision_reference": "SSR-77"}

    refused = client.post(url, body, HTTP_ACCEPT_LANGUAGE="en")
    review.draft.refresh_from_db()
    state_after_refusal = review.draft.state
    done = client.post(url, {**body, "second_factor_code": current_code(device)})

    assert refused.status_code == 400 and 'value="SSR-77"' in refused.content.decode()
    assert state_after_refusal == "with_council"
    assert done.status_code == 302


def test_the_admin_asks_again_after_fifteen_minutes(client, chief):
    device = _verified(client, chief)
    _age_last_code(client, 16 * 60)
    change = reverse("admin:members_user_change", args=[chief.pk])

    asked = client.get(change)
    client.post(VERIFY, {"code": current_code(device), "next": change})

    assert asked.status_code == 302 and asked["Location"].startswith(VERIFY + "?next=")
    assert client.get(change).status_code == 200


# The API's token endpoint.


def test_the_token_endpoint_asks_an_account_with_an_app_for_its_code(client, chief):
    device = give_authenticator(chief)
    url = reverse("api-token")
    body = {"username": chief.username, "password": PASSWORD}

    without = client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    wrong = client.post(url, {**body, "code": "000000"}, content_type="application/json")
    time.sleep(1.1)  # a wrong code makes the next wait a second
    right = client.post(url, {**body, "code": current_code(device)}, content_type="application/json")

    assert without.status_code == 400 and "two-step sign-in" in without.json()["detail"]
    assert wrong.status_code == 400
    assert right.status_code == 201


def test_the_token_endpoint_refuses_a_role_that_has_not_set_up_its_app(client, chair):
    response = client.post(
        reverse("api-token"), {"username": chair.username, "password": PASSWORD}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=chair).exists()


# Every page: nothing before the code.

# What a person signed in with the password alone may open: signing out, the language, the code pages.
OPEN = {"login", "logout", "set_language", "second_factor", "second_factor_verify"}


def _concrete_paths():
    """Yield (name, path) for every URL pattern of the site, its parameters filled with values that resolve."""
    from django.urls import Resolver404, resolve

    from tests.workplan.matrix_support import url_patterns

    fillers = {"int": "1", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x"}
    for name, route, entry in url_patterns():
        path = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda match: fillers.get(match.group(1), "x"), route)
        path = path.replace("^", "").replace("$", "").replace("\\Z", "")
        try:
            if resolve(path).func is not entry.callback:
                continue
        except Resolver404:
            continue
        yield name, path


def test_no_page_before_the_code_whatever_its_address(client, chief):
    give_authenticator(chief)
    _sign_in(client, chief)
    paths = [(name, path) for name, path in _concrete_paths() if name not in OPEN]
    assert len(paths) > 60  # the walk found the site's pages

    wrong = []
    for name, path in paths:
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if path.startswith("/api/"):
                # Public ones included: the session says who asks, and that person has not given the code.
                passed_by = response.status_code == 403 and response["Content-Type"] == "application/problem+json"
            else:
                passed_by = response.status_code == 302 and response["Location"].startswith(VERIFY + "?next=")
            if not passed_by:
                wrong.append((name, method, path, response.status_code))

    assert wrong == []
