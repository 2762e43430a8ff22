"""Celery with a real worker process on the real Redis broker."""

import time

import pytest

from config.celery import ping
from notifications.models import Delivery
from plans.models import Plan
from tasks.actions import task_urge
from tasks.models import Assignment, Task

pytestmark = pytest.mark.redis


def wait_for(predicate, timeout=30.0):
    """Poll until ``predicate()`` is true or the deadline passes; return whether it became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_real_worker_runs_a_task_sent_through_redis(celery_worker_process):
    """A task sent through Redis is run by a separate worker process and its result comes back."""
    result = ping.delay("你好")
    assert result.get(timeout=30) == "你好"


def test_a_supervisors_urge_is_delivered_by_the_worker_through_real_smtp(
    celery_worker_process, smtp_server, live_actors
):
    """A supervisor's 催办 is queued on commit, read from the test database by the worker and mailed
    through a real SMTP server, and its delivery record says sent."""
    plan = Plan.objects.create(title="测试规划", start_year=2024, end_year=2024)
    task = Task.objects.create(plan=plan, code="1", title="出台复议规则", position=1)
    Assignment.objects.create(task=task, department=live_actors.justice, role="lead")
    assert task_urge(task=task, actor=live_actors.supervisor, note="请于本周内报送草案。") == 1
    assert wait_for(lambda: Delivery.objects.filter(template="urge", status="sent").exists())
    [message] = smtp_server.messages
    assert message["To"] == "sfj@baoshan.example.gov.cn"
    assert str(message["Subject"]).strip() == "【督办】催办：出台复议规则"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "请于本周内报送草案。" in plain and "Dave" in plain
    assert "请于本周内报送草案。" in html and "style=" in html
    delivery = Delivery.objects.get(template="urge")
    assert (delivery.attempts, delivery.created_by) == (1, live_actors.supervisor)
