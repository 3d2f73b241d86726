"""`make test`: the whole-site sweeps and the rest of the suite, side by side.

The sweeps (tests marked `sweep`: the permission matrix, the leak canary, the
query guard and the hostile walk) visit every URL as every role and take about
a third of the suite's time, on one core. They share nothing with the rest but
the database server, so they run in a second pytest process with its own test
database (the suffix below) while the first runs everything else; the run
fails if either fails. Given arguments (`make test PYTEST_ARGS=...`), it is
one plain pytest run with them.

    python -m tests.run [pytest arguments]
"""

import os
import subprocess
import sys
import tempfile

# The sweeps' test database is test_<name>_sweeps (tests/conftest.py reads this).
SUFFIX_VARIABLE = "PORTAL_TEST_DB_SUFFIX"


def pytest_command(*args):
    return [sys.executable, "-m", "pytest", "--create-db", *args]


def main(argv):
    if argv:
        return subprocess.call(pytest_command(*argv))
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as sweeps_log:
        sweeps = subprocess.Popen(
            pytest_command("-m", "sweep", "-p", "no:cacheprovider"),
            env={**os.environ, SUFFIX_VARIABLE: "sweeps"},
            stdout=sweeps_log,
            stderr=subprocess.STDOUT,
        )
        try:
            rest = subprocess.call(pytest_command("-m", "not sweep"))
        finally:
            swept = sweeps.wait()
        sweeps_log.seek(0)
        print("\n===== The whole-site sweeps (pytest -m sweep), run beside the rest =====", flush=True)
        sys.stdout.write(sweeps_log.read())
    print(f"\nThe rest: exit {rest}. The sweeps: exit {swept}.", flush=True)
    return rest or swept


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
