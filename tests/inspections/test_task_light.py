"""An overdue rectification makes the task it is attached to yellow, with the reason; 销号 turns it back."""

from __future__ import annotations

import datetime

from inspections.models import Finding, FindingState
from plans.models import Plan
from tasks.facts import gather_facts
from tasks.models import Assignment, Task
from tasks.status import Light


def test_an_overdue_finding_turns_its_task_yellow_until_closed(actors, finding):
    """Findings reach the task's light through the fact provider, live and as of a date."""
    plan = Plan.objects.create(title="无报送周期的规划", start_year=2021, end_year=2025)  # no reports are owed
    task = Task.objects.create(plan=plan, code="1", title="任务", position=1)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    Finding.objects.filter(pk=finding.pk).update(task=task)
    before = gather_facts(plan, tasks=[task], today=datetime.date(2024, 9, 1)).status(task.pk)
    assert before.light == Light.GREY
    after = gather_facts(plan, tasks=[task], today=datetime.date(2024, 10, 8)).status(task.pk)
    assert after.light == Light.YELLOW
    assert any("督察问题逾期" in reason for reason in after.reasons)
    Finding.objects.filter(pk=finding.pk).update(state=FindingState.CLOSED, closed_on=datetime.date(2024, 10, 9))
    closed = gather_facts(plan, tasks=[task], today=datetime.date(2024, 10, 10)).status(task.pk)
    assert closed.light == Light.GREY
