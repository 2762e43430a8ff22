"""App servers keep no state of their own: two gunicorn processes on one PostgreSQL and Redis serve
the same users. A session opened on one works on the other; a midterm report started on one is
rendered by the worker and downloaded from the other; a plan staged for preview on one is
previewed on the other; and the second, configured with the same database as its own read
replica, answers the dashboards from the replica alias while sessions stay on the primary."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from pypdf import PdfReader

from bench.city import Browser
from plans.models import Plan
from tasks.models import Assignment, Task
from tasks.progress import generate_periods
from tests.conftest import TEST_PASSWORD, database_url_for_subprocess
from tests.smtp import free_port

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parent.parent


def start_server(port: int, **extra_env) -> subprocess.Popen:
    from config.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_QUEUE": app.conf.task_default_queue,  # the session's worker listens there
        "BENCH_ENABLED": "true",
        **extra_env,
    }
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
    )


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Browser(port, behind_tls_proxy=False).get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"app server on {port} did not start")


@pytest.fixture(scope="module")
def _servers(django_db_setup, django_db_blocker, _celery_worker_for_session):
    port_a, port_b = free_port(), free_port()
    with django_db_blocker.unblock():
        database_url = database_url_for_subprocess()
    servers = [
        start_server(port_a, DATABASE_URL=database_url),
        start_server(port_b, DATABASE_URL=database_url, DATABASE_REPLICA_URL=database_url),
    ]
    try:
        for port in (port_a, port_b):
            wait_until_up(port)
        yield port_a, port_b
    finally:
        for server in servers:
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            server.wait(timeout=20)


@pytest.fixture
def two_servers(_servers, live_actors, celery_worker_process):
    """Ports of two app servers (B with the database as its own replica) on the test database."""
    return _servers


def post(browser: Browser, path: str, fields: dict, csrf_from: str):
    body = browser.get(csrf_from)[2]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    origin = f"http://127.0.0.1:{browser.port}"
    return browser.request(
        "POST",
        path,
        body=urlencode({**fields, "csrfmiddlewaretoken": token}),
        extra={"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": origin + "/"},
    )


def on_other_server(browser: Browser, port: int) -> Browser:
    """The same browser (its cookies) talking to the other app server."""
    other = Browser(port, behind_tls_proxy=False)
    other.cookies = browser.cookies
    return other


def test_a_report_started_on_one_app_server_is_downloaded_from_the_other(two_servers, live_actors):
    port_a, port_b = two_servers
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="健全行政复议体制", position=1)
    Assignment.objects.create(task=task, department=live_actors.market, role=Assignment.Role.LEAD)

    on_a = Browser(port_a, behind_tls_proxy=False)
    on_a.login("dave", TEST_PASSWORD)
    on_b = on_other_server(on_a, port_b)
    status, _headers, body, _ms = on_b.get("/midterm/")
    assert status == 200 and "中期评估" in body.decode(), "the session opened on A is valid on B"

    status, _headers, _body, _ms = post(on_a, "/midterm/", {"plan": plan.pk, "as_of": "2023-12-31"}, "/midterm/")
    assert status == 302
    evaluation = plan.midterm_evaluations.get()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        progress = on_b.get(f"/midterm/{evaluation.pk}/progress/")[2]
        if b'"ready": true' in progress:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"the worker did not render the report: {progress!r}")

    status, _headers, pdf, _ms = on_b.get(f"/midterm/{evaluation.pk}/pdf/")
    assert status == 200 and pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "测试规划" in text


def test_a_plan_uploaded_on_one_app_server_is_previewed_on_the_other(two_servers, live_actors):
    port_a, port_b = two_servers
    on_a = Browser(port_a, behind_tls_proxy=False)
    on_a.login("dave", TEST_PASSWORD)
    body = on_a.get("/plans/import/")[2]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    boundary = "----duban-test-boundary"
    plan_text = (
        "宝山区法治政府建设规划（2021—2025年）\n一、总体要求\n（一）健全行政复议体制。区司法局牵头，2022年底前完成。\n"
    )
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n{plan_text}\r\n",
        f"--{boundary}--\r\n",
    ]
    origin = f"http://127.0.0.1:{port_a}"
    status, headers, body, _ms = on_a.request(
        "POST",
        "/plans/import/",
        body="".join(parts).encode(),
        extra={"Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": origin, "Referer": origin + "/"},
    )
    assert status == 302, body[:500]
    preview = headers["location"]
    status, _headers, body, _ms = on_other_server(on_a, port_b).get(preview)
    assert status == 200
    assert "健全行政复议体制" in body.decode()


def test_the_dashboards_read_from_the_replica_and_sessions_stay_on_the_primary(two_servers, live_actors):
    _port_a, port_b = two_servers
    Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    on_b = Browser(port_b, behind_tls_proxy=False)
    on_b.login("dave", TEST_PASSWORD)
    status, headers, _body, _ms = on_b.get("/supervision/")
    assert status == 200
    assert int(headers.get("x-bench-queries-replica", 0)) > 0, headers
    status, headers, _body, _ms = on_b.get("/review/")  # not a dashboard: the primary only
    assert status == 200 and "x-bench-queries-replica" not in headers
