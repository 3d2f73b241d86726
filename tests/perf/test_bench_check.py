"""CI's reading of the benchmark's output (bench/check.py)."""

import json

from bench import check

COMPLETE = {
    "floor": {"rps": 2000},
    "endpoints": {"public_plan_detail": {"ratio": 0.9}},
    "worker_peak_rss_mb": 100,
    "errors_at_32": 0,
    "audit": {"forks": 0},
    "queries_empty_vs_loaded": {},
    "failed": ["section_editor: ratio 0.01 < 0.05"],
    "pass": False,
}


def run(tmp_path, text):
    path = tmp_path / "bench.out"
    path.write_text(text, encoding="utf-8")
    return check.main(str(path))


def test_a_run_with_every_figure_passes_even_with_missed_targets(tmp_path):
    assert run(tmp_path, "pip: installed\n" + json.dumps(COMPLETE, indent=1) + "\n") == 0


def test_no_json_a_run_that_could_not_start_or_a_missing_figure_fail(tmp_path):
    assert run(tmp_path, "Traceback (most recent call last):\n  boom\n") == 1
    assert run(tmp_path, json.dumps({"pass": False, "error": "wrk is not installed"}) + "\n") == 1
    assert run(tmp_path, json.dumps({k: v for k, v in COMPLETE.items() if k != "audit"}, indent=1)) == 1
    assert run(tmp_path, json.dumps({**COMPLETE, "errors_at_32": 3}, indent=1)) == 1
