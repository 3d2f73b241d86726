"""The portal's own deploy checks: a real Content-Security-Policy, its middleware, and sessions of 12 hours at most."""

from io import StringIO

import pytest
from django.core.checks import Error, Tags, run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils.csp import CSP

from core.checks import CSP_MIDDLEWARE, check_content_security_policy, check_session_age

# Running the system checks inspects the models, and on SQLite the JSONField check asks the database.
pytestmark = pytest.mark.django_db


def _ids(messages):
    return sorted(message.id for message in messages)


def _portal_ids(messages):
    return [message_id for message_id in _ids(messages) if message_id.startswith("portal.")]


def test_the_real_settings_pass():
    assert check_content_security_policy(None) == []
    assert check_session_age(None) == []


@pytest.mark.parametrize("empty", [{}, None])
def test_empty_policy_is_refused(settings, empty):
    settings.SECURE_CSP = empty
    errors = check_content_security_policy(None)
    assert _ids(errors) == ["portal.E002"]
    assert isinstance(errors[0], Error)


def test_missing_policy_setting_is_refused(settings):
    del settings.SECURE_CSP
    assert _ids(check_content_security_policy(None)) == ["portal.E002"]


@pytest.mark.parametrize(
    "policy",
    [
        {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]},
        {"default-src": [CSP.SELF], "style-src": ["'self'", "'unsafe-inline'"]},
        {"default-src": "'self' 'unsafe-inline'"},
        {"default-src": [CSP.SELF], "img-src": (CSP.SELF, "data:"), "style-src-attr": {"'unsafe-inline'"}},
    ],
    ids=["script-src", "style-src", "string-value", "tuple-and-set-values"],
)
def test_unsafe_inline_anywhere_is_refused(settings, policy):
    settings.SECURE_CSP = policy
    assert _ids(check_content_security_policy(None)) == ["portal.E003"]


def test_nonces_and_self_are_allowed(settings):
    settings.SECURE_CSP = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE], "object-src": [CSP.NONE]}
    assert check_content_security_policy(None) == []


def test_missing_csp_middleware_is_refused(settings):
    assert CSP_MIDDLEWARE in settings.MIDDLEWARE
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != CSP_MIDDLEWARE]
    assert _ids(check_content_security_policy(None)) == ["portal.E001"]


def test_missing_middleware_and_empty_policy_are_both_reported(settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != CSP_MIDDLEWARE]
    settings.SECURE_CSP = {}
    assert _ids(check_content_security_policy(None)) == ["portal.E001", "portal.E002"]


def test_session_age_over_12_hours_is_refused(settings):
    settings.SESSION_COOKIE_AGE = 13 * 60 * 60
    errors = check_session_age(None)
    assert _ids(errors) == ["portal.E004"]
    assert "46800" in errors[0].msg


def test_session_age_of_exactly_12_hours_is_allowed(settings):
    settings.SESSION_COOKIE_AGE = 12 * 60 * 60
    assert check_session_age(None) == []


def test_the_real_session_age_is_30_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_checks_run_with_deploy_only(settings):
    settings.SECURE_CSP = {}
    settings.SESSION_COOKIE_AGE = 13 * 60 * 60
    assert _portal_ids(run_checks(tags=[Tags.security], include_deployment_checks=True)) == [
        "portal.E002",
        "portal.E004",
    ]
    assert _portal_ids(run_checks(include_deployment_checks=False)) == []


def test_the_real_settings_pass_the_deploy_checks():
    assert _portal_ids(run_checks(include_deployment_checks=True)) == []


def test_a_deploy_without_email_url_is_refused_by_django():
    # The test run has no EMAIL_URL, so e-mail goes to the console: Django refuses that in production.
    assert "mail.E001" in _ids(run_checks(include_deployment_checks=True))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"SECURE_CSP": {}}, "portal.E002"),
        ({"SECURE_CSP": {"default-src": [CSP.SELF, CSP.UNSAFE_INLINE]}}, "portal.E003"),
        ({"SESSION_COOKIE_AGE": 13 * 60 * 60}, "portal.E004"),
    ],
    ids=["E002", "E003", "E004"],
)
def test_check_deploy_command_stops_on_portal_errors(settings, change, expected):
    for name, value in change.items():
        setattr(settings, name, value)
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", deploy=True, tags=["security"])
    assert expected in str(raised.value)


def test_check_deploy_command_stops_on_missing_csp_middleware(settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != CSP_MIDDLEWARE]
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", deploy=True)
    assert "portal.E001" in str(raised.value)


def test_check_deploy_command_passes_the_real_security_settings():
    # Over plain HTTP (HTTPS=false in tests) Django only warns; the portal's checks find nothing.
    out, err = StringIO(), StringIO()
    call_command("check", deploy=True, tags=["security"], fail_level="ERROR", stdout=out, stderr=err)
    output = out.getvalue() + err.getvalue()
    assert "System check identified" in output
    assert "portal." not in output
