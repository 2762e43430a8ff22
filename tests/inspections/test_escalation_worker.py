"""督办 through the real Celery worker on Redis: successive days issue each rung once, one mail each."""

import datetime

import pytest

from inspections.models import EscalationRule, EscalationStep, SupervisionNotice
from inspections.tasks import run_daily_escalation
from notifications.models import Delivery
from tests.inspections.escalation_scenario import DUE, make_plan
from tests.tasks.test_reminders import deliveries_settled, wait_for


@pytest.mark.redis
def test_successive_days_through_a_real_worker(live_actors, celery_worker_process, smtp_server):
    """Run by the worker on 提醒, 蓝, 黄 and 红 days (and each day twice), the milestone and the
    report each get every rung once and the unit one mail per rung; no second 催办."""
    make_plan(live_actors)
    # Two 红 notices to one unit propose a 约谈 (tested in test_escalation_ladder); not the point here.
    EscalationRule.objects.filter(condition="unit_notices").update(active=False)
    schedule = [
        (DUE - datetime.timedelta(days=7), "reminder"),
        (DUE + datetime.timedelta(days=1), "blue"),
        (DUE + datetime.timedelta(days=16), "yellow"),
        (DUE + datetime.timedelta(days=31), "red"),
    ]
    sent = 0
    for day, rung in schedule:
        result = run_daily_escalation.delay(day.isoformat()).get(timeout=60)
        assert result["counts"][rung] == 2, result
        assert run_daily_escalation.delay(day.isoformat()).get(timeout=60)["issued"] == []
        sent += 2
        assert wait_for(lambda n=sent: deliveries_settled(count=n), timeout=45)
    assert len(smtp_server.messages) == 8
    subjects = sorted(str(m["Subject"]) for m in smtp_server.messages)
    assert sum("即将到期" in s for s in subjects) == 2
    assert sum("红色督办单" in s for s in subjects) == 2
    assert EscalationStep.objects.count() == 8
    assert SupervisionNotice.objects.count() == 6
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
