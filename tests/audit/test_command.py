"""`manage.py verify_audit`: what it prints and how it exits."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from audit import services
from core import dbroles

from .support import chain, tampering

pytestmark = pytest.mark.django_db


def verify_audit(*args):
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def test_an_intact_chain():
    chain(4)
    output = verify_audit()
    assert output.splitlines()[0] == "Audit chain intact: 4 events."


def test_an_empty_log_is_intact():
    assert verify_audit().startswith("Audit chain intact: 0 events.")


def test_the_head_is_printed_so_it_can_be_kept_elsewhere():
    events = chain(2)
    assert f"Head: event {events[-1].pk}, hash {events[-1].hash}." in verify_audit()


def test_batch_size():
    chain(5)
    assert verify_audit("--batch-size", "2").startswith("Audit chain intact: 5 events.")
    with pytest.raises(CommandError, match="at least 1"):
        verify_audit("--batch-size", "0")


def test_a_broken_chain_fails_with_the_event_and_why(monkeypatch):
    monkeypatch.setattr(services, "verify", lambda batch_size: services.Verification(3, 17, services.DELETED))
    with pytest.raises(CommandError) as error:
        verify_audit()
    assert str(error.value) == "Audit chain broken at event 17: deleted before it (3 events intact before it)."
    assert error.value.returncode == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_altered_event_fails_the_command():
    events = chain(3)
    with tampering() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'test.other' WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"event {events[1].pk}: altered"):
        verify_audit()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_exit_codes_from_the_command_line():
    """The real process: 0 when intact; 1 and the broken event on stderr once an event is altered."""
    events = chain(2)

    intact = run_verify_audit()

    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.startswith("Audit chain intact: 2 events.")

    with tampering() as cursor:
        cursor.execute("UPDATE audit_auditevent SET details = '{}'::jsonb WHERE id = %s", [events[0].pk])

    broken = run_verify_audit()

    assert broken.returncode == 1
    assert broken.stdout == ""
    assert f"Audit chain broken at event {events[0].pk}: altered" in broken.stderr


def run_verify_audit():
    """Run `manage.py verify_audit` in a child process, on the test database."""
    env = {**os.environ, **dbroles.environment()}
    command = [sys.executable, "manage.py", "verify_audit"]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, check=False)
