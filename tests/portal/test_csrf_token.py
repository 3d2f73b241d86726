"""The CSRF cookie is HttpOnly: pages carry the token, and the portal's scripts read it from there."""

import html
import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.workplan.builders import Drafting

ROOT = settings.BASE_DIR


def test_the_csrf_cookie_is_http_only(db):
    response = Client().get(reverse("home"))  # the language switch is a form: the page sets the cookie
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie.value
    assert cookie["httponly"] is True


def test_no_script_of_the_portal_reads_cookies():
    """A script reading document.cookie for the token would get nothing now: it reads the page."""
    scripts = sorted((ROOT / "static" / "js").glob("*.js"))
    pages = sorted((ROOT / "templates").rglob("*.html"))
    assert scripts and pages
    readers = [
        str(path.relative_to(ROOT))
        for path in scripts + pages
        if re.search(r"document\s*\.\s*cookie|csrftoken", path.read_text(encoding="utf-8"))
    ]
    assert readers == []


@pytest.mark.django_db
def test_the_editor_sends_the_tokens_its_page_carries():
    """What htmx (the body's hx-headers) and the editor's scripts (a form's csrfmiddlewaretoken) send is accepted."""
    drafting = Drafting(activities=1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(drafting.staff)
    page = client.get(reverse("workplan:section-edit", args=[drafting.section.pk])).content.decode()
    headers = json.loads(html.unescape(re.search(r"<body[^>]* hx-headers='([^']*)'", page).group(1)))
    row_actions = re.search(
        r'<form id="row-actions"[^>]*>\s*<input[^>]*name="csrfmiddlewaretoken" value="([^"]+)"', page
    )
    presence = reverse("workplan:section-presence", args=[drafting.section.pk])
    assert client.post(presence).status_code == 403
    assert client.post(presence, HTTP_X_CSRFTOKEN=headers["X-CSRFToken"]).status_code == 204
    assert client.post(presence, HTTP_X_CSRFTOKEN=row_actions.group(1)).status_code == 204
