"""A task nobody leads: red once its date has passed, no 催办, settled by the 任务分解表."""

import datetime

from plans.models import Plan
from plans.policy import SYSTEM, can
from tasks.actions import breakdown_import
from tasks.models import Assignment, Task
from tasks.progress import generate_periods
from tasks.status import Light, statuses_for


def _orphan(deadline=datetime.date(2023, 6, 30)) -> Task:
    plan = Plan.objects.create(title="测试规划", start_year=2023, end_year=2025)
    generate_periods(plan)
    return Task.objects.create(
        plan=plan,
        code="1",
        title="优化营商环境",
        position=1,
        deadline=deadline,
        deadline_phrase="2023年6月底前",
        unresolved_departments=["区营商环境优化办"],
    )


def test_a_task_with_no_lead_whose_deadline_passed_is_red(db):
    """Months after its deadline a task with no lead department is red, because nobody leads it."""
    task = _orphan()
    status = statuses_for([task], today=datetime.date(2023, 12, 1))[task.pk]
    assert status.light == Light.RED
    assert status.reasons[0] == "未指定牵头部门"
    before = statuses_for([task], today=datetime.date(2023, 3, 1))[task.pk]
    assert (before.light, before.reasons) == (Light.YELLOW, ["未指定牵头部门"])


def test_nobody_can_urge_a_task_with_no_lead_and_the_page_says_why(client, actors):
    """A supervisor is offered no 催办 on a task with no lead department, and is told why."""
    task = _orphan()
    assert not can(actors.supervisor, "urge", task)
    client.force_login(actors.supervisor)
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "发出催办" not in page and "未指定牵头部门，无法催办" in page
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    assert "发出催办" in client.get(f"/tasks/{task.pk}/").content.decode()


def test_assigning_a_lead_by_the_breakdown_table_clears_the_unidentified_names(client, actors):
    """Once the 任务分解表 names a lead, the task no longer shows 有未识别部门."""
    task = _orphan()
    client.force_login(actors.supervisor)
    assert "有未识别部门" in client.get(f"/plans/{task.plan_id}/tasks/").content.decode()
    table = "序号,任务内容,牵头单位\n(一),优化营商环境,区市场监管局\n".encode()
    result = breakdown_import(actor=SYSTEM, plan=task.plan, data=table, filename="分解表.csv")
    assert result.ok, result.errors
    task.refresh_from_db()
    assert task.unresolved_departments == []
    assert "有未识别部门" not in client.get(f"/plans/{task.plan_id}/tasks/").content.decode()
