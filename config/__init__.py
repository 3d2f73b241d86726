"""Project configuration: settings, URLs, WSGI/ASGI entry points, Celery app."""

from .celery import app as celery_app

__all__ = ["celery_app"]
