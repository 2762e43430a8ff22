"""The list across plans costs the same number of queries for one plan of 5 tasks as for three plans
of 120 tasks on a page spanning all three (#24): statuses of several plans are gathered together,
not plan by plan; and so does its export."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan
from reports.todo import todo_count
from tasks.models import Assignment, Task
from tasks.progress import generate_periods

PAGES = ("/tasks/?scope=all", "/tasks/?scope=all&light=grey&q=任务", "/tasks/export.xlsx?scope=all")


def add_plan(actors, title, count):
    plan = Plan.objects.create(title=title, start_year=2021, end_year=2025)
    generate_periods(plan)
    tasks = Task.objects.bulk_create(
        Task(plan=plan, code=str(n), title=f"任务{n}", position=n) for n in range(1, count + 1)
    )
    Assignment.objects.bulk_create(
        [Assignment(task=t, department=actors.market, role=Assignment.Role.LEAD) for t in tasks]
        + [Assignment(task=t, department=actors.justice, role=Assignment.Role.SUPPORT) for t in tasks]
    )
    return plan


def queries(client) -> list[int]:
    counts = []
    for url in PAGES:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            assert response.status_code == 200
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        counts.append(len(captured))
    return counts


def test_the_list_across_plans_keeps_a_fixed_number_of_queries(client, actors):
    client.force_login(actors.supervisor)
    todo_count(actors.supervisor)  # the header's 待办 count is cached between events
    add_plan(actors, "第一个规划", 5)
    small = queries(client)
    add_plan(actors, "第二个规划", 40)
    add_plan(actors, "第三个规划", 75)
    response = client.get("/tasks/?scope=all")
    assert {row["plan"] for row in response.context["page"].object_list} == {"第一个规划", "第二个规划", "第三个规划"}
    assert response.context["page"].paginator.count == 120
    large = queries(client)
    assert large == small
    assert max(small) <= 15, small
