"""Manual 督办单 (领导批示件) share the year's sequence; a proposed 约谈 is scheduled or dismissed by a supervisor, with a reason."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from inspections.actions import InterviewPlan, interview_decide, interview_record, notice_issue
from inspections.escalation import escalate
from inspections.models import InspectionError, Interview, SupervisionNotice
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


def test_a_proposed_interview_is_scheduled_held_and_recorded_or_dismissed(actors, eager_celery):
    """约谈 is never automatic: the unit's one proposal waits for a supervisor, who schedules it
    (who, by whom, when, where, why), then records how it went and the follow-up deadline; once
    it is held, the unit may be proposed again, and a supervisor may dismiss that with a reason."""
    make_plan(actors)
    day = DUE + datetime.timedelta(days=31)
    escalate(day)
    escalate(day)  # two 红 notices to one unit: one 约谈 proposed for the unit
    interview = Interview.objects.get()
    assert interview.state == "proposed" and interview.matters.count() == 2
    with pytest.raises(PermissionDenied):
        interview_decide(actor=actors.leader, interview=interview, schedule=False, reason="x")
    when = datetime.datetime(2024, 5, 20, 9, 30, tzinfo=datetime.UTC)
    plan = InterviewPlan(when=when, interviewee="张局长", interviewer="李副局长", place="区司法局三楼会议室")
    with pytest.raises(InspectionError):
        interview_decide(actor=actors.supervisor, interview=interview, schedule=True, reason="", plan=plan)
    interview_decide(actor=actors.supervisor, interview=interview, schedule=True, reason="两次红色督办单", plan=plan)
    interview.refresh_from_db()
    assert (interview.state, interview.scheduled_for, interview.place) == ("scheduled", when, "区司法局三楼会议室")
    with pytest.raises(PermissionDenied):
        interview_record(actor=actors.market_head, interview=interview, outcome="x", follow_up_deadline=day)
    interview_record(
        actor=actors.supervisor, interview=interview, outcome="单位主要负责人作出书面承诺", follow_up_deadline=day
    )
    interview.refresh_from_db()
    assert (interview.state, interview.follow_up_deadline) == ("held", day)
    assert list(
        Event.objects.filter(verb__startswith="interview.", actor=actors.supervisor)
        .order_by("pk")
        .values_list("verb", flat=True)
    ) == ["interview.schedule", "interview.record"]
    # A new matter of the unit at 红 later: a new proposal, dismissed with a reason.
    second = Interview.objects.create(
        matter=interview.matter, unit=actors.market, reason="挂牌督办超过30天", proposed_on=day
    )
    interview_decide(actor=actors.supervisor, interview=second, schedule=False, reason="已于5月20日约谈")
    second.refresh_from_db()
    assert (second.state, second.decision_reason) == ("dismissed", "已于5月20日约谈")
