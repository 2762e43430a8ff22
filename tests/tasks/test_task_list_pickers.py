"""The task list's 章 and 部门 pickers are read once for all the plan's readers, and a change to a
chapter, a department or the plan's assignments shows on the next page."""

import pytest

from plans.models import Chapter, Department, Plan
from reports.todo import todo_count
from tasks.models import Assignment, Task
from tests.conftest import count_queries


@pytest.fixture
def plan(actors):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    Chapter.objects.create(plan=plan, number=1, label="第一章", heading="总体要求", line=1)
    for n in range(1, 4):
        task = Task.objects.create(plan=plan, code=str(n), title=f"任务{n}", position=n)
        Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    return plan


def options(client, plan, name: str) -> str:
    html = client.get(f"/plans/{plan.pk}/tasks/").content.decode()
    start = html.index(f'name="{name}"')
    return html[start : html.index("</select>", start)]


def test_the_second_reader_of_a_plan_does_not_read_the_pickers_again(client, actors, plan):
    """Once a reader has opened the plan's task list, another reader's page costs two queries less."""
    for user in (actors.supervisor, actors.market_staff):
        todo_count(user)  # the header's count, cached between events (tests/reports/test_todo_centre.py)
    client.force_login(actors.supervisor)
    first = count_queries(lambda: client.get(f"/plans/{plan.pk}/tasks/"))
    client.force_login(actors.market_staff)
    later = count_queries(lambda: client.get(f"/plans/{plan.pk}/tasks/"))
    client.force_login(actors.supervisor)
    again = count_queries(lambda: client.get(f"/plans/{plan.pk}/tasks/"))
    assert later == again == first - 2


def test_a_renamed_department_and_a_new_chapter_show_in_the_pickers_at_once(client, actors, plan):
    client.force_login(actors.supervisor)
    assert "区市场监管局" in options(client, plan, "department")
    assert "区司法局" not in options(client, plan, "department")

    actors.market.name = "区市场监督管理局"
    actors.market.save()
    Chapter.objects.create(plan=plan, number=2, label="第二章", heading="主要任务", line=2)
    task = Task.objects.create(plan=plan, code="4", title="任务4", position=4)
    Assignment.objects.create(task=task, department=actors.justice, role=Assignment.Role.SUPPORT)

    departments = options(client, plan, "department")
    assert "区市场监督管理局" in departments and "区司法局" in departments
    assert "第二章主要任务" in options(client, plan, "chapter")


def test_a_retired_department_leaves_the_picker(client, actors, plan):
    client.force_login(actors.supervisor)
    assert "区市场监管局" in options(client, plan, "department")
    market = Department.objects.get(pk=actors.market.pk)
    market.is_active = False
    market.save()
    assert "区市场监管局" not in options(client, plan, "department")
