"""Celery with a real worker process on the real Redis broker."""

import pytest

from config.celery import ping
from notifications.tasks import send_email
from plans.models import Department

pytestmark = pytest.mark.redis


def test_a_real_worker_runs_a_task_sent_through_redis(celery_worker_process):
    result = ping.delay("你好")
    assert result.get(timeout=30) == "你好"


def test_a_worker_reads_the_test_database_and_mails_through_real_smtp(celery_worker_process, smtp_server):
    department = Department.objects.create(name="区司法局", emails=["sfj@baoshan.example.gov.cn"])
    result = send_email.delay("test", {"greeting": "司法局同志"}, department_id=department.pk)
    assert result.get(timeout=30) == 1
    [message] = smtp_server.messages
    assert message["To"] == "sfj@baoshan.example.gov.cn"
    assert message["Subject"] == "【督办】邮件设置测试"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "司法局同志" in plain
    assert "司法局同志" in html and "style=" in html
