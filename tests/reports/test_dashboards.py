"""Dashboards and the task ledger: the numbers behind them, fixed query counts, filtered exports."""

import io

import openpyxl
import pytest
from django.utils import timezone

from plans.models import Chapter, Clause, Plan
from tasks.models import Assignment, ProgressReport, ProgressStatus, ReportState, Task
from tasks.progress import generate_periods


@pytest.fixture(autouse=True)
def _after_the_plan(frozen_clock):
    """Every story here happens on 2026-03-02, after the 2021–2025 plans below have ended."""


@pytest.fixture
def big_plan(actors):
    def make(count: int) -> Plan:
        plan = Plan.objects.create(title=f"测试规划{count}", start_year=2021, end_year=2025)
        generate_periods(plan)
        chapters = [Chapter.objects.create(plan=plan, number=n, label=f"{n}、", heading=f"第{n}章") for n in (1, 2)]
        clauses = Clause.objects.bulk_create(
            Clause(plan=plan, chapter=chapters[n % 2], number=n, label=f"({n})", heading=f"条{n}", position=n)
            for n in range(1, count + 1)
        )
        tasks = Task.objects.bulk_create(
            Task(plan=plan, clause=c, code=str(c.number), title=f"任务{c.number}", position=c.number) for c in clauses
        )
        Assignment.objects.bulk_create(
            [
                Assignment(task=t, department=actors.market if t.position % 2 else actors.justice, role="lead")
                for t in tasks
            ]
            + [Assignment(task=t, department=actors.town, role="support") for t in tasks]
        )
        period = plan.periods.get(year=2021, index=1)
        ProgressReport.objects.bulk_create(
            ProgressReport(
                task=t,
                department=actors.market,
                period=period,
                state=ReportState.ACCEPTED,
                narrative=f"进展{t.code}",
                progress_status=ProgressStatus.COMPLETED,
                submitted_at=timezone.now(),
                reviewed_at=timezone.now(),
            )
            for t in tasks[:3]
            if t.position % 2
        )
        return plan

    return make


@pytest.mark.parametrize("count", [5, 500])
def test_dashboards_keep_a_fixed_number_of_queries(client, actors, big_plan, django_assert_max_num_queries, count):
    """The supervisor, leader and department dashboards cost the same number of queries for 5 or 500 tasks."""
    plan = big_plan(count)
    for who, url in [("supervisor", "/supervision/"), ("leader", "/overview/"), ("market_staff", "/my/")]:
        client.force_login(getattr(actors, who))
        # 督察待办 (督办单 included), the findings provider, and the to-do centre (reports.todo): the
        # active plans, the work awaiting the user, returned work, 延期申请 to decide, annual reports due.
        with django_assert_max_num_queries(33):
            response = client.get(url, {"plan": plan.pk})
        assert response.status_code == 200
        assert response.context["dash"].plan == plan


def test_the_supervisor_dashboard_shows_chapters_lights_and_ranking(client, actors, big_plan):
    """The supervisor dashboard shows completion by chapter, the lights and the department ranking."""
    plan = big_plan(6)
    client.force_login(actors.supervisor)
    dash = client.get("/supervision/", {"plan": plan.pk}).context["dash"]
    assert [row.chapter.number for row in dash.chapters] == [1, 2]
    assert sum(count for _, _, count in dash.lights) == 6
    assert {row.department.name for row in dash.departments} == {"区市场监管局", "区司法局", "罗店镇"}
    # Tasks 1 and 3 have accepted reports saying 已完成: blue. Today (2026-03-02) is after the plan, so
    # every other task, with reports never submitted, is red.
    assert (dash.lights.counts["blue"], dash.lights.counts["red"]) == (2, 4)
    assert [row.percent for row in dash.chapters] == [0, 67]  # chapter 2 holds tasks 1, 3 and 5


def test_the_department_dashboard_shows_only_its_tasks(client, actors, big_plan):
    """A department's dashboard shows only the tasks it works on."""
    plan = big_plan(6)
    client.force_login(actors.market_staff)
    dash = client.get("/my/", {"plan": plan.pk}).context["dash"]
    assert len(dash.tasks) == 3
    assert [r.department.name for r in dash.departments] == ["区市场监管局"]


def test_the_ledger_holds_the_filtered_rows_only(client, actors, big_plan):
    """The Excel ledger holds only the rows the filters select, with their lights and latest progress."""
    plan = big_plan(6)
    client.force_login(actors.supervisor)
    response = client.get(f"/plans/{plan.pk}/tasks/ledger.xlsx", {"department": actors.market.pk, "role": "lead"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    # What the sheet is, how its rows were chosen and when, above the table; an autofilter on it.
    assert rows[0][0] == f"{plan.title}任务台账"
    assert rows[1][0] == "筛选条件：部门：区市场监管局；分工：牵头"
    assert rows[2][0].startswith("导出时间：") and rows[2][0].endswith("（北京时间）")
    assert sheet.auto_filter.ref == "A4:J7" and sheet.freeze_panes == "A5"
    rows = rows[3:]
    assert rows[0] == (
        "序号",
        "任务内容",
        "所属章节",
        "牵头单位",
        "配合单位",
        "完成时限",
        "状态",
        "状态说明",
        "最新审核通过进展",
        "完成度",
    )
    assert [r[1] for r in rows[1:]] == ["任务1", "任务3", "任务5"]
    assert all(r[3] == "区市场监管局" for r in rows[1:])
    blue = client.get(f"/plans/{plan.pk}/tasks/ledger.xlsx", {"light": "blue"})
    blue_rows = list(openpyxl.load_workbook(io.BytesIO(blue.getvalue())).active.iter_rows(min_row=4, values_only=True))
    assert [(r[1], r[6], r[8], r[9]) for r in blue_rows[1:]] == [
        ("任务1", "已完成", "进展1", "100%"),
        ("任务3", "已完成", "进展3", "100%"),
    ]
