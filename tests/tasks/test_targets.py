"""Yearly targets: the lead department records them, the same review flow applies, approved steps
feed the status lights."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans.models import Plan
from tasks.actions import MilestoneInput, target_save, work_move
from tasks.models import Assignment, ProgressReport, ReportState, ReportTransitionError, Task, YearlyTarget
from tasks.progress import generate_periods
from tasks.status import Light, statuses_for


@pytest.fixture
def task(actors):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="执法监督全覆盖", position=1, is_ongoing=True)
    Assignment.objects.create(task=task, department=actors.market, role="lead")
    Assignment.objects.create(task=task, department=actors.justice, role="support")
    return task


def record(task, user, *, version=None, targets="年内完成执法监督全覆盖", steps=()):
    return target_save(
        task=task,
        year=2024,
        actor=user,
        targets=targets,
        measures="季度检查",
        indicator_targets={},
        milestones=[MilestoneInput(d, t) for d, t in steps],
        version=version,
    )


def test_the_lead_records_targets_and_the_review_flow_applies(task, actors):
    """The lead department records yearly targets, which go through the review flow."""
    target = record(task, actors.market_staff, steps=[(datetime.date(2024, 6, 30), "完成制度修订")])
    assert [m.description for m in target.milestones.all()] == ["完成制度修订"]
    target = work_move(work=target, actor=actors.market_staff, to=ReportState.SUBMITTED)
    target = work_move(work=target, actor=actors.market_head, to=ReportState.CONFIRMED)
    target = work_move(work=target, actor=actors.supervisor, to=ReportState.RETURNED, comment="目标需量化")
    target = record(task, actors.market_staff, version=target.version, targets="年内完成 12 个街镇执法监督全覆盖")
    target = work_move(work=target, actor=actors.market_staff, to=ReportState.SUBMITTED)
    target = work_move(work=target, actor=actors.market_head, to=ReportState.CONFIRMED)
    target = work_move(work=target, actor=actors.supervisor, to=ReportState.ACCEPTED)
    assert target.state == ReportState.ACCEPTED
    assert [h.state for h in target.history.order_by("history_date", "history_id")][-1] == "accepted"
    with pytest.raises(ReportTransitionError):
        work_move(work=target, actor=actors.leader, to=ReportState.RETURNED, comment="x")


def test_only_the_lead_department_records_targets(task, actors):
    """Only the lead department records yearly targets."""
    with pytest.raises(PermissionDenied):
        record(task, actors.justice_staff)  # supporting, not lead
    with pytest.raises(PermissionDenied):
        record(task, actors.leader)


def test_steps_must_fall_in_the_target_year(task, actors):
    """A target's steps must fall in the target's year."""
    with pytest.raises(ValidationError, match="不在 2024 年内"):
        record(task, actors.market_staff, steps=[(datetime.date(2025, 1, 15), "跨年节点")])
    assert YearlyTarget.objects.count() == 0


def test_a_draft_target_is_invisible_outside_the_department(client, task, actors):
    """A draft target is invisible outside its department."""
    target = record(task, actors.market_staff)
    for outsider in [actors.supervisor, actors.leader, actors.justice_staff]:
        client.force_login(outsider)
        assert client.get(f"/targets/{target.pk}/").status_code == 404
    client.force_login(actors.leader)
    work_move(work=target, actor=actors.market_staff, to=ReportState.SUBMITTED)
    assert client.get(f"/targets/{target.pk}/").status_code == 200
    assert client.post(f"/targets/{target.pk}/move/", {"to": "confirmed"}).status_code == 403


def test_approved_yearly_steps_feed_the_light(task, actors):
    """The steps of an approved yearly target turn the task's light when missed."""
    target = record(task, actors.market_staff, steps=[(datetime.date(2024, 6, 30), "完成制度修订")])
    for who, to in [
        (actors.market_staff, "submitted"),
        (actors.market_head, "confirmed"),
        (actors.supervisor, "accepted"),
    ]:
        target = work_move(work=target, actor=who, to=to)
    # Every report up to 2024 Q1 is in and accepted (the supporting department's yearly parts
    # too: they are owed as well); the Q2 step is due 06-30.
    for period in task.plan.periods.filter(due_date__lt=datetime.date(2024, 6, 20)):
        for department in [actors.market] + ([actors.justice] if period.is_last_of_year else []):
            ProgressReport.objects.create(
                task=task,
                department=department,
                period=period,
                state=ReportState.ACCEPTED,
                narrative="进展",
                submitted_at=datetime.datetime.combine(period.due_date, datetime.time(8), tzinfo=datetime.UTC),
            )
    assert statuses_for([task], today=datetime.date(2024, 6, 20))[task.pk].light == Light.GREEN
    assert statuses_for([task], today=datetime.date(2024, 6, 28))[task.pk].light == Light.YELLOW  # judged 07-10
    status = statuses_for([task], today=datetime.date(2024, 7, 11))[task.pk]
    assert status.light == Light.RED
    assert any("完成制度修订" in reason for reason in status.reasons)


def test_supporting_departments_read_approved_targets_only(client, task, actors):
    """Supporting departments read a task's approved targets only."""
    target = record(task, actors.market_staff)
    client.force_login(actors.justice_staff)  # 区司法局 supports the task
    assert client.get(f"/targets/{target.pk}/").status_code == 404
    for who, to in [(actors.market_staff, "submitted"), (actors.market_head, "confirmed")]:
        target = work_move(work=target, actor=who, to=to)
    assert client.get(f"/targets/{target.pk}/").status_code == 404  # submitted, not yet approved
    work_move(work=target, actor=actors.supervisor, to=ReportState.ACCEPTED)
    assert client.get(f"/targets/{target.pk}/").status_code == 200
    client.force_login(actors.outsider)
    assert client.get(f"/targets/{target.pk}/").status_code == 404
