"""`make bench`: the city-scale benchmark through a real server.

For each backend (PostgreSQL, then SQLite) it creates a throw-away database, writes the synthetic
city (`manage.py seed_scale`), starts gunicorn on loopback with the production settings (plus
``BENCH_ENABLED=true``: SQL counts in response headers and the floor page, config/bench.py), logs in
through the login form with real sessions, and times pages with a small HTTP client, each beside
the floor page in the same run; then the task list's throughput with 4 concurrent clients against
the floor's; then the jobs people wait for (bench/jobs.py, one process each). It writes
``bench/results.json`` and the "City scale" section of ``BENCHMARKS.md``.

Usage: .venv/bin/python bench/city.py [--scale full|small] [--backends postgres,sqlite]
Environment: BENCH_DATABASE_URL (a PostgreSQL server URL; its database is dropped and re-created,
default postgresql://postgres@127.0.0.1:5432/duban_bench), BENCH_REDIS_URL (default
redis://127.0.0.1:6379/8), BENCH_WORKERS (gunicorn workers, default 4).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MARK_START, MARK_END = "<!-- city-bench:start -->", "<!-- city-bench:end -->"
PASSWORD = secrets.token_urlsafe(16)  # this run's city only: seed_scale has no default password
FLOOR = "/__bench__/floor"

SCALES = {
    # seed_scale arguments, samples per page, throughput seconds, ledger tasks, digest readers
    "full": {"seed": ["--districts", "16", "--plans-per-district", "4", "--departments", "600", "--years", "5"],
             "samples": 30, "rps_seconds": 20, "ledger_tasks": 5000, "readers": 500},
    "small": {"seed": ["--small"], "samples": 3, "rps_seconds": 2, "ledger_tasks": 200, "readers": 10},
}  # fmt: skip


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- a small HTTP client with a cookie jar, as a browser behind the TLS proxy ------------------


class Browser:
    """One keep-alive connection and its cookies. Requests carry ``X-Forwarded-Proto: https`` as
    the TLS-terminating proxy in production would (so the HTTPS redirect and secure cookies apply)."""

    def __init__(self, port: int, *, behind_tls_proxy: bool = True):
        self.port = port
        self.scheme = "https" if behind_tls_proxy else "http"
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def request(self, method: str, path: str, body: str | None = None, extra: dict | None = None):
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": self.scheme, "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        start = time.perf_counter()
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()  # gunicorn closed an idle keep-alive connection: open a new one
                if attempt:
                    raise
                start = time.perf_counter()
        ms = (time.perf_counter() - start) * 1000
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), data, ms

    def get(self, path: str):
        return self.request("GET", path)

    def login(self, username: str, password: str = PASSWORD) -> None:
        status, _headers, body, _ms = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        origin = f"{self.scheme}://127.0.0.1:{self.port}"
        status, _headers, body, _ms = self.request(
            "POST",
            "/accounts/login/",
            body=urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}),
            extra={"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": origin + "/"},
        )
        if status != 302:
            raise RuntimeError(f"login of {username} failed: {status} {body[:300]!r}")


# --- the server -------------------------------------------------------------------------------


class Backend:
    def __init__(self, name: str, database_url: str, redis_url: str, workdir: Path):
        self.name, self.database_url, self.redis_url, self.workdir = name, database_url, redis_url, workdir
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "BENCH_ENABLED": "true",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "SITE_URL": "http://127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
        self.server = None
        self.port = None

    def manage(self, *args: str, capture: bool = False) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=self.env, check=True, text=True, capture_output=capture
        )
        return result.stdout if capture else ""

    def create_database(self) -> None:
        if self.name == "postgres":
            import psycopg

            url = urlparse(self.database_url)
            dbname = url.path.lstrip("/")
            with psycopg.connect(self.database_url.replace(url.path, "/postgres"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{dbname}"')
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")

    def start(self, workers: int) -> None:
        self.port = free_port()
        self.server = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(workers),
                "--timeout",
                "300",
                "--keep-alive",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        for _ in range(120):
            try:
                status = Browser(self.port).get("/healthz")[0]
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer /healthz")

    def stop(self) -> None:
        if self.server:
            self.server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            self.server.wait(timeout=30)
            self.server = None


# --- measurements ------------------------------------------------------------------------------


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def measure_page(browser: Browser, path: str, samples: int) -> dict | None:
    """p50/p95 of the page and of the floor, sampled alternately; None when the route is missing."""
    status, headers, _body, _ms = browser.get(path)
    if status == 404:
        return None
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}")
    browser.get(path)  # warm: the figures of the day are cached after the first reader, as in use
    browser.get(FLOOR)
    page, floor = [], []
    queries = int(headers.get("x-bench-queries", -1))
    for _ in range(samples):
        status, headers, _body, ms = browser.get(path)
        assert status == 200, (path, status)
        page.append(ms)
        queries = int(headers.get("x-bench-queries", -1))
        floor.append(browser.get(FLOOR)[3])
    return {
        "p50_ms": round(statistics.median(page), 1),
        "p95_ms": round(percentile(page, 95), 1),
        "queries": queries,
        "floor_p50_ms": round(statistics.median(floor), 1),
    }


def throughput(port: int, username: str, path: str, seconds: float, clients: int = 4) -> float:
    """Requests per second that ``clients`` logged-in clients get through in ``seconds``."""
    browsers = []
    for _ in range(clients):
        b = Browser(port)
        b.login(username)
        b.get(path)
        browsers.append(b)
    done = [0] * clients
    deadline = time.perf_counter() + seconds

    def run(n):
        while time.perf_counter() < deadline:
            status = browsers[n].get(path)[0]
            assert status == 200, status
            done[n] += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return round(sum(done) / (time.perf_counter() - start), 2)


def pick(backend: Backend) -> dict:
    """Ids and accounts the pages need, read from the city (the busiest department's staff)."""
    out = backend.manage("shell", "-c", PICK_SCRIPT, capture=True)
    return json.loads(out.strip().splitlines()[-1])


PICK_SCRIPT = """
import json
from django.db.models import Count
from plans.models import Department, Plan
from tasks.models import Assignment, ProgressReport, Task
plan = Plan.objects.filter(source_name__startswith="scale-").order_by("pk").first()
dept = Department.objects.filter(area=plan.area).annotate(n=Count("assignments")).order_by("-n", "pk").first()
task = Task.objects.filter(plan=plan).annotate(n=Count("reports")).order_by("-n", "pk").first()
staff = dept.memberships.filter(user__username__endswith="-staff").first().user.username
print(json.dumps({"plan": plan.pk, "department": dept.pk, "task": task.pk, "staff": staff,
                  "chapter": plan.chapters.order_by("number").first().pk}))
"""


def pages_for(ids: dict) -> list[tuple[str, str, str]]:
    """(page, who, path): ``who`` is ``supervisor`` (the first district's), ``city`` (the 市司法局's)
    or ``staff``."""
    p, d = ids["plan"], ids["department"]
    return [
        ("supervision dashboard", "supervisor", f"/supervision/?plan={p}"),
        ("overview dashboard", "supervisor", f"/overview/?plan={p}"),
        ("city dashboard", "city", "/city/"),  # the 市司法局's comparison of the districts
        ("plan by chapter", "supervisor", f"/plans/{p}/"),
        ("task list of a plan", "supervisor", f"/plans/{p}/tasks/"),
        ("task list filtered (department, plan)", "supervisor", f"/plans/{p}/tasks/?department={d}"),
        ("task list across plans (filtered)", "supervisor", f"/tasks/?department={d}"),
        ("我的任务 (busiest department)", "staff", "/tasks/mine/"),
        ("to-do centre", "staff", "/todo/"),
        ("department home", "staff", "/my/"),
        ("task page with timeline", "supervisor", f"/tasks/{ids['task']}/"),
        ("findings ledger", "supervisor", "/inspections/ledger/"),
        ("review queue", "supervisor", "/review/"),
    ]


def run_backend(backend: Backend, scale: dict, workers: int) -> dict:
    log(f"{backend.name}: creating the database, migrating, collecting static files")
    backend.create_database()
    log(f"{backend.name}: seeding the city")
    seeded = json.loads(
        backend.manage(
            "seed_scale", *scale["seed"], "--allow-without-debug", "--password", PASSWORD, "--json", capture=True
        )
        .strip()
        .splitlines()[-1]
    )
    log(f"{backend.name}: city written in {seeded['seconds']} s: {seeded['counts']}")
    ids = pick(backend)
    backend.start(workers)
    result = {"seed_seconds": seeded["seconds"], "counts": seeded["counts"], "pages": [], "skipped": []}
    try:
        browsers = {"supervisor": Browser(backend.port), "city": Browser(backend.port), "staff": Browser(backend.port)}
        browsers["supervisor"].login("scale-supervisor")
        browsers["city"].login("scale-city-supervisor")
        browsers["staff"].login(ids["staff"])
        for page, who, path in pages_for(ids):
            measured = measure_page(browsers[who], path, scale["samples"])
            if measured is None:
                result["skipped"].append(page)
                log(f"{backend.name}: {page}: no such route, skipped")
                continue
            result["pages"].append({"page": page, "backend": backend.name, "path": path, **measured})
            log(f"{backend.name}: {page}: {measured}")
        task_list = f"/plans/{ids['plan']}/tasks/"
        result["task_list_rps"] = throughput(backend.port, "scale-supervisor", task_list, scale["rps_seconds"])
        result["floor_rps"] = throughput(backend.port, "scale-supervisor", FLOOR, scale["rps_seconds"])
        log(f"{backend.name}: task list {result['task_list_rps']} req/s, floor {result['floor_rps']} req/s")
    finally:
        backend.stop()
    return result


def run_jobs(backend: Backend, scale: dict) -> dict:
    jobs = {}
    for job in ("parse_plan", "import_plan", "midterm_pdf", "ledger_export", "digest"):
        out = subprocess.run(
            [PY, str(ROOT / "bench" / "jobs.py"), job, "--ledger-tasks", str(scale["ledger_tasks"]),
             "--readers", str(scale["readers"])],
            cwd=ROOT, env=backend.env, check=True, text=True, capture_output=True,
        )  # fmt: skip
        measured = json.loads(out.stdout.strip().splitlines()[-1])
        name = {"digest": f"digest_{scale['readers']}", "ledger_export": f"ledger_export_{scale['ledger_tasks']}"}.get(
            job, job
        )
        jobs[name] = measured
        log(f"{backend.name}: job {name}: {measured}")
    return jobs


def machine() -> dict:
    import django

    cpu = mem = ""
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as lines:
        cpu = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    with contextlib.suppress(OSError, StopIteration), open("/proc/meminfo") as lines:
        kb = int(next(line.split()[1] for line in lines if line.startswith("MemTotal")))
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    versions = {"python": platform.python_version(), "django": django.get_version()}
    try:
        import psycopg

        out = subprocess.run(
            # The server's own database: the bench's may not exist yet (or any more).
            ["psql", os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG).rsplit("/", 1)[0] + "/postgres", "-tAc",
             "SHOW server_version"],
            capture_output=True, text=True, timeout=10,
        )  # fmt: skip
        versions["postgresql"] = out.stdout.strip().split()[0] if out.stdout.strip() else "?"
        versions["psycopg"] = psycopg.__version__
    except Exception:  # a missing psql only leaves the version out
        pass
    import sqlite3

    import gunicorn

    versions["sqlite"] = sqlite3.sqlite_version
    versions["gunicorn"] = gunicorn.__version__
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "os": platform.platform(), "versions": versions}


DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/duban_bench"


def write_markdown(results: dict, path: Path) -> None:
    m = results["machine"]
    lines = [
        MARK_START,
        f"## City scale through gunicorn ({results['date']}, `make bench`, scale {results['scale_name']})",
        "",
        f"Machine: {m['cpus']} cores ({m['cpu']}), {m['memory']}, {m['os']}; "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
        + f". Load average at start {results['load_before']}, at end {results['load_after']}. "
        f"gunicorn {results['workers']} sync workers, production settings, Redis cache; a real HTTP client "
        "with real sessions on loopback; warm (the figures of the day cached after the first reader). "
        "Each page was sampled alternately with the floor (an authenticated page that runs every "
        "middleware and no view), so the floor column is from the same minute. Wall-clock total "
        f"{results['total_seconds'] / 60:.1f} min.",
        "",
        "City: "
        + ", ".join(f"{v:,} {k}" for k, v in results["scale"].items())
        + "; written by `seed_scale` in "
        + ", ".join(f"{s} s ({b})" for b, s in results["seed_seconds"].items())
        + ".",
        "",
        "| page | backend | p50 ms | p95 ms | SQL queries | floor p50 ms | p50 / floor |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in results["pages"]:
        ratio = row["p50_ms"] / row["floor_p50_ms"] if row["floor_p50_ms"] else 0
        lines.append(
            f"| {row['page']} | {row['backend']} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['queries']} "
            f"| {row['floor_p50_ms']:.1f} | {ratio:.1f}× |"
        )
    lines += ["", "| throughput, 4 clients | backend | req/s | floor req/s | ratio |", "|---|---|---:|---:|---:|"]
    for backend, r in results["throughput"].items():
        lines.append(
            f"| task list of a plan | {backend} | {r['task_list_rps']} | {r['floor_rps']} "
            f"| {r['task_list_rps'] / r['floor_rps']:.0%} |"
        )
    lines += ["", "| job (PostgreSQL) | seconds | peak MB (growth of the process's peak RSS) |", "|---|---:|---:|"]
    for name, r in results["jobs"].items():
        lines.append(f"| {name} | {r['seconds']} | {r['peak_mb']} |")
    if results.get("skipped"):
        lines += ["", "Not measured (no such route in this build): " + ", ".join(sorted(set(results["skipped"]))) + "."]
    lines.append(MARK_END)
    section = "\n".join(lines)
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if MARK_START in text:
        before, rest = text.split(MARK_START, 1)
        text = before + section + rest.split(MARK_END, 1)[1]
    else:
        head, sep, tail = text.partition("\n\n")
        text = head + sep + section + "\n\n" + tail
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--no-jobs", action="store_true")
    parser.add_argument("--output-dir", default=str(ROOT), help="where results.json (bench/) and BENCHMARKS.md go")
    args = parser.parse_args()
    scale = SCALES[args.scale]
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    out_dir = Path(args.output_dir)
    workdir = Path(tempfile.mkdtemp(prefix="duban-city-bench-"))
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    results = {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "scale_name": args.scale,
        "load_before": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "machine": machine(),
        "workers": workers,
        "pages": [],
        "throughput": {},
        "jobs": {},
        "skipped": [],
    }
    backends = []
    for name in args.backends.split(","):
        if name == "postgres":
            url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
        elif name == "sqlite":
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        else:
            raise SystemExit(f"unknown backend {name}")
        backends.append(Backend(name, url, redis_url, workdir / name))
    try:
        for backend in backends:
            r = run_backend(backend, scale, workers)
            results.setdefault("scale", r["counts"])
            results.setdefault("seed_seconds", {})[backend.name] = r["seed_seconds"]
            results["pages"] += r["pages"]
            results["skipped"] += r["skipped"]
            results["throughput"][backend.name] = {"task_list_rps": r["task_list_rps"], "floor_rps": r["floor_rps"]}
            if not args.no_jobs and not results["jobs"]:
                results["jobs"] = run_jobs(backend, scale)
    finally:
        for backend in backends:
            backend.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    first = results["throughput"][backends[0].name]
    results["task_list_rps"], results["floor_rps"] = first["task_list_rps"], first["floor_rps"]
    results["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    (out_dir / "bench").mkdir(parents=True, exist_ok=True)
    (out_dir / "bench" / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    write_markdown(results, out_dir / "BENCHMARKS.md")
    log(f"done in {results['total_seconds'] / 60:.1f} min: bench/results.json and BENCHMARKS.md written")


if __name__ == "__main__":
    main()
