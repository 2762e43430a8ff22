"""A small plan for the 督办 tests: one task of 区市场监管局 whose deadline (2024-03-15) falls in Q1,
so by the grace rule it is judged when the Q1 report is due (2024-04-10) — as is the Q1 report."""

from __future__ import annotations

import datetime
import importlib

from inspections.models import EscalationRule
from plans.models import Plan
from tasks.models import Assignment, Task
from tasks.progress import generate_periods

DUE = datetime.date(2024, 4, 10)


def ensure_default_rules() -> None:
    """The migration's rule table (a transactional test elsewhere may have flushed it)."""
    if EscalationRule.objects.exists():
        return
    migration = importlib.import_module("inspections.migrations.0003_default_escalation_rules")
    for rung, condition, min_days, max_days, source_rung, note in migration.DEFAULT_RULES:
        EscalationRule.objects.create(
            rung=rung, condition=condition, min_days=min_days, max_days=max_days, source_rung=source_rung, note=note
        )


def make_plan(actors) -> Task:
    ensure_default_rules()
    plan = Plan.objects.create(title="2024年工作要点", start_year=2024, end_year=2024)
    generate_periods(plan)
    task = Task.objects.create(
        plan=plan,
        code="1",
        title="出台复议规则",
        position=1,
        deadline=datetime.date(2024, 3, 15),
        deadline_phrase="3月15日前",
    )
    Assignment.objects.create(task=task, department=actors.market, role="lead")
    return task


def days(start: datetime.date, end: datetime.date):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)
