"""Benchmark: how long the things people wait for take at city scale.

Runs against a throw-away SQLite database (or DATABASE_URL when set) and prints a Markdown table
for BENCHMARKS.md. Usage: .venv/bin/python bench/run.py [--tasks 5000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=5000, help="tasks in the large synthetic plan")
    parser.add_argument("--only", default="", help="run only the measurements whose label contains this")
    parser.add_argument("--profile", choices=["cold", "warm"], help="print a cProfile of the big dashboard")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="duban-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    load_demo_ms = (time.perf_counter() - started) * 1000

    from django.contrib.auth import get_user_model

    from plans.departments import DepartmentDirectory
    from plans.models import Department, Plan
    from tasks.demo import DEMO_PLAN_FILE
    from tasks.models import Assignment, Task
    from tasks.plan_import import parse_source, read_source

    # Five years of progress written through the actions, one event per step (budget: 60 s).
    rows = [("load_demo (plan, 任务分解表, five years through the actions)", load_demo_ms, load_demo_ms)]
    demo_plan = Plan.objects.get(source_name=DEMO_PLAN_FILE.name)
    data = DEMO_PLAN_FILE.read_bytes()
    directory = DepartmentDirectory()
    median, worst = timed(lambda: parse_source(read_source(data, DEMO_PLAN_FILE.name), directory=directory))
    rows.append(("parse the 宝山 plan (58 clauses)", median, worst))

    big = Plan.objects.create(title="基准测试规划", start_year=2026, end_year=2030)
    departments = list(Department.objects.all())
    tasks = Task.objects.bulk_create(
        Task(plan=big, code=str(n), title=f"基准任务{n}", content="内容" * 50, position=n)
        for n in range(1, args.tasks + 1)
    )
    Assignment.objects.bulk_create(
        Assignment(task=t, department=departments[i % len(departments)], role=Assignment.Role.LEAD)
        for i, t in enumerate(tasks)
    )
    from django.core.cache import cache

    client = Client()
    client.force_login(get_user_model().objects.get(username="supervisor"))
    staff_client = Client()
    staff_client.force_login(get_user_model().objects.get(username="staff"))

    def cold(url):
        cache.clear()  # sessions are in the database: the login survives
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    if args.profile:
        import cProfile
        import pstats

        client.get(f"/supervision/?plan={big.pk}")
        profiler = cProfile.Profile()
        if args.profile == "cold":
            cache.clear()
        profiler.runcall(client.get, f"/supervision/?plan={big.pk}")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        return
    for label, fn in [
        (f"supervision dashboard, plan of {args.tasks} tasks, cold (cache cleared)", f"/supervision/?plan={big.pk}"),
        ("supervision dashboard, 宝山 plan, cold (cache cleared)", f"/supervision/?plan={demo_plan.pk}"),
        (
            "supervision dashboard as of 2023-12-31, 宝山 plan, cold",
            f"/supervision/?plan={demo_plan.pk}&as_of=2023-12-31",
        ),
    ]:
        if args.only in label:
            median, worst = timed(lambda fn=fn: cold(fn), repeat=5)
            rows.append((label, median, worst))
    for label, url in [
        (f"task list, plan of {args.tasks} tasks", f"/plans/{big.pk}/tasks/"),
        (
            f"task list filtered by department, {args.tasks} tasks",
            f"/plans/{big.pk}/tasks/?department={departments[0].pk}",
        ),
        (f"plan page, {args.tasks} tasks", f"/plans/{big.pk}/"),
        (f"任务分解表 Excel export, {args.tasks} tasks", f"/plans/{big.pk}/tasks/export.xlsx"),
        (f"supervision dashboard, plan of {args.tasks} tasks, warm", f"/supervision/?plan={big.pk}"),
        ("supervision dashboard, 宝山 plan with 5 years of progress, warm", f"/supervision/?plan={demo_plan.pk}"),
        ("my tasks (区市场监管局 staff), 宝山 plan", f"/tasks/mine/?plan={demo_plan.pk}"),
    ]:
        if args.only not in label:
            continue
        who = staff_client if url.startswith("/tasks/mine/") else client
        who.get(url)  # warm: the figures of the day are cached, as for every reader after the first
        median, worst = timed(lambda url=url, who=who: who.get(url), repeat=3)
        rows.append((label, median, worst))

    label = "midterm evaluation as of 2023-12-31, 宝山 plan: build + PDF (cold cache)"
    if args.only in label:
        import datetime

        from reports import midterm
        from reports.midterm_pdf import render_pdf

        sizes = []

        def midterm_pdf():
            cache.clear()
            sizes.append(len(render_pdf(midterm.build(demo_plan, as_of=datetime.date(2023, 12, 31)), draft=False)))

        median, worst = timed(midterm_pdf, repeat=3)
        rows.append((f"{label}, {max(sizes) // 1024} KB", median, worst))

    label = "weekly digest: 500 readers (whole plan / 2 chapters / 3 分管部门), rendered and handed to SMTP"
    if args.only in label:
        rows.append((label, *bench_digests(demo_plan, departments)))

    print("| measurement | median ms | worst ms |\n|---|---:|---:|")
    for label, median, worst in rows:
        print(f"| {label} | {median:.0f} | {worst:.0f} |")


def bench_digests(plan, departments, readers: int = 500) -> tuple[float, float]:
    """Issue the week's digest of ``readers`` leaders on the demo plan, eagerly (as the worker
    would), each mail handed to a real SMTP server on loopback (aiosmtpd)."""
    import datetime

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache

    from plans.policy import SYSTEM
    from plans.roles import Role
    from reports.actions import digest_issue
    from reports.models import Digest, DigestScope, LeaderDepartment
    from tests.smtp import LoopbackSMTPServer

    server = LoopbackSMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    group = Group.objects.get(name=Role.LEADER)
    chapters = list(plan.chapters.order_by("number"))
    users = []
    for n in range(readers):
        user = get_user_model().objects.create_user(f"bench-leader-{n}", f"leader{n}@example.gov.cn", "x")
        user.groups.add(group)
        kind = ("plan", "chapters", "departments")[n % 3]
        scope = DigestScope.objects.create(user=user, plan=plan, kind=kind)
        if kind == "chapters":
            scope.chapters.add(*chapters[n % len(chapters) : n % len(chapters) + 2])
        elif kind == "departments":
            for d in range(3):
                LeaderDepartment.objects.create(user=user, department=departments[(n + d * 7) % len(departments)])
        users.append(user)
    monday = datetime.date(2024, 7, 15)
    samples = []
    for week in range(2):
        cache.clear()
        start = time.perf_counter()
        for user in users:
            digest_issue(actor=SYSTEM, user=user, today=monday + datetime.timedelta(days=7 * week))
        samples.append((time.perf_counter() - start) * 1000)
    server.stop()
    assert Digest.objects.count() == 2 * readers and len(server.messages) == 2 * readers, len(server.messages)
    return statistics.median(samples), max(samples)


if __name__ == "__main__":
    main()
