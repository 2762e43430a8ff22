"""Logs are kept at least 180 days: the nightly pruning job deletes sign-in logs older than the
retention and never a younger one, and never touches the event log or the history."""

import datetime

from axes.models import AccessFailureLog, AccessLog
from django.core.checks import run_checks
from django.utils import timezone

from plans.models import Event
from plans.retention import prune_logs
from plans.tasks import prune_old_logs
from tests.tasks.conftest import reported  # noqa: F401 (a fixture)


def _log(model, days_ago, now):
    row = model.objects.create(ip_address="10.0.0.1", username="bob", user_agent="x", path_info="/accounts/login/")
    model.objects.filter(pk=row.pk).update(attempt_time=now - datetime.timedelta(days=days_ago))
    return row


def test_the_job_deletes_only_logs_older_than_the_retention(actors, settings, reported):  # noqa: F811
    settings.AUDIT_RETENTION_DAYS = 180
    now = timezone.now()
    old, young = _log(AccessLog, 181, now), _log(AccessLog, 179, now)
    old_failure = _log(AccessFailureLog, 200, now)
    Event.objects.update(occurred_at=now - datetime.timedelta(days=2000))
    events = Event.objects.count()
    assert prune_logs(now=now)["accesslog"] == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [young.pk]
    assert not AccessFailureLog.objects.filter(pk=old_failure.pk).exists()
    assert Event.objects.count() == events > 0  # the record of the work is never pruned
    assert old.pk != young.pk


def test_a_retention_below_180_days_is_refused(db, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    assert "duban.E002" in [m.id for m in run_checks()]
    now = timezone.now()
    young = _log(AccessLog, 100, now)
    prune_old_logs()  # the job itself still keeps 180 days
    assert AccessLog.objects.filter(pk=young.pk).exists()
