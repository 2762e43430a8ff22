"""催办: the daily reminder job, exactly once per item and stage, through a real worker and SMTP."""

import datetime
import time

import pytest
from django.core import mail

from notifications.models import Delivery
from plans.models import Plan
from tasks.models import Assignment, ProgressReport, ReportState, Task
from tasks.progress import generate_periods
from tasks.reminders import due_reminders, send_reminders
from tasks.tasks import send_daily_reminders

TODAY = datetime.date(2024, 7, 5)


def make_scenario(actors):
    """Q2 2024 reports are due 07-10 (in 5 days): 区市场监管局 has reported on task A; 区司法局 leads
    task B and has not; it also supports task A, but supporting parts are due only at year end.
    Task B's deadline 07-01 has passed; task C (罗店镇) reported and has no deadline."""
    plan = Plan.objects.create(title="2024年工作要点", start_year=2024, end_year=2024)
    generate_periods(plan)
    task_a = Task.objects.create(plan=plan, code="1", title="推进执法监督", position=1, is_ongoing=True)
    task_b = Task.objects.create(
        plan=plan,
        code="2",
        title="出台复议规则",
        position=2,
        deadline=datetime.date(2024, 7, 1),
        deadline_phrase="2024年7月1日前",
    )
    Assignment.objects.create(task=task_a, department=actors.market, role="lead")
    Assignment.objects.create(task=task_a, department=actors.justice, role="support")
    Assignment.objects.create(task=task_b, department=actors.justice, role="lead")
    task_c = Task.objects.create(plan=plan, code="3", title="街镇法治宣传", position=3, is_ongoing=True)
    Assignment.objects.create(task=task_c, department=actors.town, role="lead")
    ProgressReport.objects.create(
        task=task_c,
        department=actors.town,
        period=plan.periods.get(index=2),
        state=ReportState.SUBMITTED,
        narrative="已开展",
        submitted_at=datetime.datetime(2024, 7, 2, tzinfo=datetime.UTC),
    )
    for period in plan.periods.filter(index__lte=2):
        ProgressReport.objects.create(
            task=task_a,
            department=actors.market,
            period=period,
            state=ReportState.ACCEPTED,
            narrative="按计划推进",
            submitted_at=datetime.datetime(2024, period.end.month, 28, tzinfo=datetime.UTC),
        )
    return plan, task_a, task_b


EXPECTED = {
    ("区司法局", "2024年第二季度进展报告", "soon", "出台复议规则"),
    ("区司法局", "时间节点“2024年7月1日前”", "overdue", "出台复议规则"),
}


def test_the_reminders_due_on_a_day(actors):
    """On a given day, reminders are due for reports due soon and deadlines passed, to lead departments only."""
    make_scenario(actors)
    found = {(r.department.name, r.what, r.stage, r.task.title) for r in due_reminders(TODAY)}
    assert found == EXPECTED


def test_the_job_sends_each_reminder_once(actors, eager_celery, django_capture_on_commit_callbacks):
    """The daily job mails each reminder once, and not again the same day or the next."""
    make_scenario(actors)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(TODAY) == 2
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(TODAY) == 0  # the same day again: nothing new
        assert send_reminders(TODAY + datetime.timedelta(days=1)) == 0  # nor the next day, same stage
    assert len(mail.outbox) == 2
    overdue = next(m for m in mail.outbox if "已逾期" in m.subject)
    assert overdue.subject == "【督办】已逾期：出台复议规则 · 时间节点“2024年7月1日前”"
    assert overdue.to == ["sfj@baoshan.example.gov.cn"]
    assert "已于 2024-07-01 到期" in overdue.body
    html = overdue.alternatives[0][0]
    assert "style=" in html and "/tasks/" in html


def test_a_supervisor_urges_the_lead_department_from_the_task_page(
    client, actors, eager_celery, django_capture_on_commit_callbacks
):
    """A supervisor urges the lead department from the task page; staff may not."""
    _plan, _task_a, task_b = make_scenario(actors)
    client.force_login(actors.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/tasks/{task_b.pk}/urge/", {"note": "请于本周内报送复议规则草案。"}, follow=True)
    assert "已向 1 个牵头部门发出催办" in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "【督办】催办：出台复议规则"
    assert "请于本周内报送复议规则草案。" in message.body and "Dave" in message.body
    assert Delivery.objects.get(template="urge").created_by == actors.supervisor
    client.force_login(actors.justice_staff)
    assert client.post(f"/tasks/{task_b.pk}/urge/", {"note": "x"}).status_code == 403


def wait_for(predicate, timeout=30.0):
    """Poll until ``predicate()`` is true or the deadline passes; return whether it became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def deliveries_settled(*, count: int):
    """True once ``count`` delivery records exist and none is still pending or being sent."""
    states = list(Delivery.objects.values_list("status", flat=True))
    return len(states) == count and not {"pending", "sending"} & set(states)


def received(smtp_server):
    return {(m["To"], str(m["Subject"])) for m in smtp_server.messages}


@pytest.mark.redis
def test_the_daily_job_through_a_real_worker_and_smtp_delivers_exactly_once(
    live_actors, celery_worker_process, smtp_server
):
    """The daily reminder job, run by a real worker, mails each reminder exactly once."""
    make_scenario(live_actors)
    assert send_daily_reminders.delay(TODAY.isoformat()).get(timeout=30) == 2
    assert wait_for(lambda: len(smtp_server.messages) == 2), smtp_server.messages
    subjects = sorted(str(m["Subject"]).strip() for m in smtp_server.messages)
    assert subjects == sorted(
        [
            "【督办】即将到期：出台复议规则 · 2024年第二季度进展报告",
            "【督办】已逾期：出台复议规则 · 时间节点“2024年7月1日前”",
        ]
    )
    assert send_daily_reminders.delay(TODAY.isoformat()).get(timeout=30) == 0  # claims nothing new
    assert wait_for(lambda: deliveries_settled(count=2))
    assert len(smtp_server.messages) == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.redis
def test_an_smtp_server_refusing_the_first_attempt_still_gets_one_message_per_reminder(
    live_actors, celery_worker_process, smtp_server
):
    """A mail server refusing the first attempt still receives exactly one message per reminder."""
    make_scenario(live_actors)
    smtp_server.refuse_next = 1
    assert send_daily_reminders.delay(TODAY.isoformat()).get(timeout=30) == 2
    assert wait_for(lambda: deliveries_settled(count=2), timeout=45)  # the retry has run, too
    assert len(smtp_server.messages) == 2
    assert smtp_server.refused == 1
    assert len(received(smtp_server)) == 2
    assert sorted(Delivery.objects.values_list("attempts", flat=True)) == [1, 2]
