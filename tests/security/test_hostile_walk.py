"""Every URL pattern knocked on with hostile values: whatever is sent, no answer is a server error.

The permission matrix's table (tests/workplan/test_matrix.py) says how to
reach each pattern; here each is sent, by a writer and the chief,
every name the portal reads (query strings, forms, JSON bodies) set to one
hostile value at a time: overlong text, a NUL character, numbers no column
holds, wrong types, and JSON nested far deeper than any parser recurses.
(Markup is the browser tests' matter: tests/e2e/test_xss_browser.py.)
Each request is rolled back (matrix_support.Browser). A failure lists every
(pattern, role, method, value) that answered 500, with the exception.
"""

import pytest

from tests.workplan import test_matrix as matrix
from tests.workplan.matrix_support import Browser, World, quiet_request_log, url_patterns

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.sweep]

# The public is sent to sign in before any of its values are read, on every page that reads them: the writer
# and the chief reach every form.
WALK_ROLES = ("staff", "chief")

# Every name a page, form or API of the portal reads, found in its templates, forms, serializers and views.
NAMES = (
    "q", "a", "b", "draft", "plan", "page", "ministry", "task_force", "year", "format", "language", "version",
    "section_version", "base_version", "title_en", "title_km", "body_en", "body_km", "summary", "text_en",
    "text_km", "objective", "code", "lead_ministry", "partners", "start_year", "end_year", "budget", "currency",
    "indicator_en", "indicator_km", "baseline_en", "baseline_km", "target_en", "target_km",
    "means_of_verification_en", "means_of_verification_km", "direction", "decision", "decision_date",
    "decision_reference", "remarks", "body", "quote", "parent", "action", "due_on", "username", "password",
    "email", "name", "revoke", "remove", "reopen", "restore", "next", "read", "choice-body_en", "new_password1",
    "new_password2", "old_password", "content", "objectives", "activities", "resolved", "person", "organization",
    "role", "started_on", "ended_on", "kind",
)  # fmt: skip

HOSTILE = {
    "overlong": "ក" * 400 + "a" * 600,  # longer than any field of the portal takes, short enough for a URL
    "nul": "before\x00after",
    "huge number": "1e400",
    "long integer": "9" * 40,
    "not a number": "NaN",
}
# In JSON bodies, wrong types as well.
JSON_HOSTILE = {**HOSTILE, "list": [["nested"], {"a": None}], "object": {"__proto__": {"x": 1}}, "true": True}
DEEP_JSON = "[" * 5_000 + "]" * 5_000


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SESSION_RENEW_AFTER = 24 * 3600
    with quiet_request_log():
        yield World()


def _requests(world):
    """Yield (name, method, url, label, data, extra) for every pattern, method and hostile value."""
    for name, route, _pattern in url_patterns():
        door = matrix.TABLE[name]
        url, _body, headers = matrix.knock(world, name, route, "drafting")
        base = url.split("?", 1)[0]
        for method in door.methods:
            if method == "GET":
                for label, value in HOSTILE.items():
                    yield name, method, base, label, dict.fromkeys(NAMES, value), headers
                continue
            if door.as_json:
                for label, value in JSON_HOSTILE.items():
                    yield name, method, url, label, {"json": dict.fromkeys(NAMES, value)}, headers
                yield name, method, url, "deep JSON", {"raw": DEEP_JSON}, headers
            else:
                for label, value in HOSTILE.items():
                    yield name, method, url, label, dict.fromkeys(NAMES, value), headers


def test_no_url_answers_a_server_error_to_hostile_values(world):
    browser = Browser(world)
    errors, count = [], 0
    for name, method, url, label, data, headers in _requests(world):
        for role in WALK_ROLES:
            if "json" in data:
                fetched = browser.fetch(role, method, url, data["json"], as_json=True, **headers)
            elif "raw" in data:
                fetched = browser.fetch(role, method, url, data["raw"], content_type="application/json", **headers)
            else:
                fetched = browser.fetch(role, method, url, data, **headers)
            count += 1
            if fetched.status >= 500:
                errors.append(f"{method} {name} as {role} with {label}: {fetched.status} {fetched.error or ''}")
    assert count > 1_000, "the walk knocks on every URL pattern"
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)
