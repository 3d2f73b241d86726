"""Settings come from the environment, with safe defaults and a clear stop when production secrets are missing.

Each case runs `manage.py` in its own process (settings are read once, at import), with the portal's variables
removed from the environment. The processes are started together to keep the module fast.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Variables read by config/settings.py that would change what these tests look at.
PORTAL_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DATABASE_OWNER_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "EMAIL_URL",
    "HTTPS",
    "STATICFILES_STORAGE",
    "CACHE_URL",
    "SESSION_COOKIE_AGE",
    "SECURE_HSTS_SECONDS",
    "TRUSTED_PROXY_COUNT",
    # Set for the test run by pytest-env; Django's async.E001 refuses it under --deploy.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)

PRINT_SETTINGS = (
    "import json; from django.conf import settings; print(json.dumps({"
    "'debug': settings.DEBUG,"
    "'engine': settings.DATABASES['default']['ENGINE'],"
    "'database': str(settings.DATABASES['default']['NAME']),"
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER,"
    "'broker': settings.CELERY_BROKER_URL,"
    "'mail': settings.MAILERS['default']['BACKEND'],"
    "'ssl_redirect': settings.SECURE_SSL_REDIRECT,"
    "'aliases': sorted(settings.DATABASES),"
    "'app_role': settings.DATABASE_APP_ROLE,"
    "}))"
)

STRONG_SECRET_KEY = secrets.token_urlsafe(50)  # 67 characters

CASES = {
    "no_secret_key": ({}, ["check"]),
    "no_allowed_hosts": ({"SECRET_KEY": STRONG_SECRET_KEY}, ["check"]),
    "deploy": (
        {
            "SECRET_KEY": STRONG_SECRET_KEY,
            "ALLOWED_HOSTS": "portal.example.org",
            # Production sets EMAIL_URL: Django's mail.E001 refuses the console backend under --deploy.
            "EMAIL_URL": "smtp+tls://portal:mail-password@mail.example.org:587",
        },
        ["check", "--deploy", "--fail-level", "WARNING"],
    ),
    "debug_defaults": ({"DEBUG": "true"}, ["shell", "--no-imports", "-c", PRINT_SETTINGS]),
    "production_defaults": (
        {"SECRET_KEY": STRONG_SECRET_KEY, "ALLOWED_HOSTS": "portal.example.org"},
        ["shell", "--no-imports", "-c", PRINT_SETTINGS],
    ),
    "two_roles": (
        {
            "DEBUG": "true",
            "DATABASE_URL": "postgres://portal_app:app-password@db.example.org:5432/portal",
            "DATABASE_OWNER_URL": "postgres://portal_owner:owner-password@db.example.org:5432/portal",
        },
        ["shell", "--no-imports", "-c", PRINT_SETTINGS],
    ),
    "owner_of_another_database": (
        {
            "DEBUG": "true",
            "DATABASE_URL": "postgres://portal_app@db.example.org:5432/portal",
            "DATABASE_OWNER_URL": "postgres://portal_owner@db.example.org:5432/portal_copy",
        },
        ["check"],
    ),
}


def _environment(extra):
    env = {key: value for key, value in os.environ.items() if key not in PORTAL_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def runs():
    """Run every case's manage.py command at once; map case name to CompletedProcess."""
    started = {
        name: (
            args,
            subprocess.Popen(
                [sys.executable, "manage.py", *args],
                cwd=PROJECT_ROOT,
                env=_environment(extra),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for name, (extra, args) in CASES.items()
    }
    finished = {}
    for name, (args, process) in started.items():
        try:
            stdout, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        finished[name] = subprocess.CompletedProcess(args, process.returncode, stdout, stderr)
    return finished


def _printed_settings(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_missing_secret_key_stops_start_up(runs):
    result = runs["no_secret_key"]
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_missing_allowed_hosts_stops_start_up(runs):
    result = runs["no_allowed_hosts"]
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr
    assert "SECRET_KEY is not set" not in result.stderr


def test_production_settings_pass_check_deploy_at_warning_level(runs):
    result = runs["deploy"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_nothing_set_but_debug_gives_the_embedded_stack(runs):
    printed = _printed_settings(runs["debug_defaults"])
    assert printed["debug"] is True
    assert printed["engine"] == "django.db.backends.sqlite3"
    assert Path(printed["database"]) == PROJECT_ROOT / "db.sqlite3"
    assert printed["broker"] == ""
    assert printed["eager"] is True
    assert printed["mail"] == "django.core.mail.backends.console.EmailBackend"
    assert printed["ssl_redirect"] is False


def test_one_database_role_unless_an_owner_is_named(runs):
    printed = _printed_settings(runs["production_defaults"])
    assert (printed["aliases"], printed["app_role"]) == (["default"], "")


def test_an_owner_url_adds_the_owners_alias_and_names_the_portals_role(runs):
    printed = _printed_settings(runs["two_roles"])
    assert (printed["aliases"], printed["app_role"]) == (["default", "owner"], "portal_app")


def test_an_owner_of_another_database_stops_start_up(runs):
    result = runs["owner_of_another_database"]
    assert result.returncode != 0
    assert "DATABASE_OWNER_URL must name the PostgreSQL database DATABASE_URL names" in result.stderr


def test_debug_is_off_unless_set(runs):
    printed = _printed_settings(runs["production_defaults"])
    assert printed["debug"] is False
    # HTTPS follows DEBUG: on by default in production.
    assert printed["ssl_redirect"] is True
