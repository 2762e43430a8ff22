"""The Celery application; tasks live in each app's ``tasks.py``."""

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("duban")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="duban.ping")
def ping(value: str = "pong") -> str:
    """A no-op used by health checks and tests to prove a worker runs tasks."""
    return value


@task_prerun.connect
def _fresh_content_types(**kwargs) -> None:
    """Read content type ids afresh for every task (one query, on the first event a task writes): a
    long-lived worker outlives a migration, or a test's flush, that recreates them, and a stale id
    would make every event it writes fail."""
    from django.contrib.contenttypes.models import ContentType  # the app registry is ready only now

    ContentType.objects.clear_cache()
