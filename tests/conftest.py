"""Shared fixtures: the cast of actors, live-service markers, a real Celery worker, Chromium."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from hypothesis import settings as hypothesis_settings

from plans.models import Department, DepartmentKind, Membership
from plans.roles import Role, ensure_role_groups

# Property tests: thorough on a developer's machine, bounded in CI (.ci/run sets CI=true).
hypothesis_settings.register_profile("dev", max_examples=200, deadline=None)
hypothesis_settings.register_profile("ci", max_examples=50, deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TEST_PASSWORD = "correct-horse-battery"


def pytest_collection_modifyitems(config, items):
    """Skip tests whose live service is not configured: CI's second pass sets the URLs."""
    no_redis = pytest.mark.skip(reason="REDIS_URL is not set")
    no_postgres = pytest.mark.skip(reason="DATABASE_URL is not a PostgreSQL URL")
    postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    for item in items:
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(no_redis)
        if "postgres" in item.keywords and not postgres:
            item.add_marker(no_postgres)
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached plan facts must not outlive the test's rows
    (SQLite reuses ids after a rollback)."""
    from django.core.cache import cache

    cache.clear()


# --- Chromium -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1366, "height": 900},
    }


# --- The clock ------------------------------------------------------------------------------

# After the demo plan (2021–2025) has run its course and its last report (2025 Q4) was due.
FROZEN_NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def frozen_clock():
    """The clock set to FROZEN_NOW and left to tick, so that sessions and timeouts still work. It is
    patched for the whole process, so a live server (a thread of this process) sees it too."""
    with time_machine.travel(FROZEN_NOW, tick=True) as traveller:
        yield traveller


# --- The actors -----------------------------------------------------------------------------


class Actors:
    """Everyone a permission test needs, with the departments they belong to."""

    def __init__(self):
        groups = ensure_role_groups()
        self.justice = Department.objects.create(
            name="区司法局",
            short_name="司法局",
            aliases=["宝山区司法局", "司法"],
            emails=["sfj@baoshan.example.gov.cn"],
        )
        self.market = Department.objects.create(
            name="区市场监管局", short_name="市场监管局", aliases=["市场监管"], emails=["scjg@baoshan.example.gov.cn"]
        )
        self.town = Department.objects.create(name="罗店镇", kind=DepartmentKind.SUBDISTRICT)
        self.town2 = Department.objects.create(name="大场镇", kind=DepartmentKind.SUBDISTRICT)

        def make(username, role=None, department=None, **extra):
            user = get_user_model().objects.create_user(
                username, f"{username}@baoshan.example.gov.cn", TEST_PASSWORD, first_name=username.title(), **extra
            )
            if role:
                user.groups.add(groups[role])
            if department:
                Membership.objects.create(user=user, department=department)
            return user

        self.justice_staff = make("alice", Role.STAFF, self.justice)
        self.market_staff = make("bob", Role.STAFF, self.market)
        self.market_head = make("carol", Role.HEAD, self.market)
        self.supervisor = make("dave", Role.SUPERVISOR, self.justice)
        self.leader = make("erin", Role.LEADER)
        self.admin = make("frank", Role.ADMIN, is_staff=True)
        # 三员分立: the security and audit administrators (plans.roles)
        self.security_admin = make("grace", Role.SECURITY_ADMIN, is_staff=True)
        self.auditor = make("heidi", Role.AUDIT_ADMIN, is_staff=True)
        self.outsider = make("mallory")


@pytest.fixture
def actors(db) -> Actors:
    return Actors()


@pytest.fixture
def demo_data(db):
    """The whole demo (departments, accounts, the 宝山 plan, five years of progress) in this test's
    transaction: loaded once per session, copied in per test."""
    from django.contrib.contenttypes.models import ContentType

    from tests.demo_snapshot import install_demo

    install_demo(with_progress=True)
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def city_demo(db):
    """`load_demo --city`: 上海市 above 宝山区 and 嘉定区, each district with its plan and five years
    of progress, the city's supervisor and leader; loaded once per session, copied in per test."""
    from django.contrib.contenttypes.models import ContentType

    from tests.demo_snapshot import install_demo

    install_demo(with_progress=True, city=True)
    yield
    ContentType.objects.clear_cache()


def count_queries(fetch) -> int:
    """How many database queries ``fetch()`` makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fetch()
    return len(queries)


@pytest.fixture
def plan_of_500_tasks(demo_data):
    """Beside the demo plan, a plan of 500 tasks in two chapters with the demo's departments: a
    milestone on every tenth clause, the first 100 tasks reported and accepted for 2021 and 2022."""
    import datetime as _dt

    from plans.models import Chapter, Clause, Milestone, Plan
    from tasks.models import Assignment, ProgressReport, ReportState, Task
    from tasks.progress import generate_periods

    market = Department.objects.get(name="区市场监管局")
    justice = Department.objects.get(name="区司法局")
    plan = Plan.objects.create(title="五百项任务的规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    chapters = [Chapter.objects.create(plan=plan, number=n, label=f"{n}、", heading=f"第{n}章") for n in (1, 2)]
    clauses = Clause.objects.bulk_create(
        Clause(plan=plan, chapter=chapters[n % 2], number=n, label=f"({n})", heading=f"条{n}", position=n)
        for n in range(1, 501)
    )
    Milestone.objects.bulk_create(
        Milestone(plan=plan, clause=c, due_date=_dt.date(2023, 6, 30), phrase="2023年6月底前") for c in clauses[::10]
    )
    tasks = Task.objects.bulk_create(
        Task(plan=plan, clause=c, code=str(c.number), title=f"任务{c.number}", position=c.number) for c in clauses
    )
    Assignment.objects.bulk_create(
        [Assignment(task=t, department=market, role=Assignment.Role.LEAD) for t in tasks]
        + [Assignment(task=t, department=justice, role=Assignment.Role.SUPPORT) for t in tasks]
    )
    at = _dt.datetime(2023, 1, 5, 10, tzinfo=_dt.UTC)
    ProgressReport.objects.bulk_create(
        ProgressReport(
            task=t,
            department=market,
            period=period,
            state=ReportState.ACCEPTED,
            narrative="按计划推进",
            percent_complete=50,
            submitted_at=at,
            reviewed_at=at,
        )
        for t in tasks[:100]
        for period in plan.periods.filter(year__in=[2021, 2022])
    )
    return plan


@pytest.fixture
def live_actors(transactional_db) -> Actors:
    """Actors committed to the database, for a live server or a worker process to see."""
    return Actors()


# --- A real Celery worker -------------------------------------------------------------------


def database_url_for_subprocess() -> str:
    """The URL of the *test* database, which is what a worker process must open."""
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "") + "@" if s["USER"] else ""
    return f"postgresql://{auth}{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def eager_celery():
    """Run Celery tasks inline even when REDIS_URL is set (CI's second pass) — for tests that are
    about the domain, not the broker."""
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(scope="session")
def _smtp_server_for_session():
    from tests.smtp import LoopbackSMTPServer

    server = LoopbackSMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server(_smtp_server_for_session):
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives, emptied for each test."""
    _smtp_server_for_session.reset()
    yield _smtp_server_for_session
    _smtp_server_for_session.reset()


@pytest.fixture(scope="session")
def _celery_worker_for_session(django_db_setup, django_db_blocker, _smtp_server_for_session, tmp_path_factory):
    """One `celery worker` for the whole session, on the real Redis, on a queue of its own, with the
    test database's URL and the loopback SMTP server. Starting one costs seconds."""
    from config.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    saved_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    with django_db_blocker.unblock():
        database_url = database_url_for_subprocess()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_QUEUE": queue,
        "EMAIL_URL": _smtp_server_for_session.url,
    }
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue, "-l", "info"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Celery worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        app.conf.task_default_queue = saved_queue


@pytest.fixture
def celery_worker_process(transactional_db, _celery_worker_for_session, smtp_server):
    """The session's real Celery worker, for a test whose rows are committed (so the worker sees
    them) and whose SMTP server starts empty."""
    if _celery_worker_for_session.poll() is not None:
        pytest.fail("The session's Celery worker has exited")
    return _celery_worker_for_session
