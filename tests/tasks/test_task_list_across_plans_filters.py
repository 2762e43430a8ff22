"""A supervisor looks for tasks across plans at /tasks/: by default the current plan's, narrowed by
keyword, plan, department and role, status light and 完成时限; an archived plan's tasks only when asked."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from plans.models import Plan
from tasks.models import Assignment, Task
from tasks.progress import generate_periods


def _plan(title, **extra):
    plan = Plan.objects.create(title=title, start_year=2021, end_year=2025, **extra)
    generate_periods(plan)
    return plan


def _task(plan, code, title, *, lead, support=None, deadline=None):
    task = Task.objects.create(plan=plan, code=code, title=title, position=int(code), deadline=deadline)
    Assignment.objects.create(task=task, department=lead, role=Assignment.Role.LEAD)
    if support:
        Assignment.objects.create(task=task, department=support, role=Assignment.Role.SUPPORT)
    return task


@pytest.fixture
def plans(actors):
    current = _plan("现行规划", is_current=True)
    other = _plan("另一规划")
    archived = _plan("旧规划", archived_at=timezone.now())
    _task(
        current,
        "1",
        "推进复议体制改革",
        lead=actors.market,
        support=actors.justice,
        deadline=datetime.date(2024, 5, 31),
    )
    _task(
        current,
        "2",
        "完善行政执法程序",
        lead=actors.justice,
        support=actors.market,
        deadline=datetime.date(2024, 6, 30),
    )
    _task(current, "3", "加强普法宣传", lead=actors.justice, deadline=datetime.date(2025, 12, 31))
    _task(other, "1", "另一规划的任务", lead=actors.market)
    _task(archived, "1", "旧规划的任务", lead=actors.market)
    return current, other, archived


def titles(client, query=""):
    response = client.get(f"/tasks/{query}")
    assert response.status_code == 200
    return [row["title"] for row in response.context["page"].object_list]


@time_machine.travel(datetime.datetime(2024, 5, 15, 10, tzinfo=datetime.UTC), tick=False)
def test_the_supervisor_narrows_the_tasks_of_the_current_plans(client, actors, plans):
    """The current plan's tasks by default; each filter narrows them as the plan's own list would."""
    _current, other, archived = plans
    client.force_login(actors.supervisor)
    assert titles(client) == ["推进复议体制改革", "完善行政执法程序", "加强普法宣传"]
    assert titles(client, "?q=执法") == ["完善行政执法程序"]
    assert titles(client, "?q=3") == ["加强普法宣传"]  # a task's number
    assert titles(client, f"?department={actors.market.pk}") == ["推进复议体制改革", "完善行政执法程序"]
    assert titles(client, f"?department={actors.market.pk}&role=lead") == ["推进复议体制改革"]
    assert titles(client, f"?department={actors.market.pk}&role=support") == ["完善行政执法程序"]
    assert titles(client, "?due=month") == ["推进复议体制改革"]
    assert titles(client, "?due=quarter") == ["推进复议体制改革", "完善行政执法程序"]
    assert titles(client, "?due=year") == ["推进复议体制改革", "完善行政执法程序"]
    assert titles(client, "?due_before=2024-06-30") == ["推进复议体制改革", "完善行政执法程序"]
    assert titles(client, "?due_before=不是日期") == ["推进复议体制改革", "完善行政执法程序", "加强普法宣传"]
    # Another plan, or every plan with the archived ones, when asked.
    assert titles(client, f"?plan={other.pk}") == ["另一规划的任务"]
    assert titles(client, f"?plan={archived.pk}") == ["旧规划的任务"]
    assert titles(client, "?scope=all&q=任务") == ["另一规划的任务", "旧规划的任务"]


@time_machine.travel(datetime.datetime(2024, 7, 15, 10, tzinfo=datetime.UTC), tick=False)
def test_the_status_light_and_a_passed_deadline_filter_the_whole_list(client, actors, plans):
    """The light is each task's own (tasks.status), judged across every page, not only the first."""
    client.force_login(actors.supervisor)
    response = client.get("/tasks/")
    lights = {row["title"]: row["light"] for row in response.context["page"].object_list}
    assert lights["推进复议体制改革"] == "red"  # its 完成时限 passed without completion
    assert titles(client, "?light=red") == [title for title, light in lights.items() if light == "red"]
    assert titles(client, "?due=past") == ["推进复议体制改革", "完善行政执法程序"]
    page = response.content.decode()
    assert "现行规划" in page and "<th>规划</th>" in page
    assert "<th>区</th>" not in page  # one district: no 区 column, no 区 picker
    assert 'name="area"' not in page


def test_the_list_is_reached_from_the_plan_list(client, actors, plans):
    client.force_login(actors.market_staff)
    assert 'href="/tasks/" data-testid="all-tasks"' in client.get("/plans/").content.decode()
