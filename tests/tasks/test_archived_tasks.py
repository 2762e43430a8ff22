"""An archived task (its clause left the plan in a revision) is history: kept with its record, but
left out of the task lists, the facts behind the lights and dashboards, the reminders and the 督办 run."""

import datetime

from django.test import Client
from django.utils import timezone

from inspections.escalation import open_matters
from plans.models import Plan
from tasks.facts import gather_facts
from tasks.models import Assignment, Task
from tasks.progress import generate_periods
from tasks.reminders import send_reminders


def test_an_archived_task_leaves_lists_facts_reminders_and_escalation(actors, django_capture_on_commit_callbacks):
    plan = Plan.objects.create(title="测试规划", start_year=2024, end_year=2025)
    generate_periods(plan)
    kept, gone = (
        Task.objects.create(plan=plan, code=str(n), title=title, position=n, deadline=datetime.date(2024, 3, 31))
        for n, title in ((1, "保留的任务"), (2, "归档的任务"))
    )
    for task in (kept, gone):
        Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    today = datetime.date(2024, 4, 20)
    assert {m.task_id for m in open_matters(today)} == {kept.pk, gone.pk}

    gone.archived_at = timezone.now()  # as a revision does (tasks.creation.write_tasks)
    gone.save(update_fields=["archived_at"])

    assert {m.task_id for m in open_matters(today)} == {kept.pk}
    assert set(gather_facts(plan.pk, today=today).facts) == {kept.pk}
    assert list(Task.objects.mine(actors.market_staff)) == [kept]
    client = Client()
    client.force_login(actors.supervisor)
    assert "归档的任务" not in client.get(f"/plans/{plan.pk}/tasks/").content.decode()
    assert "归档的任务" not in client.get(f"/plans/{plan.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        send_reminders(datetime.date(2024, 4, 5))
    from notifications.models import Delivery

    assert not Delivery.objects.filter(ref=f"task:{gone.pk}").exists()
    assert Delivery.objects.filter(ref=f"task:{kept.pk}").exists()
