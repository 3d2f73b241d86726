"""Check the benchmark's output in CI: it ran, printed its JSON, and every figure is there.

Usage: python -m bench.check <file holding make bench's stdout>. Exits 1 with a message otherwise. Missed
speed targets are listed, not failed on (see .ci/run for why).
"""

import json
import sys
from pathlib import Path

EXPECTED = (
    "floor",
    "endpoints",
    "worker_peak_rss_mb",
    "errors_at_32",
    "audit",
    "queries_empty_vs_loaded",
    "failed",
)


def result_of(text):
    """Return the JSON object that ends `text` (make may print its own lines before it)."""
    lines = text.splitlines()
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].startswith("{"):
            try:
                return json.loads("\n".join(lines[index:]))
            except ValueError:
                continue
    raise ValueError("the benchmark printed no JSON")


def main(path):
    try:
        result = result_of(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"bench.check: {error}", file=sys.stderr)
        return 1
    if "error" in result:
        print(f"bench.check: the benchmark could not run: {result['error']}", file=sys.stderr)
        return 1
    missing = [key for key in EXPECTED if key not in result]
    if missing:
        print(f"bench.check: figures missing from the result: {', '.join(missing)}", file=sys.stderr)
        return 1
    if result["errors_at_32"]:
        print(f"bench.check: {result['errors_at_32']} errors at 32 clients", file=sys.stderr)
        return 1
    for line in result["failed"]:
        print(f"bench.check: target missed (reported, not failed on): {line}", file=sys.stderr)
    print(f"bench.check: the benchmark ran; {len(result['endpoints'])} endpoints measured", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
