"""Manual 督办单 (领导批示件) share the year's sequence; a proposed 约谈 is scheduled or dismissed by a supervisor, with a reason."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from inspections.actions import interview_decide, notice_issue
from inspections.escalation import escalate
from inspections.models import Interview, SupervisionNotice
from plans.models import Event
from tests.inspections.escalation_scenario import DUE, make_plan


def test_a_manual_notice_takes_the_next_number(actors, eager_celery, django_capture_on_commit_callbacks):
    """After the ladder's two 蓝 notices, a leader's instruction issued by a supervisor is number 3, mailed to the unit."""
    make_plan(actors)
    escalate(DUE + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_issue(
            actor=actors.supervisor,
            colour="yellow",
            units=[actors.market, actors.town],
            subject="区领导批示：加快复议规则出台",
            requirement="请于两周内报送进展。",
            today=DUE + datetime.timedelta(days=2),
        )
    assert notice.number == "宝法督〔2024〕3号" and notice.is_manual
    assert Event.objects.filter(verb="notice.issue", actor=actors.supervisor).count() == 1
    assert any(m.subject.startswith("【黄色督办单】宝法督〔2024〕3号") for m in mail.outbox)
    with pytest.raises(PermissionDenied):
        notice_issue(actor=actors.market_head, colour="blue", units=[actors.market], subject="x", requirement="y")
    assert SupervisionNotice.objects.count() == 3


def test_a_proposed_interview_is_scheduled_or_dismissed_by_a_supervisor(actors, eager_celery):
    """约谈 is never automatic: the proposal waits for a supervisor, who schedules one and dismisses the other."""
    make_plan(actors)
    day = DUE + datetime.timedelta(days=31)
    escalate(day)
    escalate(day)  # two 红 notices to one unit: 约谈 proposed for its matters
    first, second = Interview.objects.order_by("pk")
    assert {first.state, second.state} == {"proposed"}
    with pytest.raises(PermissionDenied):
        interview_decide(actor=actors.leader, interview=first, schedule=False, reason="x")
    when = datetime.datetime(2024, 5, 20, 9, 30, tzinfo=datetime.UTC)
    interview_decide(actor=actors.supervisor, interview=first, schedule=True, reason="两次红色督办单", when=when)
    interview_decide(actor=actors.supervisor, interview=second, schedule=False, reason="同一单位已安排约谈")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.scheduled_for, second.state) == ("scheduled", when, "dismissed")
    assert Event.objects.filter(verb__startswith="interview.", actor=actors.supervisor).count() == 2
