"""A supervisor adjusts a task on its page: lead and supporting departments, deadline and weight.
Each change is an event in the task's timeline; an edit over someone else's is refused; taking off a
department that has reported first shows what becomes of its work."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from plans.locking import StaleError
from plans.models import Event, Plan
from tasks.actions import RemovalNotConfirmed, report_save, report_submit, task_update
from tasks.models import Assignment, ProgressReport, Task
from tasks.progress import generate_periods, task_timeline


@pytest.fixture
def task(actors):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(
        plan=plan, code="1", title="推进复议体制改革", position=1, deadline=datetime.date(2022, 12, 31)
    )
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    return task


def edit_page(client, task, **data):
    form = {
        "lead": [str(pk) for pk in data.get("lead", [])],
        "support": [str(pk) for pk in data.get("support", [])],
        "deadline": data.get("deadline", ""),
        "weight": data.get("weight", "1"),
        "version": str(data.get("version", task.version)),
        "confirm_removal": [str(pk) for pk in data.get("confirm_removal", [])],
    }
    return client.post(f"/tasks/{task.pk}/edit/", form)


def test_the_supervisor_changes_departments_deadline_and_weight_and_the_timeline_says_so(actors, task):
    client = Client()
    client.force_login(actors.supervisor)
    assert "调整责任单位、时限和权重" in client.get(f"/tasks/{task.pk}/").content.decode()
    assert client.get(f"/tasks/{task.pk}/edit/").status_code == 200

    response = edit_page(
        client,
        task,
        lead=[actors.justice.pk],
        support=[actors.market.pk, actors.town.pk],
        deadline="2023-06-30",
        weight="2.5",
    )

    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    task.refresh_from_db()
    assert task.lead_departments == [actors.justice]
    assert {d.name for d in task.supporting_departments} == {"区市场监管局", "罗店镇"}
    assert (task.deadline, task.weight, task.version) == (datetime.date(2023, 6, 30), Decimal("2.5"), 2)
    [event] = Event.objects.filter(verb="task.edit")
    assert event.actor == actors.supervisor and event.ref == f"task:{task.pk}"
    assert event.data["changes"] == [
        {"field": "牵头单位", "before": "区市场监管局", "after": "区司法局"},
        {"field": "配合单位", "before": "—", "after": "区市场监管局、罗店镇"},
        {"field": "完成时限", "before": "2022-12-31", "after": "2023-06-30"},
        {"field": "权重", "before": "1", "after": "2.5"},
    ]
    # Everyone who reads the plan reads who leads what: the departments and the leaders too.
    for reader in (actors.market_staff, actors.leader, actors.supervisor):
        assert [e.verb for e in task_timeline(reader, task)] == ["task.edit"]
    page = client.get(f"/tasks/{task.pk}/?kind=edit").content.decode()
    assert "调整任务" in page and "完成时限：2022-12-31 → 2023-06-30" in page and "权重：1 → 2.5" in page


def test_an_edit_over_someone_elses_is_refused_and_nothing_is_overwritten(actors, task):
    """Two supervisors open the page on version 1; the second save is refused with a message."""
    first, second = Client(), Client()
    first.force_login(actors.supervisor)
    second.force_login(actors.supervisor)
    edit_page(first, task, lead=[actors.market.pk], weight="3", deadline="2022-12-31", version=1)
    response = edit_page(second, task, lead=[actors.market.pk], weight="5", deadline="2030-01-01", version=1)

    assert response.status_code == 200
    assert "该任务已被他人修改" in response.content.decode()
    task.refresh_from_db()
    assert (task.weight, task.deadline, task.version) == (Decimal("3"), datetime.date(2022, 12, 31), 2)
    assert Event.objects.filter(verb="task.edit").count() == 1
    with pytest.raises(StaleError):
        task_update(
            actor=actors.supervisor,
            task=task,
            lead_ids=[],
            support_ids=[],
            deadline=None,
            weight=1,
            version=1,
        )


def test_removing_a_department_that_reported_shows_what_happens_to_its_reports_first(actors, task):
    period = task.plan.periods.get(year=2022, index=1)
    draft_period = task.plan.periods.get(year=2022, index=2)
    report = report_save(
        actor=actors.market_staff, task=task, period=period, data={"narrative": "已推进"}, version=None
    )
    report_submit(actor=actors.market_staff, report=report)
    report_save(actor=actors.market_staff, task=task, period=draft_period, data={"narrative": "草稿"}, version=None)
    client = Client()
    client.force_login(actors.supervisor)

    preview = edit_page(client, task, lead=[actors.justice.pk])

    page = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="removal-preview"' in page
    assert "区市场监管局" in page and "已上报的进展报告 已提交 1 份" in page
    assert "草稿" not in page.split("另有尚未上报")[0].split("removal-preview")[1]  # drafts are not counted
    assert "另有尚未上报的报告或目标（草稿或被退回待改），将保留在部门内，但不能再修改和提交" in page
    task.refresh_from_db()
    assert task.lead_departments == [actors.market] and task.version == 1  # nothing saved yet
    with pytest.raises(RemovalNotConfirmed):
        task_update(
            actor=actors.supervisor,
            task=task,
            lead_ids=[actors.justice.pk],
            support_ids=[],
            deadline=None,
            weight=1,
            version=1,
        )

    confirmed = edit_page(
        client, task, lead=[actors.justice.pk], deadline="2022-12-31", confirm_removal=[actors.market.pk]
    )

    assert confirmed.status_code == 302
    task.refresh_from_db()
    assert task.lead_departments == [actors.justice]
    assert ProgressReport.objects.filter(task=task, department=actors.market).count() == 2  # kept
    event = Event.objects.get(verb="task.edit")
    assert event.data["removed"] == [{"department": "区市场监管局", "reports": {"已提交": 1}, "targets": 0}]


@pytest.mark.parametrize("who", ["market_head", "market_staff", "leader", "outsider"])
def test_only_who_manages_plans_adjusts_a_task(actors, task, who):
    client = Client()
    client.force_login(getattr(actors, who))
    assert client.get(f"/tasks/{task.pk}/edit/").status_code in {403, 404}
    assert edit_page(client, task, lead=[actors.town.pk]).status_code in {403, 404}
    assert "调整责任单位、时限和权重" not in client.get(f"/tasks/{task.pk}/").content.decode()
    task.refresh_from_db()
    assert task.lead_departments == [actors.market]
