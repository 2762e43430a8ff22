"""The demo looks like a real plan that has run its course: five years of progress, with a past."""

import datetime
import io
from collections import Counter

from django.core.management import call_command

from plans.models import Plan
from tasks.models import Assignment, Evidence, ProgressReport, Task, YearlyTarget
from tasks.status import statuses_for


def test_load_demo_writes_five_years_of_progress_with_history(demo_data):
    """The demo plan has five years of reports, some returned and revised, with lights of every kind."""
    plan = Plan.objects.get()
    assert plan.clauses.count() == 58
    led_clauses = set(
        Assignment.objects.filter(task__plan=plan, role="lead").values_list("task__clause__number", flat=True)
    )
    assert led_clauses == set(range(1, 59))  # every clause has a lead department

    years = set(ProgressReport.objects.filter(task__plan=plan).values_list("period__year", flat=True))
    assert years == {2021, 2022, 2023, 2024, 2025}
    revised = ProgressReport.history.filter(state="returned").values("id").distinct().count()
    assert revised >= 1
    assert all(
        ProgressReport.objects.get(pk=row["id"]).state == "accepted"
        for row in ProgressReport.history.filter(state="returned").values("id").distinct()[:5]
    )  # returned, revised and in the end accepted

    tasks = list(Task.objects.filter(plan=plan))
    lights = Counter(s.light for s in statuses_for(tasks, today=datetime.date(2026, 11, 22)).values())
    assert lights["red"] >= 3
    assert lights["blue"] >= 10

    assert ProgressReport.history.filter(history_date__lt=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)).exists()
    support = set(Assignment.objects.filter(task__plan=plan, role="support").values_list("task_id", "department_id"))
    parts = set(ProgressReport.objects.values_list("task_id", "department_id"))
    assert len(parts & support) >= 10  # supporting departments report their parts
    assert YearlyTarget.objects.filter(state="accepted").count() >= 58
    assert Evidence.objects.count() >= 5


def test_a_second_load_demo_adds_nothing(demo_data):
    """Loading the demo again adds no report, history row or evidence file."""
    counts = (ProgressReport.objects.count(), ProgressReport.history.count(), Evidence.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (ProgressReport.objects.count(), ProgressReport.history.count(), Evidence.objects.count()) == counts
