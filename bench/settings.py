"""Settings of the benchmark's server: the portal's own, with one more URL (bench.urls).

Everything else is the production configuration read from the environment
(DEBUG off, whitenoise, every middleware). Static files are collected outside
the work tree so that a benchmark run never touches the repository.
"""

import os
import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
WSGI_APPLICATION = "bench.wsgi.application"
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", Path(tempfile.gettempdir()) / "portal-bench" / "staticfiles"))
