"""The benchmark (`make bench`): build a database, serve it with gunicorn, drive it with wrk, print one JSON object.

    python -m bench.run            # the full run: the "years later" database, 5 rounds of 4 s per endpoint
    python -m bench.run --quick    # for CI: a smaller database, 2 rounds of 1 s (under 3 minutes)
    python -m bench.run --rebuild  # build the database again even if a matching one is cached
    python -m bench.run --explain  # instead of the load: profile each endpoint in-process, EXPLAIN its queries

What it does, in order (progress on stderr, the result as one JSON object on stdout):

1. Builds the database on PostgreSQL unless a matching one is cached (bench.build):
   the seeded commission; the 2010-2014 plan grown to 300 activities and
   published through the workflow, with draft 2 open in review; then the
   "years later" load (old drafts and sections, people, shared drafts, the
   audit history). Each stage is kept as a template database marked with a
   fingerprint of what built it; every run works on a fresh copy.
2. Counts SQL queries per request in-process (bench.prepare), for the
   dashboards also on the database before the load.
3. Starts gunicorn (2 sync workers, DEBUG off, bench.settings: the portal's
   settings plus the floor's URL) and signs in through the sign-in page.
4. Drives every endpoint with wrk in alternating rounds (each round in a
   different order, the floor run before and after every endpoint, so drift
   hits every endpoint alike), then 32 clients at once going through every
   read endpoint, checking every answer.
5. Reads the workers' peak RSS, stops gunicorn, runs 16 concurrent audit
   writers and times `manage.py verify_audit` over the whole chain.

Targets are ratios to the floor measured in the same run: a view returning
the published plan's bytes prebuilt, through the full middleware stack.
Exits 0 when every target is met, 1 when one is not, 2 when it could not run.
"""

import argparse
import hashlib
import json
import math
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import client, pg, wrk  # noqa: E402
from bench.endpoints import ENDPOINTS, FLOOR  # noqa: E402
from bench.profiles import PASSWORD, PROFILES, SAVE_SECTIONS, bench_users  # noqa: E402
from bench.server import WORKERS, Gunicorn  # noqa: E402

BROKER = "redis://127.0.0.1:6379/9"
UNLIMITED = "1000000000/second"
STAGES = ("seeded", "base", "loaded")
TARGET_RSS_MB = 150
TARGET_VERIFY_SECONDS = 60
# What the fingerprint of a built database covers: the code that builds it and the schema.
BUILD_FILES = ["bench/build.py", "bench/plan.py", "bench/bulk.py", "bench/auditchain.py"]
BUILD_GLOBS = ["*/migrations/*.py", "seed/*"]


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Failure(Exception):
    """Something the benchmark needs is missing or broke: reported as JSON with a clear message."""


# --- Environment --------------------------------------------------------------------------


def django_env(database_url, workdir, secret_key):
    """Return the environment of every Django process: production settings over plain HTTP, DEBUG off."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS="false",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=BROKER,
        API_ANON_RATE=UNLIMITED,
        API_USER_RATE=UNLIMITED,
        CONN_MAX_AGE="600",
        BENCH_STATIC_ROOT=str(Path(workdir) / "staticfiles"),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    # One role for every process, the one `database_url` names (see database_of).
    env.pop("DATABASE_OWNER_URL", None)
    return env


def python(env, *args, timeout=3600):
    """Run `python -m ...` or `python manage.py ...` and return its stdout; stderr passes through."""
    completed = subprocess.run(  # noqa: S603 (this interpreter, the benchmark's own arguments)
        [sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, timeout=timeout
    )
    if completed.returncode != 0:
        raise Failure(f"`python {' '.join(args)}` failed with exit code {completed.returncode} (see stderr).")
    return completed.stdout


def python_json(env, *args, timeout=3600):
    return json.loads(python(env, *args, timeout=timeout).strip().splitlines()[-1])


def database_of(options, profile):
    """Return the PostgreSQL server and the benchmark database's name.

    The server is the one named by --database-url, BENCH_DATABASE_URL,
    DATABASE_OWNER_URL or DATABASE_URL (a postgres:// URL), else
    127.0.0.1:5432: the owner's role, with two roles, for it creates
    databases and bulk-loads past the audit head's trigger. The database is
    dropped and copied at will, so only a name starting with portal_bench is
    taken from the URL; any other (the portal's own database) is left alone
    and the profile's name used instead on the same server.
    """
    url = (
        options.database_url
        or os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("DATABASE_OWNER_URL")
        or os.environ.get("DATABASE_URL", "")
    )
    if not url.startswith(("postgres://", "postgresql://")):
        if options.database_url or os.environ.get("BENCH_DATABASE_URL"):
            raise Failure(f"The benchmark needs PostgreSQL: {url!r} is not a postgres:// URL.")
        url = pg.DEFAULT_SERVER + profile.database
    server = pg.Server(url)
    name = server.parts.path.lstrip("/")
    if not name.startswith(pg.PREFIX):
        if name:
            log(f"not touching database {name!r}: using {profile.database!r} on the same server")
        name = profile.database
    elif profile.name == "quick" and not name.endswith("_quick"):
        name += "_quick"
    return server, name


def check_services(server):
    try:
        version = server.check()
    except pg.Unreachable as error:
        raise Failure(
            f"{error}. The benchmark needs PostgreSQL: start it, or point BENCH_DATABASE_URL at one "
            "(postgres://user@host:5432/portal_bench...)."
        ) from error
    if not wrk.available():
        raise Failure("wrk is not installed: `apt-get install wrk` (Debian's package) and run again.")
    import redis

    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()
    except (redis.RedisError, OSError) as error:
        raise Failure(f"Redis at {BROKER} is not reachable ({error}): the saves send their tasks to it.") from error
    return version


# --- The database -----------------------------------------------------------------------------


def fingerprint(profile):
    built = {"parameters": profile.build_parameters(), "people": bench_users(), "password": PASSWORD}
    digest = hashlib.sha256(json.dumps(built, sort_keys=True).encode())
    files = [ROOT / name for name in BUILD_FILES]
    for pattern in BUILD_GLOBS:
        files += sorted(ROOT.glob(pattern))
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template(database, stage):
    return f"{database}_tpl_{stage}"


def ensure_database(server, profile, database, rebuild, env_for):
    """Return the build reports of the cached templates, building them first if missing or stale."""
    mark = fingerprint(profile)
    markers = {stage: server.comment(template(database, stage)) for stage in STAGES}
    if not rebuild and all((markers[stage] or {}).get("fingerprint") == mark for stage in STAGES):
        log(f"using the cached database (fingerprint {mark}; --rebuild to build it again)")
        return {stage: markers[stage]["report"] for stage in STAGES}, False
    log(f"building the database ({profile.name} profile, fingerprint {mark})")
    building = f"{database}_building"
    server.create(building)
    env = env_for(server.url(building))
    reports = {}
    for stage in STAGES:
        log(f"  stage {stage} ...")
        reports[stage] = python_json(env, "-m", "bench.build", stage, "--profile", profile.name)
        log(f"  stage {stage} built in {reports[stage]['build_seconds']} s")
        name = template(database, stage)
        if stage == STAGES[-1]:
            server.drop(name)
            server.query("postgres", f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        else:
            server.create(name, template=building)
        server.set_comment(name, {"fingerprint": mark, "stage": stage, "report": reports[stage], "built_at": _now()})
    return reports, True


def _now():
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- Driving the server -------------------------------------------------------------------------


def auth_headers(auth, sessions, tokens):
    kind, _, who = auth.partition(":")
    if kind == "session":
        return {"Cookie": f"sessionid={sessions[who]['sessionid']}"}
    if kind == "token":
        return {"Authorization": f"Token {tokens[who]}"}
    return {}


def save_configs(endpoint, fixture, sessions, base):
    """Return one save configuration per connection, each starting from its section's current version."""
    if endpoint.save in ("activity", "activity_form"):
        return activity_configs(endpoint, fixture, sessions, base)
    configs = []
    for save in fixture["saves"]:
        tag = client.etag(base, f"/api/v1/sections/{save['section']}/", save["token"])
        version = int(re.search(r"-v(\d+)", tag).group(1))
        path = endpoint.path.format(section=save["section"])
        if endpoint.save in ("form", "autosave"):
            # The autosave posts the editor's form too; its version stays the one read here, as the editor's does.
            pieces, headers = form_request(save["form"], sessions[save["user"]])
        else:
            pieces = save["api"]
            headers = {"Authorization": f"Token {save['token']}", "Content-Type": "application/json"}
        configs.append(
            {
                "kind": endpoint.save,
                "method": endpoint.method,
                "path": path,
                "section": save["section"],
                "version": version,
                "headers": headers,
                "pieces": pieces,
            }
        )
    return configs


def form_request(pieces, cookies):
    """Return a form body's pieces with the CSRF token first, and the headers of a browser's form post."""
    pieces = list(pieces)
    pieces[0] = f"csrfmiddlewaretoken={cookies['csrftoken']}&" + pieces[0]
    headers = {
        "Cookie": f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return pieces, headers


def activity_configs(endpoint, fixture, sessions, base):
    """Return one configuration per connection, each saving its own activity of one section from its version.

    Through the API (a PATCH with If-Match) or the row form posted in place as htmx does (HX-Request), as
    the activity's staff signed in.
    """
    configs = []
    for save in fixture["activity_saves"]:
        tag = client.etag(base, f"/api/v1/activities/{save['activity']}/", save["token"])
        if endpoint.save == "activity_form":
            pieces, headers = form_request(save["form"], sessions[save["user"]])
        else:
            pieces = save["api"]
            headers = {"Authorization": f"Token {save['token']}", "Content-Type": "application/json"}
        configs.append(
            {
                "kind": endpoint.save,
                "method": endpoint.method,
                "path": endpoint.path.format(activity=save["activity"]),
                "activity": save["activity"],
                "version": int(re.search(r"-v(\d+)", tag).group(1)),
                "headers": headers | endpoint.headers,
                "pieces": pieces,
            }
        )
    return configs


def discard_working_copies(fixture, sessions, base):
    """Drop the working copies the autosave run kept, so that the editor is always measured as opened without one."""
    for save in fixture["saves"]:
        cookies = sessions[save["user"]]
        headers = {
            "Cookie": f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
            "X-CSRFToken": cookies["csrftoken"],
        }
        status = client.delete(base, f"/workplan/sections/{save['section']}/autosave/", headers)
        if status != 204:
            raise Failure(f"Dropping the working copy of section {save['section']} answered {status}, not 204.")


class Driver:
    def __init__(self, gunicorn, fixture, sessions, workdir):
        self.gunicorn = gunicorn
        self.fixture = fixture
        self.sessions = sessions
        self.tokens = fixture["tokens"]
        self.workdir = Path(workdir)
        self.run_id = secrets.token_hex(4)
        self.runs = 0

    def script(self, endpoint):
        if endpoint.save:
            self.runs += 1
            configs = save_configs(endpoint, self.fixture, self.sessions, self.gunicorn.base)
            text = wrk.save_script(configs, f"{self.run_id}-{self.runs}")
        else:
            headers = auth_headers(endpoint.auth, self.sessions, self.tokens)
            headers |= {name: value.format(**self.fixture["ids"]) for name, value in endpoint.headers.items()}
            text = wrk.static_script(endpoint.method, endpoint.url_path(self.fixture), headers, fresh=endpoint.fresh)
        return wrk.write(self.workdir, endpoint.name, text)

    def mixed(self, seconds, clients):
        """Drive every read endpoint at once from `clients` connections; count the unexpected answers per endpoint."""
        reads = [endpoint for endpoint in ENDPOINTS if not endpoint.save]
        entries = [
            {
                "name": endpoint.name,
                "method": endpoint.method,
                "path": endpoint.url_path(self.fixture),
                "headers": auth_headers(endpoint.auth, self.sessions, self.tokens)
                | {name: value.format(**self.fixture["ids"]) for name, value in endpoint.headers.items()},
            }
            for endpoint in reads
        ]
        self.gunicorn.drain()
        script = wrk.write(self.workdir, "mixed", wrk.mixed_script(entries))
        result = wrk.drive(
            self.gunicorn.base, script, seconds=seconds, connections=clients, threads=clients, timeout=60
        )
        unexpected = {
            endpoint.name: {
                str(status): count
                for status, count in result["by_endpoint"].get(endpoint.name, {}).items()
                if status != endpoint.expect
            }
            for endpoint in reads
        }
        socket_errors = {kind: count for kind, count in result["errors"].items() if kind != "status"}
        return {
            "clients": clients,
            "seconds": seconds,
            "responses": result["requests"],
            "rps": round(result["requests"] / (result["duration_us"] / 1e6), 1),
            "p50_ms": round(result["latency_us"]["p50"] / 1000, 1),
            "p99_ms": round(result["latency_us"]["p99"] / 1000, 1),
            "max_ms": round(result["latency_us"]["max"] / 1000, 1),
            "responses_by_endpoint": {name: sum(statuses.values()) for name, statuses in result["by_endpoint"].items()},
            "unexpected_by_endpoint": {name: found for name, found in unexpected.items() if found},
            "socket_errors": socket_errors,
            "errors": sum(sum(found.values()) for found in unexpected.values()) + sum(socket_errors.values()),
        }

    def drive(self, endpoint, seconds, connections=None, timeout=10):
        if endpoint.save:
            connections = threads = len(SAVE_SECTIONS)  # one connection per section, one thread each
        else:
            threads = 2
        self.gunicorn.drain()  # first: a save still in flight would change the version the script starts from
        script = self.script(endpoint)
        result = wrk.drive(
            self.gunicorn.base, script, seconds=seconds, connections=connections, threads=threads, timeout=timeout
        )
        if endpoint.save == "autosave":
            self.gunicorn.drain()
            discard_working_copies(self.fixture, self.sessions, self.gunicorn.base)
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        result["seconds"] = seconds
        result["connections"] = connections
        socket_errors = sum(count for kind, count in result["errors"].items() if kind != "status")
        if endpoint.save:
            unexpected = sum(count for status, count in result["statuses"].items() if status != endpoint.expect)
        else:
            unexpected = result["errors"]["status"] + self._wrong_size(endpoint, result)
        result["failed"] = unexpected + socket_errors
        return result

    def _wrong_size(self, endpoint, result):
        """Return how many answers to count as wrong when their mean size is not the page's (all or none).

        A redirect to the sign-in page, or a 200 where a 304 is expected, is far
        from the body measured in-process; headers add about a kilobyte, and a
        page may vary by a few bytes (an unread count growing during the run).
        """
        if not result["requests"]:
            result["mean_bytes"] = 0
            return 0
        size = result["bytes"] / result["requests"]
        body = self.fixture["bytes"][endpoint.name]
        low, high = body * 0.98, body * 1.02 + 4096
        result["mean_bytes"] = round(size)
        if low <= size <= high:
            return 0
        log(f"{endpoint.name}: answers of {size:.0f} bytes on average, expected {body} bytes and headers")
        return result["requests"]


def _median_ms(results, key):
    return round(statistics.median(result["latency_us"][key] for result in results) / 1000, 2)


def summarise(endpoint, rounds, fixture):
    """Return an endpoint's figures: medians over the rounds, the ratio to the floor run beside it."""
    entry = {
        "rps": round(statistics.median(result["rps"] for result in rounds), 1),
        "p50_ms": _median_ms(rounds, "p50"),
        "p99_ms": _median_ms(rounds, "p99"),
        "queries": fixture["queries"][endpoint.name],
        "bytes": fixture["bytes"][endpoint.name],
        "ratio": round(statistics.median(result["ratio"] for result in rounds), 4),
        "target": endpoint.target,
        "rps_rounds": [round(result["rps"], 1) for result in rounds],
        "ratio_rounds": [round(result["ratio"], 4) for result in rounds],
        "seconds_per_round": rounds[0]["seconds"],
        "connections": rounds[0]["connections"],
        "wire_bytes_per_request": round(sum(r["bytes"] for r in rounds) / max(1, sum(r["requests"] for r in rounds))),
        "requests": sum(result["requests"] for result in rounds),
        "errors": sum(result["failed"] for result in rounds),
        # Saves tally every status; reads count wrk's statuses of 400 and above, and check the size.
        "statuses": (
            _merge(result["statuses"] for result in rounds)
            if endpoint.save
            else {"400_or_more": sum(result["errors"]["status"] for result in rounds)}
        ),
        "mean_bytes": None if endpoint.save else round(statistics.median(result["mean_bytes"] for result in rounds)),
        "description": endpoint.description,
    }
    if endpoint.save:
        entry["rows_written_per_save"] = fixture["save_writes"][endpoint.name]
    if endpoint.max_bytes is not None:
        entry["max_bytes"] = endpoint.max_bytes
        entry["bytes_pass"] = entry["bytes"] <= endpoint.max_bytes
    if endpoint.target is not None or endpoint.max_bytes is not None:
        entry["pass"] = entry["errors"] == 0 and entry.get("bytes_pass", True)
        if endpoint.target is not None:
            entry["pass"] = entry["pass"] and entry["ratio"] >= endpoint.target
    return entry


def _merge(tallies):
    merged = {}
    for tally in tallies:
        for status, count in tally.items():
            merged[str(status)] = merged.get(str(status), 0) + count
    return merged


def _seconds(rps, wanted, least, most):
    """Return a whole number of seconds in which `wanted` responses are expected at `rps`, within bounds."""
    needed = math.ceil((wanted + 1) / rps) if rps > 0 else most
    return max(least, min(most, needed))


def load(gunicorn, fixture, sessions, profile, workdir):
    """Warm up, run the alternating rounds, then the 32-connection check; return the results per endpoint.

    In each round the floor runs before the first endpoint and after every
    endpoint; an endpoint's ratio is its rate over the mean of the two floor
    runs beside it, so that a machine slowed down by other work moves both.
    """
    driver = Driver(gunicorn, fixture, sessions, workdir)
    measured = [endpoint for endpoint in ENDPOINTS if endpoint is not FLOOR]
    log("warming up every endpoint")
    seconds, connections, rss = {}, {}, {}
    for endpoint in ENDPOINTS:
        began = time.monotonic()
        result = driver.drive(endpoint, profile.warmup_seconds, profile.connections)
        if result["requests"] < 4:  # a slow page: warm both workers properly, and learn its pace
            result = driver.drive(endpoint, profile.max_seconds, profile.connections)
        if result["failed"] or not result["requests"]:
            raise Failure(
                f"{endpoint.name}: {result['failed']} unexpected answers of {result['requests']} while warming up "
                f"(statuses {result['statuses']}, errors {result['errors']}, expected {endpoint.expect})."
            )
        rss[endpoint.name] = max(driver.gunicorn.peak_rss().values(), default=None)
        # A page slower than a few per second gets one connection per worker: a queue would
        # only lengthen its latency and leave more requests in flight after the run.
        connections[endpoint.name] = profile.connections if result["rps"] >= 5 else WORKERS
        seconds[endpoint.name] = _seconds(result["rps"], profile.min_requests, profile.seconds, profile.max_seconds)
        log(
            f"  {endpoint.name}: {result['rps']:.1f}/s warm, {seconds[endpoint.name]} s a round "
            f"({time.monotonic() - began:.1f} s)"
        )
    rounds = {endpoint.name: [] for endpoint in measured}
    floors = []
    for number in range(profile.rounds):
        # Each round starts one endpoint further along, so no endpoint always runs first or last.
        shift = number % len(measured)
        order = measured[shift:] + measured[:shift]
        before = driver.drive(FLOOR, profile.floor_seconds, profile.connections)
        floors.append(before)
        for endpoint in order:
            result = driver.drive(endpoint, seconds[endpoint.name], connections[endpoint.name])
            after = driver.drive(FLOOR, profile.floor_seconds, profile.connections)
            floors.append(after)
            result["floor_rps"] = (before["rps"] + after["rps"]) / 2
            result["ratio"] = result["rps"] / result["floor_rps"]
            rounds[endpoint.name].append(result)
            before = after
        floor = statistics.median(f["rps"] for f in floors[-len(order) :])
        log(
            f"round {number + 1}/{profile.rounds}: floor {floor:.0f}/s; "
            + ", ".join(f"{name} {results[-1]['rps']:.1f}" for name, results in rounds.items())
        )
    log(f"{profile.check_connections} clients at once, every read endpoint in turn, for {profile.check_seconds} s")
    check = driver.mixed(profile.check_seconds, profile.check_connections)
    return floors, rounds, check, rss


# --- The run ---------------------------------------------------------------------------------------


def machine():
    info = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }
    try:
        cpus = Path("/proc/cpuinfo").read_text().splitlines()
        models = [line.split(":", 1)[1].strip() for line in cpus if line.startswith("model name")]
        info["cpu_model"] = models[0] if models else None
    except OSError:
        pass
    version = subprocess.run([wrk.available(), "-v"], capture_output=True, text=True)  # noqa: S603
    info["wrk"] = (version.stdout or version.stderr).split("Copyright")[0].strip()
    return info


def run(options):
    started = time.monotonic()
    profile = PROFILES["quick" if options.quick else "full"]
    server, database = database_of(options, profile)
    # The services first: without wrk there is no version to report either.
    postgresql = check_services(server)
    result = {"profile": profile.name, "machine": machine()}
    result["machine"]["postgresql"] = postgresql

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    if options.keep:
        log(f"scripts and the gunicorn log go to {workdir}")
    try:
        return _run(options, profile, server, database, result, workdir, started)
    finally:
        _flush_broker()
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _flush_broker():
    """Empty the broker database the saves sent their (unconsumed) tasks to."""
    import redis

    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=2).flushdb()
    except (redis.RedisError, OSError) as error:
        log(f"could not empty {BROKER}: {error}")


def _run(options, profile, server, database, result, workdir, started):
    secret_key = secrets.token_urlsafe(50)

    def env_for(database_url):
        return django_env(database_url, workdir, secret_key)

    reports, built = ensure_database(server, profile, database, options.rebuild, env_for)
    if options.explain is not None:
        return explain(options, server, database, env_for)
    result["database"] = {
        "name": database,
        "built_this_run": built,
        "build": reports,
    }

    python(env_for(server.url(database)), "manage.py", "collectstatic", "--noinput", "--verbosity", "0")

    # Queries of the dashboards before the "years later" load: just seeded, and with the plan published.
    compared = [endpoint.name for endpoint in ENDPOINTS if endpoint.compare_empty]
    before = {}
    scratch = f"{database}_q"
    for stage in ("seeded", "base"):
        server.create(scratch, template=template(database, stage))
        before[stage] = python_json(env_for(server.url(scratch)), "-m", "bench.prepare", "queries", *compared)
        server.drop(scratch)

    log(f"copying the built database to {database}")
    server.create(database, template=template(database, "loaded"))
    env = env_for(server.url(database))
    gunicorn = None
    try:
        log("counting queries per request")
        fixture = python_json(env, "-m", "bench.prepare", "fixture")
        result["database"]["sizes"] = fixture["sizes"]
        result["database"]["sizes"]["size_mb"] = round(server.size(database) / 2**20)
        result["database"]["published_plan_bytes"] = fixture["bytes"]["public_plan_detail"]

        log("starting gunicorn (2 sync workers)")
        gunicorn = Gunicorn(env, workdir).start()
        sessions = {}
        for key, username in bench_users().items():
            sessions[key] = client.Browser(gunicorn.base).sign_in(username, PASSWORD)
        floors, rounds, check, rss = load(gunicorn, fixture, sessions, profile, workdir)
        peaks = gunicorn.peak_rss()
        restarted = sorted(set(gunicorn.workers()) ^ set(gunicorn.started_workers))
    finally:
        if gunicorn is not None:
            gunicorn.stop()

    result["floor"] = {
        "rps": round(statistics.median(r["rps"] for r in floors), 1),
        "p50_ms": _median_ms(floors, "p50"),
        "p99_ms": _median_ms(floors, "p99"),
        "queries": fixture["queries"][FLOOR.name],
        "bytes": fixture["bytes"][FLOOR.name],
        "runs": len(floors),
        "rps_min_max": [round(min(r["rps"] for r in floors), 1), round(max(r["rps"] for r in floors), 1)],
        "errors": sum(r["failed"] for r in floors),
        "description": FLOOR.description,
    }
    result["endpoints"] = {
        endpoint.name: summarise(endpoint, rounds[endpoint.name], fixture)
        for endpoint in ENDPOINTS
        if endpoint is not FLOOR
    }
    result["load"] = {
        "generator": "wrk",
        "rounds": profile.rounds,
        "seconds_per_endpoint_per_round": f"{profile.seconds} to {profile.max_seconds}",
        "floor_seconds_between_endpoints": profile.floor_seconds,
        "ratio": "median over rounds of the endpoint's rate over the mean of the floor runs before and after it",
        "connections": profile.connections,
        "save_connections": len(SAVE_SECTIONS),
        "server": "gunicorn, 2 sync workers, DEBUG off, CONN_MAX_AGE=600",
    }
    result["queries_empty_vs_loaded"] = {
        name: {
            "seeded": before["seeded"]["queries"][name],
            "before_load": before["base"]["queries"][name],
            "loaded": fixture["queries"][name],
            "same": before["seeded"]["queries"][name] == before["base"]["queries"][name] == fixture["queries"][name],
        }
        for name in compared
    }
    result["worker_peak_rss_mb"] = max(peaks.values()) if peaks else None
    result["worker_peak_rss_by_pid"] = peaks
    # The workers' high-water mark after warming up each endpoint in turn (the floor first): which page grows them.
    result["worker_peak_rss_mb_after_warming"] = rss
    result["workers_restarted"] = restarted
    result["errors_at_32"] = check["errors"]
    result["at_32_clients"] = check

    log(f"{profile.writers} concurrent audit writers for {profile.writer_seconds} s")
    writers = python_json(
        env, "-m", "bench.writers", "--writers", str(profile.writers), "--seconds", str(profile.writer_seconds)
    )
    log("timing manage.py verify_audit over the whole chain")
    began = time.monotonic()
    verified = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    verify_seconds = time.monotonic() - began
    counted = re.search(r"intact: (\d+) events", verified.stdout)
    result["audit"] = {
        "events_verified": int(counted.group(1)) if counted else None,
        "verify_seconds": round(verify_seconds, 1),
        "target_seconds": TARGET_VERIFY_SECONDS,
        "verify_output": (verified.stdout + verified.stderr).strip().splitlines()[:2],
        "concurrent_writers": writers["writers"],
        "appends": writers["appends"],
        "appends_per_s": writers["appends_per_s"],
        "forks": writers["forks"],
        "chain_ok": verified.returncode == 0 and writers["forks"] == 0,
    }

    if not options.keep:
        server.drop(database)
    result["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    result["wall_seconds"] = round(time.monotonic() - started, 1)
    judge(result)
    return result


def explain(options, server, database, env_for):
    """Profile the endpoints in-process on a fresh copy of the database, with EXPLAIN ANALYZE of their queries."""
    scratch = f"{database}_explain"
    server.create(scratch, template=template(database, "loaded"))
    env = env_for(server.url(scratch))
    try:
        python(env, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
        log("profiling in-process")
        return python_json(env, "-m", "bench.explain", *options.explain)
    finally:
        if not options.keep:
            server.drop(scratch)


def judge(result):
    """Add pass/fail against the targets."""
    failed = []
    for name, entry in result["endpoints"].items():
        if entry.get("pass") is False:
            if entry["errors"]:
                failed.append(f"{name}: {entry['errors']} errors")
            if entry.get("bytes_pass") is False:
                failed.append(f"{name}: {entry['bytes']} bytes > {entry['max_bytes']}")
            if not entry["errors"] and entry["target"] is not None and entry["ratio"] < entry["target"]:
                failed.append(f"{name}: ratio {entry['ratio']} < {entry['target']}")
    for name, entry in result["queries_empty_vs_loaded"].items():
        if not entry["same"]:
            failed.append(
                f"{name}: queries {entry['seeded']} seeded, {entry['before_load']} before the load, "
                f"{entry['loaded']} after"
            )
    if result["floor"]["errors"]:
        failed.append(f"floor: {result['floor']['errors']} errors")
    audit = result["audit"]
    if audit["verify_seconds"] >= TARGET_VERIFY_SECONDS:
        failed.append(f"verify_audit: {audit['verify_seconds']} s >= {TARGET_VERIFY_SECONDS} s")
    if not audit["chain_ok"]:
        failed.append("audit chain: verify_audit failed or the chain forked")
    rss = result["worker_peak_rss_mb"]
    if rss is None or rss > TARGET_RSS_MB:
        failed.append(f"worker peak RSS {rss} MB > {TARGET_RSS_MB} MB")
    if result["errors_at_32"]:
        failed.append(f"{result['errors_at_32']} errors at {result['at_32_clients']['clients']} concurrent clients")
    if result["workers_restarted"]:
        failed.append(f"gunicorn workers restarted: {result['workers_restarted']}")
    result["targets"] = {
        "worker_peak_rss_mb": TARGET_RSS_MB,
        "verify_seconds": TARGET_VERIFY_SECONDS,
        "errors_at_32": 0,
        "queries": "the dashboards make as many queries after the load as before it",
    }
    result["failed"] = failed
    result["pass"] = not failed


def main():
    parser = argparse.ArgumentParser(description="The Commission Portal benchmark: prints one JSON object.")
    parser.add_argument("--quick", action="store_true", help="a smaller database and shorter rounds (for CI)")
    parser.add_argument("--rebuild", action="store_true", help="build the database even if a matching one is cached")
    parser.add_argument("--keep", action="store_true", help="keep the run's database afterwards (to look into it)")
    parser.add_argument("--database-url", help="postgres://... of the database to use (name starting portal_bench)")
    parser.add_argument(
        "--explain",
        nargs="*",
        metavar="ENDPOINT",
        help="instead of the load: profile the endpoints (all, or those named) in-process, with EXPLAIN ANALYZE",
    )
    options = parser.parse_args()
    try:
        result = run(options)
    except (Failure, ValueError, RuntimeError, OSError, subprocess.SubprocessError) as error:
        log(f"failed: {error}")
        json.dump({"pass": False, "error": str(error)}, sys.stdout)
        sys.stdout.write("\n")
        return 2
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0 if result.get("pass", True) else 1


if __name__ == "__main__":
    sys.exit(main())
