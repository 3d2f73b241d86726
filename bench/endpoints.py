"""The endpoints the benchmark drives, with their targets as ratios to the floor.

A path is a template filled with the fixture's ids (bench.prepare). `auth`
names who asks: nobody, a browser session of one of bench.profiles.bench_users,
or that person's API token. The floor is a view returning the published
plan's bytes prebuilt, through the full middleware stack (bench.urls).
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from .profiles import ACTIVITIES_QUERY, SEARCH_WORDS


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    auth: str = "anon"  # "anon", "session:<user>", "token:<user>"
    expect: int = 200
    target: float | None = None
    headers: dict = field(default_factory=dict)
    # Saves change state: each load-generator connection saves its own section, from the version it saw last.
    # "form" (the editor's POST), "api" (PATCH of a section with If-Match), "activity" (PATCH of one activity),
    # "activity_form" (one activity's row form posted in place, its version read from the row answered) or
    # "autosave" (the editor's form kept as the working copy: always from the version the editor was opened at).
    save: str | None = None
    # Measured on the database before the "years later" load too, for a constant query count.
    compare_empty: bool = False
    # Every request adds a parameter of its own (ignored by the filters), so no answer kept in the cache serves it:
    # what a page costs the first time it is asked for.
    fresh: bool = False
    # The largest body the page may have, in bytes (judged with the ratio: bench.run.summarise).
    max_bytes: int | None = None
    description: str = ""

    def url_path(self, fixture):
        return self.path.format(**fixture["ids"])


FLOOR = Endpoint(
    "floor",
    "GET",
    "/bench/floor/{plan}/",
    description="prebuilt bytes of the published plan's size, full middleware stack",
)

ENDPOINTS = [
    FLOOR,
    Endpoint(
        "public_plan_detail",
        "GET",
        "/api/v1/plans/{plan}/",
        target=0.8,
        description="GET /api/v1/plans/{id}/, anonymous: the stored document",
    ),
    Endpoint(
        "public_plan_detail_304",
        "GET",
        "/api/v1/plans/{plan}/",
        expect=304,
        target=1.0,
        headers={"If-None-Match": "{etag}"},
        description="the same with If-None-Match: answered 304",
    ),
    Endpoint(
        "public_activities",
        "GET",
        "/api/v1/activities/?" + ACTIVITIES_QUERY,
        target=0.15,
        description=f"GET /api/v1/activities/?{ACTIVITIES_QUERY}, anonymous: a page of 50",
    ),
    Endpoint(
        "public_activities_uncached",
        "GET",
        "/api/v1/activities/?" + ACTIVITIES_QUERY,
        fresh=True,
        description="the same page asked for the first time: filtered, counted and serialised (no target)",
    ),
    Endpoint(
        "public_plan_page",
        "GET",
        "/plans/{plan}/",
        description="the public HTML page of the plan (no target: for comparison)",
    ),
    Endpoint(
        "draft_detail_api",
        "GET",
        "/api/v1/drafts/{open_draft}/",
        auth="token:chief",
        target=0.08,
        description="GET /api/v1/drafts/{id}/ as the chief (token): whole draft, policy checked, read audited",
    ),
    Endpoint(
        "section_editor",
        "GET",
        "/workplan/sections/{editor_section}/edit/",
        auth="session:staff-prevention",
        target=0.10,
        max_bytes=120_000,
        description="the section editor page, 60 activities, as the task force's staff (session): the texts' form "
        "and the read-only table of objectives and activities, at most 120 KB",
    ),
    Endpoint(
        "section_save",
        "POST",
        "/workplan/sections/{section}/edit/",
        auth="session",
        expect=302,
        target=0.04,
        save="form",
        description="the editor's texts form posted (sections of 60 and 48 activities): revision, audit event, "
        "outbox rows",
    ),
    Endpoint(
        "section_save_api",
        "PATCH",
        "/api/v1/sections/{section}/",
        auth="token",
        target=0.03,
        save="api",
        description="PATCH /api/v1/sections/{id}/ with If-Match (the text changed): the same save through the API",
    ),
    Endpoint(
        "activity_save_api",
        "PATCH",
        "/api/v1/activities/{activity}/",
        auth="token",
        target=0.05,
        save="activity",
        description="PATCH /api/v1/activities/{id}/ with If-Match: each connection saves another activity of one "
        "60-activity section, so none waits for another's version",
    ),
    Endpoint(
        "activity_save",
        "POST",
        "/workplan/activities/{activity}/edit/",
        auth="session",
        target=0.05,
        headers={"HX-Request": "true"},
        save="activity_form",
        description="one activity's row form saved in place (htmx), as the task force's staff (session): each "
        "connection saves another activity of the 60-activity section, answered with the saved row",
    ),
    Endpoint(
        "autosave",
        "POST",
        "/workplan/sections/{section}/autosave/",
        auth="session",
        target=0.08,
        save="autosave",
        description="the editor's texts form kept as the person's working copy (JSON answer): one row written, "
        "no revision",
    ),
    Endpoint(
        "search_khmer",
        "GET",
        "/search/?q=" + quote(SEARCH_WORDS),
        auth="session:staff-prevention",
        target=0.05,
        description=f"a Khmer search ({SEARCH_WORDS}, victims of trafficking: in nearly every section) as a task "
        "force's staff (session): ranked, counted, the first page of 20 with snippets, confidential results audited",
    ),
    Endpoint(
        "liaison_dashboard",
        "GET",
        "/dashboard/",
        auth="session:liaison",
        target=0.05,
        compare_empty=True,
        description="a ministry liaison's dashboard (session)",
    ),
    Endpoint(
        "chief_draft_list",
        "GET",
        "/workplan/",
        auth="session:chief",
        target=0.05,
        compare_empty=True,
        description="the chief's list of plans and drafts, /workplan/ (session)",
    ),
    Endpoint(
        "chief_draft_list_api",
        "GET",
        "/api/v1/drafts/",
        auth="token:chief",
        target=0.05,
        compare_empty=True,
        description="GET /api/v1/drafts/ as the chief (token): the first page",
    ),
]

BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}
