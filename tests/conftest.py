"""Shared fixtures, and the rule that under CI=true a missing service fails the run."""

import gc
import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS

from core import dbroles
from members import roles
from tests.factories import PASSWORD, UserFactory
from workplan.exports.pdf import LAUNCH_ARGS

CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _reachable(url, default_port):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def _missing_services():
    """Return what CI needs and this run does not have."""
    missing = []
    if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing.append("PostgreSQL (set DATABASE_URL=postgres://...)")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker:
        missing.append("Redis (set CELERY_BROKER_URL=redis://...)")
    elif not _reachable(broker, 6379):
        missing.append(f"Redis at {broker} (not answering)")
    if not shutil.which(CHROMIUM_PATH):
        missing.append(f"Chromium at {CHROMIUM_PATH}")
    return missing


def pytest_sessionstart(session):
    if CI and (missing := _missing_services()):
        pytest.exit("CI=true, but these services are missing: " + "; ".join(missing), returncode=3)


def pytest_collection_finish(session):
    """Freeze what loading and collection made, as the WSGI module does at start (core/memory.py).

    The web process's full collections after a request (core.memory.collect_cycles) then walk what the
    tests make, not the whole test process: unfrozen, each took about 160 ms, a quarter of the
    permission matrix's time.
    """
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(config, items):
    """Skip service-bound tests on a bare machine; under CI nothing is skipped (see above)."""
    on_postgres = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    has_chromium = bool(shutil.which(CHROMIUM_PATH))
    has_redis = bool(shutil.which("redis-server")) and _reachable("redis://127.0.0.1:6379", 6379)
    for item in items:
        if "redis" in item.keywords and not has_redis and not CI:
            item.add_marker(pytest.mark.skip(reason="needs Redis on 127.0.0.1:6379 and redis-server"))
        if "postgres" in item.keywords and not on_postgres and not CI:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if "browser" in item.keywords and not has_chromium and not CI:
            item.add_marker(pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM_PATH}"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Create, migrate and at the end drop the test database as the tables' owner (DATABASE_OWNER_URL, if set).

    pytest-django's django_db_setup runs inside this; ours below switches back to the portal's role for the
    tests. Yields the portal's role's credentials. A second pytest process gets a test database of its own
    (PORTAL_TEST_DB_SUFFIX: tests/run.py runs the whole-site sweeps beside the rest).
    """
    if suffix := os.environ.get("PORTAL_TEST_DB_SUFFIX"):
        from pytest_django.fixtures import _set_suffix_to_test_databases

        _set_suffix_to_test_databases(suffix)
    portal_role = dbroles.credentials()
    with dbroles.connected_as_owner():
        yield portal_role


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_modify_db_settings):
    """Run the tests as the portal's own role (DATABASE_URL), the one the web and the workers connect as."""
    with dbroles.connected_with(DEFAULT_DB_ALIAS, django_db_modify_db_settings):
        yield


@pytest.fixture(autouse=True)
def _both_factors_for_test_clients(request, monkeypatch):
    """`Client.login` and `force_login` sign in as if the person had given their code too, as they would have.

    Two-step sign-in stands between the password and every page for the chair, the chief, auditors and
    superusers (members/second_factor.py); tests about anything else start past it. Tests of two-step sign-in
    itself are marked `password_only`: their clients sign in with the password alone, and give the code as a
    person does. Browser tests sign in through the pages and give a real code (tests/e2e/drafting_support.py).
    """
    if "password_only" in request.keywords:
        return
    import time

    from django.test import Client

    from members.second_factor import VERIFIED_AT

    original = Client._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[VERIFIED_AT] = int(time.time())
        session.save()

    monkeypatch.setattr(Client, "_login", _login)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Messages raised by services read in English in assertions; requests still choose their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords_and_clean_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium: Playwright cannot download its own browsers here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM_PATH,
        # The same switches the portal's PDF printing launches Chromium with.
        "args": LAUNCH_ARGS,
    }


def _person(role, **kwargs):
    """Return a person holding `role` as the organisation gives it: a seat, or the auditors' group (give_role)."""
    return UserFactory(roles=[role] if role else [], **kwargs)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def chief(db):
    return _person(roles.CHIEF, username="t-chief", is_staff=True)


@pytest.fixture
def staff(db):
    return _person(roles.STAFF, username="t-staff")


@pytest.fixture
def liaison(db):
    return _person(roles.LIAISON, username="t-liaison")


@pytest.fixture
def chair(db):
    return _person(roles.CHAIR, username="t-chair")


@pytest.fixture
def member(db):
    return _person(roles.MEMBER, username="t-member")


@pytest.fixture
def auditor(db):
    return _person(roles.AUDITOR, username="t-auditor")
