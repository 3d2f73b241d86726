"""What the benchmark builds and how long it measures: the full run and the quick one for CI.

The published plan is the same size in both (six task force sections with
300 activities, about 370 KB as JSON): the targets are about serving it. The
"years later" load is what grows, and how long each endpoint is driven.
"""

from dataclasses import asdict, dataclass

# Activities per task force section of the published plan and of the open draft.
# The editor is measured on the first one (60 activities).
PLAN_ACTIVITIES = {
    "prevention": 60,
    "rehabilitation": 48,
    "law-enforcement": 48,
    "justice": 48,
    "international-cooperation": 48,
    "child-affairs": 48,
}
EDITOR_SECTION = "prevention"
# Two sections saved at once, one per load-generator connection, each by its own task force's staff.
SAVE_SECTIONS = ("prevention", "rehabilitation")
# The liaison whose dashboard is measured: Interior reviews the front matter and many sections.
LIAISON_MINISTRY = "interior"
# The public activities list: a page of 50, filtered by ministry and year.
ACTIVITIES_QUERY = "ministry=interior&year=2012"
# The words of the Khmer search: "victims of trafficking", cut into three words, found in nearly every section.
SEARCH_WORDS = "ជនរងគ្រោះដោយការជួញដូរ"
# Every benchmark user signs in with this password (the normal sign-in page, DEBUG off).
PASSWORD = "portal-bench-sign-in"


def bench_users():
    """Return the people the benchmark signs in as, by the key the endpoints use."""
    return {
        "chief": "chief",
        "chair": "chair",
        "liaison": f"liaison-{LIAISON_MINISTRY}",
        **{f"staff-{code}": f"staff-{code}" for code in SAVE_SECTIONS},
    }


@dataclass(frozen=True)
class Profile:
    name: str
    database: str
    # The "years later" load.
    old_plans: int
    drafts_per_plan: int
    sections_per_draft: int
    activities_per_old_section: int
    users: int
    grants: int
    audit_events: int
    # Driving the server.
    rounds: int
    # Each endpoint runs `seconds` a round, longer for slow ones (at least `min_requests`, at most `max_seconds`).
    seconds: int
    min_requests: int
    max_seconds: int
    # The floor runs before and after each endpoint, for a ratio from neighbouring measurements.
    floor_seconds: int
    warmup_seconds: int
    # 32 clients at once, each going through every read endpoint in turn.
    check_seconds: int
    connections: int
    check_connections: int
    writers: int
    writer_seconds: float

    def build_parameters(self):
        """Return what decides the built database (not how long it is driven)."""
        keys = (
            "old_plans",
            "drafts_per_plan",
            "sections_per_draft",
            "activities_per_old_section",
            "users",
            "grants",
            "audit_events",
        )
        values = asdict(self)
        return {key: values[key] for key in keys} | {"plan_activities": PLAN_ACTIVITIES}


FULL = Profile(
    name="full",
    database="portal_bench",
    old_plans=10,
    drafts_per_plan=20,
    sections_per_draft=100,
    activities_per_old_section=3,
    users=2_000,
    grants=100_000,
    audit_events=1_000_000,
    rounds=5,
    seconds=4,
    min_requests=10,
    max_seconds=15,
    floor_seconds=2,
    warmup_seconds=2,
    check_seconds=20,
    connections=4,
    check_connections=32,
    writers=16,
    writer_seconds=5.0,
)

QUICK = Profile(
    name="quick",
    database="portal_bench_quick",
    old_plans=2,
    drafts_per_plan=10,
    sections_per_draft=100,
    activities_per_old_section=3,
    users=500,
    grants=5_000,
    audit_events=100_000,
    rounds=2,
    seconds=1,
    min_requests=3,
    max_seconds=5,
    floor_seconds=1,
    warmup_seconds=1,
    check_seconds=5,
    connections=4,
    check_connections=32,
    writers=16,
    writer_seconds=2.0,
)

PROFILES = {"full": FULL, "quick": QUICK}
