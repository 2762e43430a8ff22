"""A worker killed with SIGKILL in the middle of sending loses nothing and sends nothing twice:
the task's message was not acknowledged (acks_late), Redis hands it to the worker started again,
and the delivery's lease and state make the second run send it once."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from notifications.models import Delivery
from plans.models import Plan
from tasks.actions import task_urge
from tasks.models import Assignment, Task
from tests.conftest import ROOT, database_url_for_subprocess
from tests.smtp import LoopbackSMTPServer

pytestmark = pytest.mark.redis


def _start_worker(queue: str, smtp_url: str, log_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "CELERY_QUEUE": queue,
        "EMAIL_URL": smtp_url,
        # Short enough for a test: the dead worker's message comes back after 3 s, its lease runs out after 3 s.
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
        "DELIVERY_LEASE_SECONDS": "3",
    }
    log = log_path.open("a")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue, "-l", "info"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while log_path.read_text().count("ready.") < 1 + log_path.read_text().count("== restarted =="):
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"Celery worker did not start:\n{log_path.read_text()}")
        time.sleep(0.2)
    return process


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(live_actors, tmp_path):
    from config.celery import app

    smtp = LoopbackSMTPServer()
    smtp.start()
    smtp.stall_next, smtp.stall_seconds = 1, 4.0
    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    saved_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    log = tmp_path / "worker.log"
    workers = []
    try:
        workers.append(_start_worker(queue, smtp.url, log))
        plan = Plan.objects.create(title="测试规划", start_year=2024, end_year=2024)
        for n in (1, 2, 3):
            task = Task.objects.create(plan=plan, code=str(n), title=f"任务{n}", position=n)
            Assignment.objects.create(task=task, department=live_actors.justice, role="lead")
            assert task_urge(task=task, actor=live_actors.supervisor, note=f"催办{n}") == 1
        # The first message is being sent (the server holds its answer): kill the worker now.
        assert smtp.stalled.wait(60), log.read_text()
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(10)
        assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 0
        with log.open("a") as f:
            f.write("== restarted ==\n")
        workers.append(_start_worker(queue, smtp.url, log))
        deadline = time.monotonic() + 90
        while Delivery.objects.filter(status=Delivery.Status.SENT).count() < 3:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        time.sleep(1)  # anything sent twice would arrive now
        subjects = sorted(str(m["Subject"]).strip() for m in smtp.messages)
        assert subjects == [f"【督办】催办：任务{n}" for n in (1, 2, 3)]  # each once: none lost, none twice
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(20)
                except subprocess.TimeoutExpired:
                    worker.kill()
        app.conf.task_default_queue = saved_queue
        smtp.stop()
