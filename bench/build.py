"""Build one stage of the benchmark's database (run by bench.run in a subprocess, with DATABASE_URL set).

    python -m bench.build seeded   # migrate and seed_demo: the commission and draft 1 of the 2010-2014 plan
    python -m bench.build base     # the plan at full size, published; draft 2 open in review
    python -m bench.build loaded   # plus the "years later" load and the audit history

Prints one JSON object: what was built and how long it took.
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main():
    parser = argparse.ArgumentParser(description="Build a stage of the benchmark database.")
    parser.add_argument("stage", choices=["seeded", "base", "loaded"])
    parser.add_argument("--profile", choices=["full", "quick"], default="full")
    options = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from .profiles import PROFILES

    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark database must be PostgreSQL (DATABASE_URL).")
    profile = PROFILES[options.profile]
    started = time.monotonic()
    if options.stage == "seeded":
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", verbosity=0, stdout=sys.stderr)
        report = {}
    elif options.stage == "base":
        from .plan import grow_and_publish

        report = grow_and_publish()
    else:
        from .bulk import load

        report = load(profile)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    report["stage"] = options.stage
    report["build_seconds"] = round(time.monotonic() - started, 1)
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
