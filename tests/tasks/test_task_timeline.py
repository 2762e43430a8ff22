"""The task timeline: read from the event log, newest first, each reader seeing its audience."""

import datetime

import pytest

from plans.models import Plan
from tasks.actions import report_confirm, report_return, report_save, report_submit
from tasks.models import Assignment, Task
from tasks.progress import generate_periods, task_timeline

TZ = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def task(actors):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="推进复议体制改革", position=1)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    return task


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2023, 7, day, 10, tzinfo=TZ)


def verbs(user, task, **kwargs) -> list[str]:
    return [e.verb for e in task_timeline(user, task, **kwargs)]


def test_a_heads_return_stays_inside_the_department(actors, task):
    """The head sends a submission back: the department reads why; the 司法局 and leaders do not."""
    period = task.plan.periods.get(year=2023, index=2)
    report = report_save(
        actor=actors.market_staff, task=task, period=period, data={"narrative": "稿"}, version=None, now=at(1)
    )
    report = report_submit(actor=actors.market_staff, report=report, now=at(2))
    report_return(actor=actors.market_head, report=report, comment="部门内部：数字再核一遍", now=at(3))
    assert verbs(actors.market_staff, task) == ["report.return", "report.submit", "report.draft"]
    for outsider in (actors.supervisor, actors.leader, actors.admin):
        timeline = list(task_timeline(outsider, task))
        assert [e.verb for e in timeline] == ["report.submit"]
        assert all("数字再核一遍" not in e.comment for e in timeline)
    assert verbs(actors.outsider, task) == [] and verbs(actors.justice_staff, task) == []


def test_the_justice_bureaus_return_stays_in_view_while_the_department_revises(actors, task):
    """A supervisor's 退回 (who, when, why) stays in the timeline of the 司法局 and the leaders while the
    report is back with the department; the department's new draft is not shown to them."""
    period = task.plan.periods.get(year=2023, index=2)
    report = report_save(
        actor=actors.market_staff, task=task, period=period, data={"narrative": "稿"}, version=None, now=at(1)
    )
    report = report_submit(actor=actors.market_staff, report=report, now=at(2))
    report = report_confirm(actor=actors.market_head, report=report, now=at(3))
    report_return(actor=actors.supervisor, report=report, comment="请补充佐证材料", now=at(4))
    for reader in (actors.supervisor, actors.leader, actors.market_staff):
        newest = task_timeline(reader, task).first()
        assert (newest.verb, newest.actor, newest.comment, newest.occurred_at) == (
            "report.return",
            actors.supervisor,
            "请补充佐证材料",
            at(4),
        )


def test_the_timeline_as_of_a_day_ignores_what_came_later(actors, task):
    """Read up to a date, the timeline is what was recorded by then, whatever happened after."""
    period = task.plan.periods.get(year=2023, index=2)
    report = report_save(
        actor=actors.market_staff, task=task, period=period, data={"narrative": "稿"}, version=None, now=at(1)
    )
    report_submit(actor=actors.market_staff, report=report, now=at(20))
    assert verbs(actors.market_staff, task, until=at(10)) == ["report.draft"]
    assert verbs(actors.market_staff, task) == ["report.submit", "report.draft"]
