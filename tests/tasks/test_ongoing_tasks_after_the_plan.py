"""After the plan's last year an ongoing (持续推进) task is judged: done, or failed."""

import datetime

import pytest

from plans.models import Plan
from tasks.models import Assignment, ProgressReport, ReportState, Task
from tasks.progress import generate_periods
from tasks.status import Light, statuses_for

AFTER = datetime.date(2026, 3, 2)


@pytest.fixture
def ongoing(actors):
    plan = Plan.objects.create(title="测试规划", start_year=2024, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="持续开展普法宣传", position=1, is_ongoing=True)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    for period in plan.periods.all():
        at = datetime.datetime.combine(period.due_date, datetime.time(9), tzinfo=datetime.UTC)
        ProgressReport.objects.create(
            task=task, department=actors.market, period=period, state=ReportState.ACCEPTED,
            progress_status="ongoing", narrative="持续推进", submitted_at=at, reviewed_at=at,
        )  # fmt: skip
    return task


def test_an_ongoing_task_whose_last_year_was_accepted_is_completed(ongoing):
    """Once the plan is over, an ongoing task with an accepted report for its last year is blue."""
    during = statuses_for([ongoing], today=datetime.date(2025, 11, 1))[ongoing.pk]
    assert during.light == Light.GREEN
    after = statuses_for([ongoing], today=AFTER)[ongoing.pk]
    assert after.light == Light.BLUE and after.completion == 1.0
    assert after.reasons == ["规划期已结束，2025年报告已审核通过"]


def test_an_ongoing_task_without_an_accepted_last_year_is_red(ongoing):
    """Once the plan is over, an ongoing task whose last year has no accepted report is red."""
    ongoing.reports.filter(period__year=2025).update(state=ReportState.CONFIRMED)
    after = statuses_for([ongoing], today=AFTER)[ongoing.pk]
    assert after.light == Light.RED
    assert after.reasons[0] == "规划期已结束，2025年没有审核通过的报告"


def test_the_dashboards_say_the_plan_is_over_and_offer_the_final_figures(client, actors, ongoing, frozen_clock):
    """The supervision page says 规划期已结束 and links the 终期 view as of the last report's due date."""
    client.force_login(actors.supervisor)
    page = client.get("/supervision/").content.decode()
    assert "规划期已结束" in page and "as_of=2026-01-10" in page
    final = client.get(f"/supervision/?plan={ongoing.plan_id}&as_of=2026-01-10").content.decode()
    assert "以下为终期数据" in final
