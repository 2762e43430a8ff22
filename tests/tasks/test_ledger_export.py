"""The 任务台账 (Excel) of a plan is written in a fixed number of queries whatever the plan's size:
its tasks' values in one query, their departments in another, their statuses from the plan's
figures, the newest accepted progress as a subquery; and what it holds is read back."""

import io

import openpyxl
from django.contrib.auth import get_user_model
from django.test import Client

from plans.models import Plan
from reports.todo import todo_count
from tasks.models import Task
from tasks.status import Light
from tests.conftest import count_queries


def _ledger(client, plan, **query) -> list[tuple]:
    response = client.get(f"/plans/{plan.pk}/tasks/ledger.xlsx", query)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    return list(sheet.iter_rows(min_row=5, values_only=True))


def test_the_ledger_costs_the_same_queries_for_58_tasks_500_tasks_and_a_light_filter(plan_of_500_tasks):
    """The ledger of the demo plan, of a plan of 500 tasks and of those 500 filtered by light cost
    the same number of queries, and the 500 rows carry their departments, lights and progress."""
    supervisor = get_user_model().objects.get(username="supervisor")
    demo_plan = Plan.objects.exclude(pk=plan_of_500_tasks.pk).get()
    client = Client()
    client.force_login(supervisor)
    todo_count(supervisor)  # the header's 待办 count is cached between events (pinned elsewhere)
    rows = {}

    def export(name, plan, **query):
        rows[name] = _ledger(client, plan, **query)

    counts = {
        "demo": count_queries(lambda: export("demo", demo_plan)),
        "500": count_queries(lambda: export("500", plan_of_500_tasks)),
    }
    label = rows["500"][-1][6]
    light = next(key for key, text in Light.LABELS.items() if text == label)
    counts["500 of one light"] = count_queries(lambda: export("500 of one light", plan_of_500_tasks, light=light))
    assert len(set(counts.values())) == 1, counts
    assert len(rows["demo"]) == Task.objects.filter(plan=demo_plan).count()
    assert len(rows["500"]) == 500
    first, last = rows["500"][0], rows["500"][-1]
    assert first[:5] == ("(一)", "任务1", "2、第2章", "区市场监管局", "区司法局")
    assert first[8] == "按计划推进" and last[8] is None  # only the first 100 tasks were reported
    one_light = rows["500 of one light"]
    assert {r[6] for r in one_light} == {label}
    assert len(one_light) == sum(1 for r in rows["500"] if r[6] == label)
