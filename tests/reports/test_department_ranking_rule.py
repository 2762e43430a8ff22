"""The department ranking weighs how much a department owes, says its rule, and sets apart those owing nothing."""

import datetime

import time_machine

from plans.models import Department, Plan
from reports.dashboards import build_dashboard
from tasks.models import Assignment, ProgressReport, ReportState, Task
from tasks.progress import generate_periods

TODAY = datetime.date(2024, 11, 1)  # Q1–Q3 of 2024 are due; Q4 (the supporting departments' report) is not


def _reports(task, department, periods, *, late: int = 0):
    for n, period in enumerate(periods):
        day = period.due_date + datetime.timedelta(days=5 if n < late else -1)
        at = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
        ProgressReport.objects.create(
            task=task, department=department, period=period, state=ReportState.ACCEPTED, narrative="推进",
            submitted_at=at, first_submitted_at=at, reviewed_at=at,
        )  # fmt: skip


def test_a_department_owing_much_outranks_one_owing_a_single_perfect_task(client, actors):
    """区司法局, leading five tasks with one late report, ranks above a department with one task always on time."""
    plan = Plan.objects.create(title="测试规划", start_year=2024, end_year=2024)
    due = list(generate_periods(plan))[:3]
    small = Task.objects.create(plan=plan, code="1", title="小任务", position=1)
    Assignment.objects.create(task=small, department=actors.market, role=Assignment.Role.LEAD)
    Assignment.objects.create(task=small, department=actors.town, role=Assignment.Role.SUPPORT)
    _reports(small, actors.market, due)
    for n in range(2, 7):
        task = Task.objects.create(plan=plan, code=str(n), title=f"任务{n}", position=n)
        Assignment.objects.create(task=task, department=actors.justice, role=Assignment.Role.LEAD)
        _reports(task, actors.justice, due, late=1 if n == 2 else 0)

    rows = build_dashboard(plan, actors.supervisor, today=TODAY).departments
    assert [r.department.name for r in rows if r.owes_reports] == ["区司法局", "区市场监管局"]
    assert rows[0].on_time_percent < rows[1].on_time_percent  # the rate alone would order them the other way
    assert [r.department for r in rows if not r.owes_reports] == [Department.objects.get(name="罗店镇")]

    client.force_login(actors.supervisor)
    with time_machine.travel(datetime.datetime(2024, 11, 1, 10, tzinfo=datetime.UTC), tick=False):
        page = client.get(f"/supervision/?plan={plan.pk}").content.decode()
    assert "排名规则：综合得分" in page
    apart = page.split('data-testid="owing-nothing"')[1].split("</p>")[0]
    assert "罗店镇" in apart
    ranking = page.split('data-testid="department-ranking"')[1].split("</table>")[0]
    assert "罗店镇" not in ranking
