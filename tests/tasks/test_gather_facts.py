"""gather_facts: the plan's facts live or as recorded by the end of a day, one definition of who
owes a report, providers from higher apps, and a cache that forgets on every change."""

import datetime

import pytest
import time_machine

from plans.models import Plan
from tasks.actions import report_save, work_move
from tasks.facts import gather_facts, register_fact_provider, unregister_fact_provider
from tasks.models import Assignment, ProgressStatus, ReportState, Task
from tasks.progress import generate_periods
from tasks.status import Light, owed_reports

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def on(year, month, day, hour=10):
    """Record what follows at this Beijing time."""
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=BEIJING), tick=False)


@pytest.fixture
def plan(actors):
    with on(2023, 1, 2):
        plan = Plan.objects.create(title="测试规划", start_year=2023, end_year=2024)
        generate_periods(plan)
        task = Task.objects.create(plan=plan, code="1", title="完成行政复议体制改革", position=1)
        Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    plan.task = task
    return plan


def hand_in(plan, actors, year, index, *, when, status=ProgressStatus.IN_PROGRESS):
    """The market bureau writes, submits and confirms its report for the period on ``when``."""
    period = plan.periods.get(year=year, index=index)
    with on(*when):
        report = report_save(
            task=plan.task,
            period=period,
            actor=actors.market_staff,
            data={"narrative": "按计划推进", "progress_status": status, "percent_complete": 50},
            version=None,
        )
        report = work_move(work=report, actor=actors.market_staff, to=ReportState.SUBMITTED)
        return work_move(work=report, actor=actors.market_head, to=ReportState.CONFIRMED)


def test_as_of_today_is_the_live_facts(plan, actors):
    """Read from the history up to tonight, the facts are today's rows."""
    for index, day in [(1, (2023, 4, 5)), (2, (2023, 7, 5)), (3, (2023, 10, 5))]:
        report = hand_in(plan, actors, 2023, index, when=day)
    with on(2023, 10, 9):
        work_move(work=report, actor=actors.supervisor, to=ReportState.ACCEPTED)
    with on(2023, 11, 1):
        live = gather_facts(plan)
        as_of = gather_facts(plan, as_of=datetime.date(2023, 11, 1))
    assert live.facts and as_of == live
    assert as_of.statuses() == live.statuses()


def test_a_report_accepted_in_2024_reads_as_confirmed_at_the_end_of_2023(plan, actors):
    for index, day in [(1, (2023, 4, 5)), (2, (2023, 7, 5)), (3, (2023, 10, 5))]:
        hand_in(plan, actors, 2023, index, when=day)
    q4 = hand_in(plan, actors, 2023, 4, when=(2024, 1, 5), status=ProgressStatus.COMPLETED)
    with on(2024, 1, 8):
        work_move(work=q4, actor=actors.supervisor, to=ReportState.ACCEPTED)

    end_of_2023 = gather_facts(plan, as_of=datetime.date(2023, 12, 31))
    assert end_of_2023.today == datetime.date(2023, 12, 31)
    assert {r.period_id: r.state for r in end_of_2023.facts[plan.task.pk].reports} == {
        plan.periods.get(year=2023, index=i).pk: ReportState.CONFIRMED for i in (1, 2, 3)
    }  # Q4 was not handed in yet
    assert end_of_2023.status(plan.task.pk).light == Light.YELLOW  # Q4 due 2024-01-10: within 14 days

    with on(2024, 2, 1):
        assert gather_facts(plan).status(plan.task.pk).light == Light.BLUE
    # Accepted on 2024-01-08 at 10:00 Beijing time: not yet known at the end of 01-07.
    assert gather_facts(plan, as_of=datetime.date(2024, 1, 7)).status(plan.task.pk).light != Light.BLUE
    assert gather_facts(plan, as_of=datetime.date(2024, 1, 8)).status(plan.task.pk).light == Light.BLUE


def test_a_deleted_assignment_is_gone_only_after_its_day(plan, actors):
    with on(2023, 3, 1):
        support = Assignment.objects.create(task=plan.task, department=actors.town, role=Assignment.Role.SUPPORT)
    with on(2024, 3, 1):
        support.delete()
    facts = gather_facts(plan, as_of=datetime.date(2023, 12, 31)).facts[plan.task.pk]
    assert facts.supporting_department_ids == [actors.town.pk]
    assert gather_facts(plan, as_of=datetime.date(2024, 3, 1)).facts[plan.task.pk].supporting_department_ids == []


def test_one_definition_of_who_owes_a_report(plan, actors):
    """Leads every period, supporting departments the year's last one, nobody after the period in
    which the task was reported done."""
    Assignment.objects.create(task=plan.task, department=actors.town, role=Assignment.Role.SUPPORT)
    facts = gather_facts(plan).facts[plan.task.pk]
    owed = owed_reports(facts)
    assert sum(1 for d, _ in owed if d == actors.market.pk) == 8
    assert [p.label for d, p in owed if d == actors.town.pk] == ["2023年第四季度", "2024年第四季度"]

    done = hand_in(plan, actors, 2023, 2, when=(2023, 7, 5), status=ProgressStatus.COMPLETED)
    with on(2023, 7, 8):
        work_move(work=done, actor=actors.supervisor, to=ReportState.ACCEPTED)
    facts = gather_facts(plan).facts[plan.task.pk]
    assert [p.label for _, p in owed_reports(facts)] == ["2023年第一季度", "2023年第二季度"]


def test_periods_through_keeps_later_knowledge_of_earlier_periods(plan, actors):
    hand_in(plan, actors, 2023, 4, when=(2024, 1, 5))
    facts = gather_facts(plan, periods_through=datetime.date(2023, 12, 31))
    assert [p.year for p in facts.periods] == [2023] * 4
    assert len(facts.facts[plan.task.pk].reports) == 1  # recorded in 2024, about 2023


def test_higher_apps_add_facts_through_a_provider(plan, actors):
    seen = []

    def findings(facts):
        seen.append((facts.plan_id, facts.as_of))
        return {task_id: 2 for task_id in facts.task_ids}

    register_fact_provider("findings", findings)
    try:
        facts = gather_facts(plan, as_of=datetime.date(2023, 6, 30))
    finally:
        unregister_fact_provider("findings")
    assert facts.extra["findings"] == {plan.task.pk: 2}
    assert seen == [(plan.pk, datetime.date(2023, 6, 30))]
    assert "findings" not in gather_facts(plan, tasks=[plan.task]).extra


def test_cached_figures_are_forgotten_when_the_plan_changes(plan, actors, django_assert_num_queries):
    with on(2023, 6, 1):
        first = gather_facts(plan)
        with django_assert_num_queries(0):
            assert gather_facts(plan) is first
        hand_in(plan, actors, 2023, 1, when=(2023, 6, 1))
        again = gather_facts(plan)
    assert again is not first and len(again.facts[plan.task.pk].reports) == 1
    with on(2023, 6, 2):
        assert gather_facts(plan) is not again  # lights change at midnight without an event
