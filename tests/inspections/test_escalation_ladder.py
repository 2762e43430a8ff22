"""督办: the daily run issues 提醒, then 蓝, 黄, 红 督办单 on the right days, each once per matter."""

import datetime

import pytest
from django.core import mail

from inspections.actions import matter_deescalate
from inspections.escalation import escalate
from inspections.models import EscalationMatter, EscalationRule, EscalationStep, SupervisionNotice
from inspections.workdays import add_working_days
from notifications.models import Delivery
from plans.models import Event
from tasks.reminders import send_reminders
from tests.inspections.escalation_scenario import DUE, days, make_plan

D = datetime.date


def run_days(start, end):
    issued = {}
    for day in days(start, end):
        for item in escalate(day).issued:
            issued.setdefault(item.key.split(":")[0], []).append((item.rung, day))
    return issued


def test_the_ladder_climbs_on_the_right_days(actors, eager_celery, django_capture_on_commit_callbacks):
    """Day by day, the milestone gets 提醒 7 days before it is judged, then 蓝 the day after, 黄 on
    the 16th day overdue, 红 once the 黄 notice is unanswered past its reply deadline (five working
    days over the May Day holidays), each once."""
    make_plan(actors)
    with django_capture_on_commit_callbacks(execute=True):
        issued = run_days(D(2024, 3, 25), D(2024, 5, 8))
    assert issued["milestone"] == [
        ("reminder", D(2024, 4, 3)),
        ("blue", D(2024, 4, 11)),
        ("yellow", D(2024, 4, 26)),
        ("red", D(2024, 5, 8)),
    ]
    assert issued["report"] == issued["milestone"]  # the Q1 report is late the same way
    matter = EscalationMatter.objects.get(kind="milestone")
    assert list(matter.steps.values_list("rung", flat=True)) == ["reminder", "blue", "yellow", "red"]
    yellow = matter.notices.get(colour="yellow")
    assert yellow.reply_deadline == D(2024, 5, 7)  # 4-28 (a Sunday worked), 4-29, 4-30, 5-6, 5-7
    assert list(SupervisionNotice.objects.order_by("serial").values_list("serial", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert str(SupervisionNotice.objects.get(serial=1)) == "宝法督〔2024〕1号"
    subjects = sorted(m.subject for m in mail.outbox)
    assert sum("即将到期" in s for s in subjects) == 2  # the 提醒 rung is the 催办 reminder
    assert sum("蓝色督办单" in s for s in subjects) == 2
    assert any(s.startswith("【红色督办单】宝法督〔2024〕") for s in subjects)
    assert mail.outbox[-1].to == ["scjg@baoshan.example.gov.cn"]
    assert Event.objects.filter(verb="escalation.raise").count() == 8


def test_a_second_run_the_same_day_issues_nothing(actors, eager_celery, django_capture_on_commit_callbacks):
    """Running the same day again (or a retry) issues nothing new and sends nothing."""
    make_plan(actors)
    with django_capture_on_commit_callbacks(execute=True):
        first = escalate(D(2024, 4, 11))
        again = escalate(D(2024, 4, 11))
    assert [i.rung for i in first.issued] == ["blue", "blue"]
    assert again.issued == []
    assert len(mail.outbox) == 2
    assert SupervisionNotice.objects.count() == 2


def test_the_reminder_rung_is_the_existing_催办_reminder(actors, eager_celery, django_capture_on_commit_callbacks):
    """A 催办 already sent by the old reminder job is the 提醒 rung: no second mail."""
    make_plan(actors)
    with django_capture_on_commit_callbacks(execute=True):
        # The old job: the Q1 report 7 days before its due date (and the 3-15 deadline as overdue).
        assert send_reminders(D(2024, 4, 3)) == 2
        result = escalate(D(2024, 4, 3))
    assert sorted(i.rung for i in result.issued) == ["reminder", "reminder"]
    assert Delivery.objects.filter(key__startswith="reminder:report:").count() == 1
    report_mails = [m for m in mail.outbox if "进展报告" in m.subject]
    assert len(report_mails) == 1  # the report's 提醒 was the 催办 already sent


def test_a_first_run_on_a_long_overdue_matter_issues_only_its_rung(actors, eager_celery):
    """A matter found 40 days overdue gets its 红 notice, not the rungs below it."""
    make_plan(actors)
    result = escalate(DUE + datetime.timedelta(days=40))
    assert sorted(i.rung for i in result.issued) == ["red", "red"]


def test_thresholds_are_data(actors, eager_celery):
    """Changing the rule table changes the day: 蓝 from the 3rd day overdue."""
    make_plan(actors)
    EscalationRule.objects.filter(rung="blue", condition="overdue").update(min_days=3)
    assert escalate(DUE + datetime.timedelta(days=2)).issued == []
    assert [i.rung for i in escalate(DUE + datetime.timedelta(days=3)).issued] == ["blue", "blue"]


def test_a_manual_de_escalation_holds_until_the_state_changes(actors, eager_celery):
    """A supervisor moves a matter down with a reason (an event); the run leaves it there."""
    make_plan(actors)
    escalate(DUE + datetime.timedelta(days=20))  # 黄
    matter = EscalationMatter.objects.get(kind="report")
    matter_deescalate(actor=actors.supervisor, matter=matter, rung="blue", reason="已报送纸质材料，系统补录中")
    matter.refresh_from_db()
    assert matter.rung == "blue" and matter.round == 2
    event = Event.objects.get(verb="escalation.lower")
    assert (event.from_state, event.to_state, event.actor) == ("yellow", "blue", actors.supervisor)
    assert event.comment == "已报送纸质材料，系统补录中"
    for offset in (21, 35, 70):
        issued = escalate(DUE + datetime.timedelta(days=offset)).issued
        assert all(i.key != matter.key for i in issued)
    matter.refresh_from_db()
    assert matter.rung == "blue"
    assert not EscalationStep.objects.filter(matter=matter, round=2).exists()


def test_staff_may_not_de_escalate(actors, eager_celery):
    """Only a supervisor moves a matter down."""
    from django.core.exceptions import PermissionDenied

    make_plan(actors)
    escalate(DUE + datetime.timedelta(days=20))
    matter = EscalationMatter.objects.get(kind="report")
    with pytest.raises(PermissionDenied):
        matter_deescalate(actor=actors.market_head, matter=matter, rung="blue", reason="x")


def test_a_matter_done_leaves_the_run(actors, eager_celery):
    """Once the report is handed in, its matter is resolved and climbs no further."""
    from tasks.models import ProgressReport, ReportState

    task = make_plan(actors)
    escalate(DUE + datetime.timedelta(days=2))
    ProgressReport.objects.create(
        task=task,
        department=actors.market,
        period=task.plan.periods.get(year=2024, index=1),
        state=ReportState.SUBMITTED,
        narrative="已报送",
        submitted_at=datetime.datetime(2024, 4, 13, tzinfo=datetime.UTC),
    )
    from tasks.facts import invalidate_plan_facts

    invalidate_plan_facts(task.plan_id)
    result = escalate(DUE + datetime.timedelta(days=20))
    assert result.resolved == 1
    assert [i.key.split(":")[0] for i in result.issued] == ["milestone"]
    assert EscalationMatter.objects.get(kind="report").resolved_on == DUE + datetime.timedelta(days=20)


def test_working_days_skip_holidays_and_weekends():
    """Reply deadlines count working days: the 2024 May Day holidays and their make-up Sunday."""
    assert add_working_days(D(2024, 4, 26), 5) == D(2024, 5, 7)
    assert add_working_days(D(2024, 9, 6), 1) == D(2024, 9, 9)


def test_two_red_notices_to_a_unit_propose_one_interview_for_the_unit(actors, eager_celery):
    """A unit with two 红 notices in a year: ONE 约谈 is proposed for the unit, covering both its
    matters at 红; never held by itself; while it is open the unit gets no second one, even when a
    matter later qualifies on its own (挂牌 for more than 30 days)."""
    from inspections.models import EscalationMatter, Interview

    make_plan(actors)
    day = DUE + datetime.timedelta(days=31)
    assert sorted(i.rung for i in escalate(day).issued) == ["red", "red"]
    assert [i.rung for i in escalate(day).issued] == ["interview"]
    assert escalate(day).issued == []
    interview = Interview.objects.get()
    assert (interview.state, interview.unit) == ("proposed", actors.market)
    assert set(interview.matters.values_list("kind", flat=True)) == {"report", "milestone"}
    assert Event.objects.filter(verb="interview.propose").count() == 1
    assert set(EscalationMatter.objects.values_list("rung", flat=True)) == {"red"}  # beside the ladder
    for later in (DUE + datetime.timedelta(days=61), DUE + datetime.timedelta(days=95)):
        assert "interview" not in [i.rung for i in escalate(later).issued]
    assert EscalationMatter.objects.filter(rung="listed").count() == 2
    assert Interview.objects.count() == 1


def test_a_supervisor_lowers_a_matter_and_takes_it_off_the_list_from_its_page(client, actors, eager_celery):
    """From the matter's page a supervisor moves a 红 matter down with a reason; a listed one cannot
    be moved down, and comes off the list (摘牌) only once it is done."""
    from tasks.facts import invalidate_plan_facts
    from tasks.models import ProgressReport, ReportState

    task = make_plan(actors)
    EscalationRule.objects.filter(condition="unit_notices").update(active=False)
    escalate(DUE + datetime.timedelta(days=31))  # 红
    report, milestone = (EscalationMatter.objects.get(kind=k) for k in ("report", "milestone"))
    client.force_login(actors.supervisor)
    client.post(f"/inspections/matters/{milestone.pk}/lower/", {"rung": "blue", "reason": "已书面说明原因"})
    milestone.refresh_from_db()
    assert milestone.rung == "blue" and milestone.held_state == "overdue"
    escalate(DUE + datetime.timedelta(days=61))  # the report is listed; the lowered milestone holds
    report.refresh_from_db()
    milestone.refresh_from_db()
    assert report.is_listed and milestone.rung == "blue"
    page = client.get(f"/inspections/matters/{report.pk}/").content.decode()
    assert 'data-testid="delist"' not in page  # not done yet
    client.post(f"/inspections/matters/{report.pk}/lower/", {"rung": "blue", "reason": "x"})
    report.refresh_from_db()
    assert report.rung == "listed"  # refused: 挂牌 comes off only by 摘牌
    ProgressReport.objects.create(
        task=task,
        department=actors.market,
        period=task.plan.periods.get(year=2024, index=1),
        state=ReportState.SUBMITTED,
        narrative="已报送",
        submitted_at=datetime.datetime(2024, 6, 12, tzinfo=datetime.UTC),
    )
    invalidate_plan_facts(task.plan_id)
    escalate(DUE + datetime.timedelta(days=62))
    client.post(f"/inspections/matters/{report.pk}/delist/", {"reason": "已补报"})
    report.refresh_from_db()
    assert report.resolved_on is not None and not report.is_listed
    page = client.get(f"/inspections/matters/{milestone.pk}/").content.decode()
    assert "人工降级：已书面说明原因" in page
    assert Event.objects.filter(verb="escalation.delist", actor=actors.supervisor).count() == 1
