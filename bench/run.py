"""The benchmark (`make bench`).

Not built yet: the benchmark issue adds the database, the load generator and
the targets. Until then this prints a JSON object saying so, so that tools
that read `make bench` get valid JSON and no invented figures.
"""

import json
import sys


def main():
    json.dump({"status": "not_implemented", "endpoints": {}, "targets": {}}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
