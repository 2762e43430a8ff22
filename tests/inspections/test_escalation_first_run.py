"""The first daily run on a plan with an old backlog does not issue notices for its whole past."""

import datetime

import pytest

from inspections.escalation import escalate, open_matters
from inspections.models import EscalationMatter


@pytest.fixture
def old_backlog(demo_data):
    """The demo plan (five years of work, some of it long overdue) with no escalation history."""
    EscalationMatter.objects.all().delete()


def test_matters_overdue_longer_than_the_look_back_are_left_alone(old_backlog, settings):
    """Run for the first time in 2026, the ladder starts only matters due within the look-back."""
    today = datetime.date(2026, 3, 2)
    settings.ESCALATION_LOOKBACK_DAYS = 30
    states = open_matters(today)
    old = [s for s in states if s.due_date < today - datetime.timedelta(days=30)]
    assert old, "the demo has long-overdue work"
    result = escalate(today, dry_run=True)
    started = {i.key for i in result.issued}
    assert not started & {s.key for s in old}
    settings.ESCALATION_LOOKBACK_DAYS = 10_000
    assert {s.key for s in old} <= {i.key for i in escalate(today, dry_run=True).issued}
