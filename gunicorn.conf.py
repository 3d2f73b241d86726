"""gunicorn's settings for the portal, read from the working directory by `gunicorn config.wsgi`.

A request that runs longer than `timeout` has its worker killed and replaced,
so one slow request cannot hold a worker, and the site with it, for good. The
portal's own work stays far below it: redlines and merges have a budget
(workplan/drafting/bounded.py), texts a maximum length (workplan/limits.py),
exports and e-mail run in Celery workers (which have their own time limits,
CELERY_TASK_TIME_LIMIT), and the health check waits on the database for at
most two seconds. Command-line options override these (the benchmark's do).
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Seconds a worker may spend on one request before it is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Seconds a worker has to finish what it is doing when asked to stop (a deploy, a restart).
graceful_timeout = 30
