"""Look up the fixture and count queries per request, in-process (run by bench.run in a subprocess).

    python -m bench.prepare fixture            # ids, API tokens, save bodies, and every endpoint's queries
    python -m bench.prepare queries NAME ...   # the queries of some endpoints (databases before the load)

Queries are counted with Django's test client and CaptureQueriesContext
against the same database and settings as the server: one request to warm the
process, then one counted. Signed-in requests use a session made as
django.contrib.auth.login makes one, or an API token.
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

HOST = "127.0.0.1"


def _session_key(user):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from members import second_factor

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "members.backends.PortalBackend"
    # Signed in with both steps, as the chief and the chair must be (members/second_factor.py).
    store[second_factor.VERIFIED_AT] = int(time.time())
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


class Caller:
    """Make requests as the benchmark's people, in-process, counting queries."""

    def __init__(self):
        from members.models import User
        from members.tokens import token_create

        from .profiles import bench_users

        self.users = {key: User.objects.get(username=username) for key, username in bench_users().items()}
        self.sessions = {}
        self.tokens = {}
        self.clients = {}
        self._token_create = token_create

    def session(self, key):
        if key not in self.sessions:
            self.sessions[key] = _session_key(self.users[key])
        return self.sessions[key]

    def token(self, key):
        if key not in self.tokens:
            self.tokens[key] = self._token_create(user=self.users[key], name="benchmark")[1]
        return self.tokens[key]

    def client(self, auth):
        """Return the test client of `auth`, one per person: a new client would build the middleware again."""
        if auth not in self.clients:
            self.clients[auth] = self._client(auth)
        return self.clients[auth]

    def _client(self, auth):
        from django.conf import settings
        from django.test import Client

        kind, _, who = auth.partition(":")
        headers = {"HTTP_HOST": HOST}
        if kind == "token":
            headers["HTTP_AUTHORIZATION"] = f"Token {self.token(who)}"
        client = Client(**headers)
        if kind == "session":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.session(who)
        return client

    def count(self, auth, method, path, expect, data=None, content_type=None, headers=None, warm=True, fresh=False):
        """Return (queries, body bytes) of one request, after one warming request when `warm`.

        With `fresh`, each of the two asks with a parameter of its own, as the load generator does.
        """
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.client(auth)
        call = getattr(client, method.lower())
        kwargs = {"headers": headers or {}}
        if data is not None:
            kwargs.update(data=data, content_type=content_type) if content_type else kwargs.update(data=data)
        if warm:
            call(f"{path}&fresh=warm" if fresh else path, **kwargs)
        with CaptureQueriesContext(connection) as queries:
            response = call(f"{path}&fresh=count" if fresh else path, **kwargs)
        if response.status_code != expect:
            raise SystemExit(f"{method} {path} answered {response.status_code}, not {expect}.")
        body = b"".join(response) if response.streaming else response.content
        return len(queries.captured_queries), len(body), [query["sql"] for query in queries.captured_queries]


def fixture_ids():
    """Return the ids the endpoints' paths name: the plan, its open draft, the editor's section, the plan's ETag."""
    from workplan.models import Draft, Plan, PublishedPlan, Section

    from .profiles import EDITOR_SECTION

    plan = Plan.objects.get(first_year=2010)
    publication = PublishedPlan.objects.get(plan=plan)
    open_draft = plan.drafts.exclude(state__in=Draft.CLOSED).get()
    sections = {
        section.task_force.code: section
        for section in Section.objects.filter(draft=open_draft, task_force__isnull=False).select_related("task_force")
    }
    ids = {
        "plan": plan.pk,
        "open_draft": open_draft.pk,
        "editor_section": sections[EDITOR_SECTION].pk,
        "etag": f'"{publication.etag}"',
    }
    return {"ids": ids, "sections": sections}


def fixture():
    """Return the ids, tokens and save bodies the load generator needs, and every endpoint's queries."""
    from workplan.models import Activity, Section

    from .endpoints import ENDPOINTS
    from .forms import fill, read_form, save_body
    from .profiles import SAVE_SECTIONS

    found = fixture_ids()
    ids, sections = found["ids"], found["sections"]
    caller = Caller()
    fixture = {"ids": ids, "queries": {}, "bytes": {}, "sql": {}}

    saves = []
    for code in SAVE_SECTIONS:
        section = sections[code]
        who = f"staff-{code}"
        client = caller.client(f"session:{who}")
        page = client.get(f"/workplan/sections/{section.pk}/edit/").content.decode()
        api = json.loads(caller.client(f"token:{who}").get(f"/api/v1/sections/{section.pk}/").content)
        note = json.dumps(api["body_en"])[1:-1]
        saves.append(
            {
                "section": section.pk,
                "user": who,
                "token": caller.token(who),
                "form": save_body(read_form(page, "section-form"), "Saved by the benchmark:"),
                "api": [
                    '{"summary":"benchmark","body_en":"<p>Saved through the API: ',
                    "counter",
                    f'.</p>{note}"}}',
                ],
            }
        )
    fixture["saves"] = saves

    # One connection per activity, all of one 60-activity section: different rows never wait for each other.
    first = sections[SAVE_SECTIONS[0]]
    editor = f"staff-{SAVE_SECTIONS[0]}"
    activities = Activity.objects.filter(objective__section=first).order_by("objective__order", "order", "pk")
    fixture["activity_saves"] = []
    for activity in activities[: len(SAVE_SECTIONS)]:
        # The row form as the editor opens it in place (htmx): its version becomes a blank, its text a counter.
        row = caller.client(f"session:{editor}").get(
            f"/workplan/activities/{activity.pk}/edit/", headers={"HX-Request": "true"}
        )
        fixture["activity_saves"].append(
            {
                "activity": activity.pk,
                "user": editor,
                "token": caller.token(editor),
                "api": ['{"summary":"benchmark","text_en":"Saved through the API: ', "counter", '"}'],
                "form": save_body(read_form(row.content.decode(), "activity-form"), "Saved in place:", "text_en"),
            }
        )

    fixture["save_writes"] = {}
    for endpoint in ENDPOINTS:
        if endpoint.save:
            save = saves[0]
            counts = _writes()
            path = endpoint.path.format(section=save["section"], activity=None)
            if endpoint.save == "activity_form":
                save = fixture["activity_saves"][0]
                path = endpoint.path.format(activity=save["activity"])
                version = Activity.objects.get(pk=save["activity"]).version
                result = caller.count(
                    f"session:{save['user']}",
                    "POST",
                    path,
                    endpoint.expect,
                    data=fill(save["form"], version=version, counter="queries"),
                    content_type="application/x-www-form-urlencoded",
                    headers=endpoint.headers,
                    warm=False,
                )
            elif endpoint.save == "autosave":
                version = Section.objects.get(pk=save["section"]).version
                result = caller.count(
                    f"session:{save['user']}",
                    "POST",
                    path,
                    endpoint.expect,
                    data=fill(save["form"], version=version, counter="queries"),
                    content_type="application/x-www-form-urlencoded",
                    warm=False,
                )
            elif endpoint.save == "activity":
                save = fixture["activity_saves"][0]
                path = endpoint.path.format(activity=save["activity"])
                version = Activity.objects.get(pk=save["activity"]).version
                result = caller.count(
                    f"token:{save['user']}",
                    "PATCH",
                    path,
                    200,
                    data=fill(save["api"], counter="queries"),
                    content_type="application/json",
                    headers={"If-Match": f'"activity-{save["activity"]}-v{version}"'},
                    warm=False,
                )
            elif endpoint.save == "form":
                client = caller.client(f"session:{save['user']}")
                version = Section.objects.get(pk=save["section"]).version
                data = fill(save["form"], version=version, counter="queries")
                result = caller.count(
                    f"session:{save['user']}",
                    "POST",
                    path,
                    302,
                    data=data,
                    content_type="application/x-www-form-urlencoded",
                    warm=False,
                )
            else:
                version = Section.objects.get(pk=save["section"]).version
                data = fill(save["api"], counter="queries")
                result = caller.count(
                    f"token:{save['user']}",
                    "PATCH",
                    path,
                    200,
                    data=data,
                    content_type="application/json",
                    headers={"If-Match": f'"section-{save["section"]}-v{version}"'},
                    warm=False,
                )
            fixture["save_writes"][endpoint.name] = {table: count - counts[table] for table, count in _writes().items()}
            if endpoint.save == "autosave":
                # The editor is measured as opened without a working copy: drop the one just kept.
                caller.client(f"session:{save['user']}").delete(path)
        else:
            headers = {name: value.format(**ids) for name, value in endpoint.headers.items()}
            result = caller.count(
                endpoint.auth,
                endpoint.method,
                endpoint.url_path(fixture),
                endpoint.expect,
                headers=headers,
                fresh=endpoint.fresh,
            )
        fixture["queries"][endpoint.name], fixture["bytes"][endpoint.name], fixture["sql"][endpoint.name] = result
    fixture["tokens"] = caller.tokens
    fixture["sizes"] = sizes()
    return fixture


def _writes():
    """Return the row counts a save adds to: revisions, audit events, notifications (the outbox), working copies."""
    from audit.models import AuditEvent
    from notifications.models import Notification
    from workplan.models import SectionRevision, WorkingCopy

    return {
        "revisions": SectionRevision.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "outbox_notifications": Notification.objects.count(),
        "working_copies": WorkingCopy.objects.count(),
    }


def queries(names):
    """Return the queries and body bytes of the named endpoints on this database."""
    from .endpoints import BY_NAME
    from .plan import enable_sign_in

    enable_sign_in()  # a scratch copy: the seeded demo accounts become ordinary ones
    caller = Caller()
    result = {"queries": {}, "bytes": {}, "sql": {}}
    for name in names:
        endpoint = BY_NAME[name]
        counted = caller.count(endpoint.auth, endpoint.method, endpoint.path, endpoint.expect)
        result["queries"][name], result["bytes"][name], result["sql"][name] = counted
    result["sizes"] = sizes()
    return result


def sizes():
    """Return the row counts the targets speak of."""
    from audit.models import AuditEvent
    from members.models import User
    from workplan.models import Activity, Draft, DraftUserObjectPermission, Section

    return {
        "drafts": Draft.objects.count(),
        "sections": Section.objects.count(),
        "activities": Activity.objects.count(),
        "users": User.objects.count(),
        "object_grants": DraftUserObjectPermission.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def main():
    parser = argparse.ArgumentParser(description="Fixture and query counts for the benchmark.")
    parser.add_argument("command", choices=["fixture", "queries"])
    parser.add_argument("names", nargs="*")
    options = parser.parse_args()

    import django

    django.setup()
    result = fixture() if options.command == "fixture" else queries(options.names)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
