"""A dashboard costs the same number of queries whatever the plan's size or past: one per kind of
fact when its figures are not cached, none for them when they are."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_create_with_history

from plans.models import Chapter, Clause, Department, Plan
from tasks.models import Assignment, ProgressReport, ProgressStatus, ReportState, Task
from tasks.progress import generate_periods

# Session, user, the membership with the roles (one query); the plan and the plan selector; clauses, chapters,
# departments, the recent acceptances (and on the supervisors' page the 督察待办: self-reports to
# read, close requests to verify, 督办单 replies to review), the 挂牌督办 list — and, when not cached, the facts: periods, tasks, assignments,
# reports, yearly steps, milestones, supervisors' returns and the findings inspections adds.
# The supervisors' page carries the to-do centre (reports.todo): the active plans, the reports and
# targets awaiting review, the 延期申请 to decide, the 督察待办 — and its reports to write (the
# 司法局's own) read every active plan's live facts: cached, or 8 queries per plan when cold; the
# annual reports due (reports.annual) add three on both pages, whatever the number of plans. Warm,
# the to-do is cached until the next event (reports.todo.todo_sections) and the figures under the
# plan's versions (reports.dashboards.build_dashboard): session, user, actor, the plan and its
# selector, the newest acceptances named for the reader, the 挂牌督办 list.
BEIJING = datetime.timezone(datetime.timedelta(hours=8))
WARM = {"/supervision/": 7, "/overview/": 7}
COLD = {"/supervision/": 29, "/overview/": 20}
# Cold, the supervisors' to-do reads the live facts of both plans (the 500 tasks' too) besides
# the dashboard's own (as of a date: not the live ones).
COLD["/supervision/"] = {"": 37, "2023-12-31": 45}


@pytest.fixture
def demo_plan(demo_data):
    return Plan.objects.get(source_name__startswith="baoshan")


@pytest.fixture
def plan_of_500(demo_plan):
    """500 tasks, imported at the plan's start (with their history), each reported in 2021 Q1."""
    imported = datetime.datetime(2021, 1, 4, 9, tzinfo=BEIJING)
    market = Department.objects.get(name="区市场监管局")
    plan = Plan.objects.create(title="五百项任务的规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    chapters = [Chapter.objects.create(plan=plan, number=n, label=f"{n}、", heading=f"第{n}章") for n in (1, 2)]
    clauses = Clause.objects.bulk_create(
        Clause(plan=plan, chapter=chapters[n % 2], number=n, label=f"({n})", heading=f"条{n}", position=n)
        for n in range(1, 501)
    )
    tasks = bulk_create_with_history(
        [Task(plan=plan, clause=c, code=str(c.number), title=f"任务{c.number}", position=c.number) for c in clauses],
        Task,
        default_date=imported,
    )
    tasks = list(Task.objects.filter(plan=plan))
    bulk_create_with_history(
        [Assignment(task=t, department=market, role="lead") for t in tasks], Assignment, default_date=imported
    )
    period = plan.periods.get(year=2021, index=1)
    reviewed = datetime.datetime(2021, 4, 12, 16, tzinfo=BEIJING)
    bulk_create_with_history(
        [
            ProgressReport(
                task=t,
                department=market,
                period=period,
                state=ReportState.ACCEPTED,
                progress_status=ProgressStatus.IN_PROGRESS,
                narrative="进展",
                submitted_at=reviewed,
                first_submitted_at=reviewed,
                reviewed_at=reviewed,
            )
            for t in tasks
        ],
        ProgressReport,
        default_date=reviewed,
    )
    return plan


def count_queries(client, url, params, *, cold: bool) -> int:
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", ["/supervision/", "/overview/"])
def test_the_demo_plan_and_a_500_task_plan_cost_the_same_queries(client, demo_plan, plan_of_500, url):
    client.force_login(get_user_model().objects.get(username="supervisor" if url == "/supervision/" else "leader"))
    counts = {}
    for name, plan in [("demo", demo_plan), ("500", plan_of_500)]:
        client.get(url, {"plan": plan.pk})  # the session remembers the choice once, not on every view
        for as_of in ["", "2023-12-31"]:
            params = {"plan": plan.pk, "as_of": as_of}
            counts[name, as_of, "cold"] = count_queries(client, url, params, cold=True)
            counts[name, as_of, "warm"] = count_queries(client, url, params, cold=False)
    cold = {k: COLD[url][k[1]] if isinstance(COLD[url], dict) else COLD[url] for k in counts if k[2] == "cold"}
    assert {k: v for k, v in counts.items() if k[2] == "cold"} == cold
    assert {k: v for k, v in counts.items() if k[2] == "warm"} == {k: WARM[url] for k in counts if k[2] == "warm"}
