"""Status lights pinned case by case with the clock frozen, including precedence and 持续推进."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from plans.models import Milestone, Plan
from tasks.models import Assignment, ProgressReport, ProgressStatus, ReportState, Task
from tasks.progress import generate_periods
from tasks.status import Light, statuses_for

LEAD = 1


@pytest.fixture
def plan(db):
    plan = Plan.objects.create(title="测试规划", start_year=2023, end_year=2024)
    generate_periods(plan)
    return plan


@pytest.fixture
def task(plan, actors):
    task = Task.objects.create(plan=plan, code="1", title="完成行政复议体制改革", position=1)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    return task


def report(
    task,
    actors,
    year,
    index,
    *,
    state=ReportState.ACCEPTED,
    status=ProgressStatus.IN_PROGRESS,
    percent=None,
    late_days=0,
    by_reviewer=False,
):
    period = task.plan.periods.get(year=year, index=index)
    submitted = datetime.datetime.combine(period.due_date, datetime.time(9), tzinfo=datetime.UTC) + datetime.timedelta(
        days=late_days
    )
    return ProgressReport.objects.create(
        task=task,
        department=actors.market,
        period=period,
        state=state,
        progress_status=status,
        percent_complete=percent,
        narrative="进展",
        submitted_at=submitted,
        reviewed_at=submitted if state in (ReportState.ACCEPTED, ReportState.RETURNED) else None,
        returned_by_reviewer=by_reviewer,
    )


def light(task, on):
    with time_machine.travel(datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC), tick=False):
        today = timezone.localdate()
        return statuses_for([Task.objects.get(pk=task.pk)], today=today)[task.pk]


def test_grey_before_anything_is_due(task):
    """A task is grey before anything is due."""
    status = light(task, datetime.date(2023, 2, 1))
    assert status.light == Light.GREY


def test_green_when_every_due_report_is_in(task, actors):
    """A task is green when every due report is in."""
    report(task, actors, 2023, 1)
    assert light(task, datetime.date(2023, 5, 1)).light == Light.GREEN


def test_yellow_when_a_report_is_due_within_14_days(task, actors):
    """A task is yellow when a report is due within 14 days."""
    report(task, actors, 2023, 1)
    # Q2 ends 06-30 and is due 07-10: on 07-01 it is due in 9 days and not in.
    assert light(task, datetime.date(2023, 7, 1)).light == Light.YELLOW


def test_red_when_a_report_is_overdue(task, actors):
    """A task is red when a report is overdue."""
    report(task, actors, 2023, 1)
    status = light(task, datetime.date(2023, 7, 11))
    assert status.light == Light.RED
    assert status.overdue_reports == 1


def test_a_late_report_is_no_longer_overdue(task, actors):
    """A report handed in late no longer counts as overdue."""
    report(task, actors, 2023, 1, late_days=20)
    assert light(task, datetime.date(2023, 5, 1)).light == Light.GREEN


def test_yellow_when_the_latest_report_was_returned_by_a_supervisor(task, actors):
    """A task is yellow when a supervisor returned its latest report, but not for a head's internal return."""
    report(task, actors, 2023, 1)
    returned = report(task, actors, 2023, 2, state=ReportState.RETURNED, by_reviewer=True, late_days=-20)
    status = light(task, datetime.date(2023, 6, 1))  # Q2 is due 07-10: only the return is pending
    assert status.light == Light.YELLOW
    assert status.reasons == ["最近一期报告被督察员退回"]
    returned.returned_by_reviewer = False  # a head's return stays inside the department
    returned.save()
    assert light(task, datetime.date(2023, 6, 1)).light == Light.GREEN


def test_a_returned_report_not_handed_in_again_is_overdue(task, actors):
    """A returned report not handed in again by its due date is overdue."""
    report(task, actors, 2023, 1, state=ReportState.RETURNED, by_reviewer=True)
    status = light(task, datetime.date(2023, 5, 1))
    assert status.light == Light.RED and status.overdue_reports == 1


def test_a_task_without_a_lead_department_asks_for_one(plan):
    """A task without a lead department is yellow and asks for one."""
    orphan = Task.objects.create(plan=plan, code="2", title="无人牵头", position=2)
    status = light(orphan, datetime.date(2023, 2, 1))
    assert (status.light, status.reasons) == (Light.YELLOW, ["未指定牵头部门"])


def test_milestones_from_the_plan_text_count(task, actors, plan):
    """A deadline from the plan text turns the task yellow, then red, when its report is due."""
    task.clause = plan.clauses.create(number=9, label="(九)", heading="完成行政复议体制改革", position=1)
    task.save()
    Milestone.objects.create(
        plan=plan, clause=task.clause, due_date=datetime.date(2023, 5, 10), phrase="2023年5月10日前"
    )
    report(task, actors, 2023, 1)
    report(task, actors, 2023, 2, late_days=-15)  # Q2 handed in, still in progress
    # Judged when the Q2 report covering 05-10 is due (07-10): green before, yellow within 14 days.
    assert light(task, datetime.date(2023, 5, 11)).light == Light.GREEN
    assert light(task, datetime.date(2023, 6, 30)).light == Light.YELLOW
    status = light(task, datetime.date(2023, 7, 11))
    assert status.light == Light.RED
    assert "2023年5月10日前" in status.reasons[0]


def test_the_tasks_own_deadline_counts(task, actors):
    """A task's own deadline turns it yellow, then red, when not completed."""
    task.deadline = datetime.date(2023, 3, 31)
    task.save()
    report(task, actors, 2023, 1, late_days=-5)  # Q1 reported, but not as completed
    assert light(task, datetime.date(2023, 4, 5)).light == Light.YELLOW  # judged with the Q1 report, 04-10
    assert light(task, datetime.date(2023, 4, 11)).light == Light.RED


def test_blue_when_an_accepted_report_says_completed_and_it_beats_red(task, actors):
    """A task whose accepted report says completed is blue, even with later reports missing."""
    report(task, actors, 2023, 1, status=ProgressStatus.COMPLETED)
    # Later reports are missing (which alone would be red), but completed work is done.
    status = light(task, datetime.date(2024, 12, 1))
    assert status.light == Light.BLUE
    assert status.completion == 1.0


def test_red_beats_yellow(task, actors):
    """A task both returned by a supervisor and overdue shows red, not yellow."""
    report(task, actors, 2023, 1)
    report(task, actors, 2023, 2, state=ReportState.RETURNED, by_reviewer=True, late_days=-20)
    alone = light(task, datetime.date(2023, 6, 1))  # Q2 is due 07-10: only the return is pending
    assert (alone.light, alone.reasons) == (Light.YELLOW, ["最近一期报告被督察员退回"])
    both = light(task, datetime.date(2023, 7, 11))  # still returned, and now Q2 is overdue too
    assert both.light == Light.RED
    assert both.reasons == ["1 期进展报告逾期未报"]


def test_completion_is_the_latest_accepted_percent(task, actors):
    """A task's completion is the latest accepted percentage."""
    report(task, actors, 2023, 1, percent=30)
    report(task, actors, 2023, 2, percent=60)
    assert light(task, datetime.date(2023, 8, 1)).completion == pytest.approx(0.6)


def test_an_ongoing_task_is_never_blue_and_green_while_checkpoints_are_met(task, actors):
    """An ongoing (持续推进) task is never blue and stays green while its checkpoints are met."""
    task.is_ongoing = True
    task.save()
    for index in range(1, 5):
        report(task, actors, 2023, index, status=ProgressStatus.COMPLETED)
    status = light(task, datetime.date(2024, 2, 1))
    assert status.light == Light.GREEN
    assert status.completion == pytest.approx(0.5)  # 2023 of 2023–2024 reported
