"""WSGI entry point of the benchmark's server (gunicorn bench.wsgi): the portal with bench.settings."""

import os

from django.core.wsgi import get_wsgi_application

from core.memory import freeze_startup

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

application = get_wsgi_application()

# What is loaded now lives as long as the process (core/memory.py).
freeze_startup()
