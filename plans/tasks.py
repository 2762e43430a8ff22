"""Celery tasks of plans: thin, they call the domain code."""

from celery import shared_task

from plans.retention import prune_logs


@shared_task(name="plans.prune_logs")
def prune_old_logs() -> dict[str, int]:
    """Nightly: delete sign-in logs older than the retention (plans.retention); idempotent."""
    return prune_logs()
