"""Drive the server with wrk: one Lua script per endpoint, its results read back as JSON.

Every script prints the summary and the latency percentiles as one JSON
line. Saves and the 32-client mix also tally the status of every response
(so a 409 conflict or a 302 to the sign-in page is never taken for success);
saves keep per-connection state: the version the next save starts from, taken
from the redirect (form), the ETag (API) or the saved row's data-version (an
activity's row form) of the previous one; an autosave always sends the version
the editor was opened at. Reads are checked without a response() callback (see
STATIC).
"""

import json
import shutil
import subprocess
from pathlib import Path

PRELUDE = r"""
local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

statuses = {}

local function tally(status)
  statuses[status] = (statuses[status] or 0) + 1
end
"""

# No response() here: with one, wrk copies every body into Lua, which costs the load generator
# (sharing the server's two cores) about 7% of the floor's rate. Answers are checked instead by
# wrk's count of statuses of 400 and above and by their size (bench.run.Driver.drive).
STATIC = r"""
wrk.method = {method}
wrk.path = {path}
wrk.headers = {headers}
"""

# A read whose every request carries its own `fresh` parameter (bench.endpoints.Endpoint.fresh).
FRESH = r"""
wrk.method = {method}
wrk.headers = {headers}
local base = {path}
local n = 0

function request()
  n = n + 1
  return wrk.format(nil, base .. "&fresh=" .. tid .. "-" .. n)
end
"""

SAVE = r"""
local configs = {configs}
local run = {run}

function init(args)
  cfg = configs[tid]
  version = cfg.version
  n = 0
end

function request()
  n = n + 1
  local parts = {{}}
  for i, piece in ipairs(cfg.pieces) do
    if i % 2 == 1 then
      parts[i] = piece
    elseif piece == "version" then
      parts[i] = tostring(version)
    else
      parts[i] = run .. "-" .. tid .. "-" .. n
    end
  end
  local headers = {{}}
  for k, v in pairs(cfg.headers) do headers[k] = v end
  if cfg.kind == "api" then
    headers["If-Match"] = '"section-' .. cfg.section .. '-v' .. version .. '"'
  elseif cfg.kind == "activity" then
    headers["If-Match"] = '"activity-' .. cfg.activity .. '-v' .. version .. '"'
  end
  return wrk.format(cfg.method, cfg.path, headers, table.concat(parts))
end

function response(status, headers, body)
  tally(status)
  if cfg.kind == "form" and status == 302 then
    version = version + 1
  elseif cfg.kind == "api" or cfg.kind == "activity" then
    local etag = headers["ETag"] or headers["etag"]
    if etag then version = tonumber(string.match(etag, "%-v(%d+)")) or version end
  elseif cfg.kind == "activity_form" and status == 200 then
    -- The saved row answered in place: <tr id="activity-N" class="activity ..." data-version="V">.
    local saved = string.match(body, 'data%-version="(%d+)"')
    if saved then version = tonumber(saved) end
  end
end
"""

MIXED = r"""
local entries = {entries}

function init(args)
  tallies = {{}}
  k = tid
end

function request()
  current = entries[(k % #entries) + 1]
  k = k + 1
  return wrk.format(current.method, current.path, current.headers, nil)
end

function response(status, headers, body)
  tally(status)
  local key = current.name .. "|" .. status
  tallies[key] = (tallies[key] or 0) + 1
end
"""

DONE = r"""
-- Sums a per-thread table (statuses, or the mixed script's endpoint|status tallies) as JSON members.
local function merged(name)
  local all = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get(name) or {}) do
      all[key] = (all[key] or 0) + count
    end
  end
  local parts = {}
  for key, count in pairs(all) do
    table.insert(parts, string.format('"%s":%d', tostring(key), count))
  end
  return table.concat(parts, ",")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},"statuses":{%s},"by_endpoint":{%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    merged("statuses"), merged("tallies")))
end
"""


def lua(value):
    """Return a Lua literal for a str, int, float, list or dict."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        level = 1
        while f"]{'=' * level}]" in value:
            level += 1
        return f"[{'=' * level}[{value}]{'=' * level}]"
    if isinstance(value, list):
        return "{" + ", ".join(lua(item) for item in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[ {lua(str(key))} ] = {lua(item)}" for key, item in value.items()) + "}"
    raise TypeError(type(value))


def static_script(method, path, headers, fresh=False):
    template = FRESH if fresh else STATIC
    return PRELUDE + template.format(method=lua(method), path=lua(path), headers=lua(headers)) + DONE


def save_script(configs, run):
    """Return a script in which thread i saves configs[i] (one connection per thread)."""
    return PRELUDE + SAVE.format(configs=lua(configs), run=lua(run)) + DONE


def mixed_script(entries):
    """Return a script in which every connection (one per thread) goes through `entries` in turn.

    One connection per thread, so each response belongs to the request its thread sent last.
    """
    return PRELUDE + MIXED.format(entries=lua(entries)) + DONE


def available():
    return shutil.which("wrk")


def drive(base, script_path, *, seconds, connections, threads, timeout=10):
    """Run wrk and return its JSON summary."""
    command = [
        available(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{int(seconds)}s",
        f"--timeout={int(timeout)}s",
        "-s",
        str(script_path),
        base,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout + 60)  # noqa: S603
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
            result["statuses"] = {int(status): count for status, count in result["statuses"].items()}
            if "by_endpoint" in result:
                by_endpoint = {}
                for key, count in result["by_endpoint"].items():
                    name, status = key.rsplit("|", 1)
                    by_endpoint.setdefault(name, {})[int(status)] = count
                result["by_endpoint"] = by_endpoint
            return result
    raise RuntimeError(f"wrk printed no result (exit {completed.returncode}): {completed.stderr or completed.stdout}")


def write(directory, name, text):
    path = Path(directory) / f"{name}.lua"
    path.write_text(text)
    return path
