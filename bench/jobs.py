"""One job of the city benchmark, in a process of its own (bench/city.py runs each): prints
``{"seconds": …, "peak_mb": …}`` where peak_mb is how much the job raised the process's peak
resident memory above what it was once Django and the job's inputs were loaded.

Runs with the environment bench/city.py gives it (production settings, the bench database)."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(fn) -> dict:
    before = peak_kb()
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "peak_mb": round((peak_kb() - before) / 1024, 1)}


def city_plan():
    from plans.models import Plan

    return Plan.objects.filter(source_name__startswith="scale-").order_by("pk").first()


def job_parse_plan(args) -> dict:
    from plans.departments import DepartmentDirectory
    from tasks.demo import DEMO_PLAN_FILE
    from tasks.plan_import import parse_source, read_source

    data, directory = DEMO_PLAN_FILE.read_bytes(), DepartmentDirectory()
    return measure(lambda: parse_source(read_source(data, DEMO_PLAN_FILE.name), directory=directory))


def job_import_plan(args) -> dict:
    from plans.policy import SYSTEM
    from tasks.actions import plan_import
    from tasks.demo import DEMO_PLAN_FILE
    from tasks.plan_import import parse_source, read_source

    data = DEMO_PLAN_FILE.read_bytes()

    def run():
        source = read_source(data, DEMO_PLAN_FILE.name)
        plan_import(actor=SYSTEM, parsed=parse_source(source), source=source, title="基准测试导入规划")

    return measure(run)


def job_midterm_pdf(args) -> dict:
    from django.core.cache import cache

    from reports import midterm
    from reports.midterm_pdf import render_pdf

    plan = city_plan()
    as_of = datetime.date(plan.start_year + 2, 12, 31)
    cache.clear()
    sizes = []
    result = measure(lambda: sizes.append(len(render_pdf(midterm.build(plan, as_of=as_of), draft=False))))
    return {**result, "kb": sizes[0] // 1024}


def job_ledger_export(args) -> dict:
    """The 任务台账 of a plan of ``--ledger-tasks`` tasks (each led by a department, four accepted
    quarterly reports each), through the view as a supervisor downloads it."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from plans.models import Department, Plan
    from tasks.models import Assignment, ProgressReport, ReportState, Task
    from tasks.progress import generate_periods

    n = args.ledger_tasks
    plan = Plan.objects.create(title=f"基准台账规划（{n}项任务）", start_year=2024, end_year=2026)
    periods = generate_periods(plan)[:4]
    departments = list(Department.objects.order_by("pk"))
    tasks = Task.objects.bulk_create(
        Task(plan=plan, code=str(i), title=f"基准任务{i}", content="内容" * 50, position=i) for i in range(1, n + 1)
    )
    Assignment.objects.bulk_create(
        Assignment(task=t, department=departments[i % len(departments)], role=Assignment.Role.LEAD)
        for i, t in enumerate(tasks)
    )
    ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                task=t,
                department=departments[i % len(departments)],
                period=p,
                state=ReportState.ACCEPTED,
                percent_complete=25 * (k + 1),
                narrative="按计划推进。" * 10,
            )
            for i, t in enumerate(tasks)
            for k, p in enumerate(periods)
        ),
        batch_size=2000,
    )
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(get_user_model().objects.get(username="scale-supervisor"))
    sizes = []

    def run():
        response = client.get(f"/plans/{plan.pk}/tasks/ledger.xlsx")
        assert response.status_code == 200, response.status_code
        sizes.append(len(b"".join(response.streaming_content) if response.streaming else response.content))

    return {**measure(run), "kb": sizes[0] // 1024}


def job_digest(args) -> dict:
    """The week's digest of ``--readers`` leaders, eagerly (as the worker would), each handed to a
    real SMTP server on loopback."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from config.celery import app
    from plans.policy import SYSTEM
    from reports.actions import digest_issue
    from tests.smtp import LoopbackSMTPServer

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    server = LoopbackSMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    users = list(get_user_model().objects.filter(username__startswith="scale-leader-").order_by("pk")[: args.readers])
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    cache.clear()

    def run():
        for user in users:
            digest_issue(actor=SYSTEM, user=user, today=monday)

    result = measure(run)
    server.stop()
    assert len(server.messages) == len(users), (len(server.messages), len(users))
    return {**result, "messages": len(server.messages)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("job", choices=["parse_plan", "import_plan", "midterm_pdf", "ledger_export", "digest"])
    parser.add_argument("--ledger-tasks", type=int, default=5000)
    parser.add_argument("--readers", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    print(json.dumps(globals()[f"job_{args.job}"](args)))


if __name__ == "__main__":
    main()
