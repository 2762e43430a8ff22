"""How long the records are kept, and the pruning job that keeps to it.

The event log and the field history are the plan's record: timelines, digests, as-of dashboards
and the midterm report read them, so they are kept for the life of the plan and never pruned here.
What is pruned is the sign-in log (django-axes' access logs and stale failed attempts), kept
AUDIT_RETENTION_DAYS days — at least 180 (等保2.0: audit records kept six months or more); a
setting below that is refused by ``manage.py check`` and by the job itself."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.checks import Error, register
from django.utils import timezone

MINIMUM_RETENTION_DAYS = 180


def retention_days() -> int:
    return max(MINIMUM_RETENTION_DAYS, settings.AUDIT_RETENTION_DAYS)


def prune_logs(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete sign-in log rows older than the retention; never anything younger. Returns the
    counts deleted per kind."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    deleted = {}
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        count, _ = model.objects.filter(attempt_time__lt=cutoff).delete()
        deleted[model._meta.model_name] = count
    return deleted


@register()
def retention_is_long_enough(app_configs, **kwargs):
    if settings.AUDIT_RETENTION_DAYS >= MINIMUM_RETENTION_DAYS:
        return []
    return [
        Error(
            f"AUDIT_RETENTION_DAYS is {settings.AUDIT_RETENTION_DAYS}: audit records are kept at least "
            f"{MINIMUM_RETENTION_DAYS} days.",
            id="duban.E002",
        )
    ]
