"""The Celery application.

Settings come from Django's settings under the CELERY_ prefix. Without
CELERY_BROKER_URL, CELERY_TASK_ALWAYS_EAGER makes every task run inline.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
