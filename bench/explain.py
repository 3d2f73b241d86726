"""Where the time goes, per endpoint: a profile of its requests and EXPLAIN ANALYZE of its queries.

    python -m bench.run --explain [NAME ...]     # on a fresh copy of the benchmark database

Run in-process (bench.run starts it with the benchmark's settings and
database): each endpoint is requested a few times under cProfile, after one
warming request; the queries of one request are captured with their time, and
each read query is run again under EXPLAIN (ANALYZE, BUFFERS). Prints one
JSON object.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _call(caller, endpoint, fixture, counter):
    """Make one request of the endpoint; return the response."""
    from workplan.models import Section

    from .forms import fill

    if not endpoint.save:
        headers = {name: value.format(**fixture["ids"]) for name, value in endpoint.headers.items()}
        client = caller.client(endpoint.auth)
        return getattr(client, endpoint.method.lower())(endpoint.url_path(fixture), headers=headers)
    if endpoint.save == "activity_form":
        from workplan.models import Activity

        save = fixture["activity_saves"][0]
        version = Activity.objects.get(pk=save["activity"]).version
        return caller.client(f"session:{save['user']}").post(
            endpoint.path.format(activity=save["activity"]),
            data=fill(save["form"], version=version, counter=f"explain-{counter}"),
            content_type="application/x-www-form-urlencoded",
            headers=endpoint.headers,
        )
    if endpoint.save == "activity":
        from workplan.models import Activity

        save = fixture["activity_saves"][0]
        version = Activity.objects.get(pk=save["activity"]).version
        return caller.client(f"token:{save['user']}").patch(
            endpoint.path.format(activity=save["activity"]),
            data=fill(save["api"], counter=f"explain-{counter}"),
            content_type="application/json",
            headers={"If-Match": f'"activity-{save["activity"]}-v{version}"'},
        )
    save = fixture["saves"][0]
    path = endpoint.path.format(section=save["section"])
    version = Section.objects.get(pk=save["section"]).version
    if endpoint.save in ("form", "autosave"):
        # An autosave sends the version the editor was opened at: here the section's current one.
        client = caller.client(f"session:{save['user']}")
        body = fill(save["form"], version=version, counter=f"explain-{counter}")
        return client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    client = caller.client(f"token:{save['user']}")
    body = fill(save["api"], counter=f"explain-{counter}")
    return client.patch(
        path,
        data=body,
        content_type="application/json",
        headers={"If-Match": f'"section-{save["section"]}-v{version}"'},
    )


def _profile_lines(profiler, limit):
    """Return the heaviest functions by cumulative time, the project's own first, as text lines."""
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative")
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        where = filename.replace(ROOT + "/", "").replace(".venv/lib/python3.12/site-packages/", "")
        rows.append((cumtime, tottime, calls, f"{where}:{line}({name})"))
    rows.sort(reverse=True)
    own = [row for row in rows if not row[3].startswith(("/", "<", "{", "django/", "rest_framework/"))]
    total = rows[0][0] if rows else 0

    def line(row):
        return f"{row[0]:8.3f}s cum {row[1]:7.3f}s own {row[2]:7d} calls  {row[3]}"

    by_own = sorted(rows, key=lambda row: row[1], reverse=True)
    return {
        "profiled_seconds": round(total, 3),
        "portal_code_by_cumulative": [line(row) for row in own[:limit]],
        "everything_by_own_time": [line(row) for row in by_own[:limit]],
    }


def _explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def explain(names, requests, timed=50):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .endpoints import ENDPOINTS
    from .prepare import Caller, fixture_ids

    fixture = {"ids": fixture_ids()["ids"]}
    caller = Caller()
    fixture["saves"] = fixture_saves(caller, fixture)
    fixture["activity_saves"] = activity_saves(caller, fixture)
    report = {}
    counter = 0
    for endpoint in ENDPOINTS:
        if names and endpoint.name not in names:
            continue
        counter += 1
        _call(caller, endpoint, fixture, counter)
        counter += 1
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = _call(caller, endpoint, fixture, counter)
            elapsed = time.perf_counter() - began
        queries = []
        for query in captured.captured_queries:
            sql = query["sql"]
            entry = {"ms": round(float(query["time"]) * 1000, 2), "sql": sql[:300] + ("…" if len(sql) > 300 else "")}
            if sql.lstrip().upper().startswith("SELECT") and "FOR UPDATE" not in sql.upper():
                plan = _explain(sql)
                entry["plan"] = plan[:12] + plan[-2:] if len(plan) > 14 else plan
            queries.append(entry)
        began = time.perf_counter()
        for _ in range(timed):
            counter += 1
            _call(caller, endpoint, fixture, counter)
        unprofiled = (time.perf_counter() - began) / timed
        profiler = cProfile.Profile()
        profiler.enable()
        began = time.perf_counter()
        for _ in range(requests):
            counter += 1
            _call(caller, endpoint, fixture, counter)
        per_request = (time.perf_counter() - began) / requests
        profiler.disable()
        report[endpoint.name] = {
            "status": response.status_code,
            "ms_per_request_in_process": round(unprofiled * 1000, 2),
            "ms_first_captured_request": round(elapsed * 1000, 1),
            "ms_per_request_profiled": round(per_request * 1000, 1),
            "queries": len(queries),
            "query_ms": round(sum(query["ms"] for query in queries), 1),
            "profile": _profile_lines(profiler, 15),
            "sql": queries,
        }
    return report


def activity_saves(caller, fixture):
    from workplan.models import Activity

    from .forms import read_form, save_body
    from .profiles import SAVE_SECTIONS

    who = f"staff-{SAVE_SECTIONS[0]}"
    activity = (
        Activity.objects.filter(
            objective__section__draft_id=fixture["ids"]["open_draft"],
            objective__section__task_force__code=SAVE_SECTIONS[0],
        )
        .order_by("objective__order", "order", "pk")
        .first()
    )
    path = f"/workplan/activities/{activity.pk}/edit/"
    row = caller.client(f"session:{who}").get(path, headers={"HX-Request": "true"})
    return [
        {
            "activity": activity.pk,
            "user": who,
            "api": ['{"summary":"benchmark","text_en":"Explained: ', "counter", '"}'],
            "form": save_body(read_form(row.content.decode(), "activity-form"), "Explained:", "text_en"),
        }
    ]


def fixture_saves(caller, fixture):
    from workplan.models import Section

    from .forms import read_form, save_body
    from .profiles import SAVE_SECTIONS

    saves = []
    for code in SAVE_SECTIONS[:1]:
        section = Section.objects.get(draft_id=fixture["ids"]["open_draft"], task_force__code=code)
        who = f"staff-{code}"
        page = caller.client(f"session:{who}").get(f"/workplan/sections/{section.pk}/edit/").content.decode()
        api = json.loads(caller.client(f"token:{who}").get(f"/api/v1/sections/{section.pk}/").content)
        saves.append(
            {
                "section": section.pk,
                "user": who,
                "form": save_body(read_form(page, "section-form"), "Saved by the benchmark:"),
                "api": ['{"body_en":"<p>Explained: ', "counter", f'.</p>{json.dumps(api["body_en"])[1:-1]}"}}'],
            }
        )
    return saves


def main():
    parser = argparse.ArgumentParser(description="Profile the benchmark's endpoints in-process.")
    parser.add_argument("names", nargs="*")
    parser.add_argument("--requests", type=int, default=5)
    options = parser.parse_args()

    import django

    django.setup()
    json.dump(explain(options.names, options.requests), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
