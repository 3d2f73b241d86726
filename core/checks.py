"""System checks for what `check --deploy` does not look at.

Registered with the "security" tag and deploy=True so they run with
`python manage.py check --deploy`.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

CSP_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"
MAX_SESSION_AGE = 12 * 60 * 60


def _policy_values(policy):
    for value in policy.values():
        if isinstance(value, (list, tuple, set)):
            yield from value
        else:
            yield value


@register(Tags.security, deploy=True)
def check_content_security_policy(app_configs, **kwargs):
    """Refuse a missing or empty Content-Security-Policy, or one with 'unsafe-inline'."""
    errors = []
    if CSP_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            Error(
                "The Content-Security-Policy middleware is not installed.",
                hint=f"Add '{CSP_MIDDLEWARE}' to MIDDLEWARE.",
                id="portal.E001",
            )
        )
    policy = getattr(settings, "SECURE_CSP", None) or {}
    if not policy:
        errors.append(
            Error(
                "SECURE_CSP is empty: pages are sent without a Content-Security-Policy.",
                hint="Set SECURE_CSP, starting from {'default-src': [CSP.SELF]}.",
                id="portal.E002",
            )
        )
    elif any("unsafe-inline" in str(value) for value in _policy_values(policy)):
        errors.append(
            Error(
                "SECURE_CSP allows 'unsafe-inline', which lets injected scripts and styles run.",
                hint="Use nonces ({{ csp_nonce }}) or static files instead of inline code.",
                id="portal.E003",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_session_age(app_configs, **kwargs):
    """Refuse sessions that may live longer than 12 hours."""
    if settings.SESSION_COOKIE_AGE > MAX_SESSION_AGE:
        return [
            Error(
                f"SESSION_COOKIE_AGE is {settings.SESSION_COOKIE_AGE} seconds, more than 12 hours.",
                hint="Officials sign in again every working day: keep SESSION_COOKIE_AGE at 43200 or less.",
                id="portal.E004",
            )
        ]
    return []
