"""`make bench` at a small scale, end to end: a fresh database, the city, gunicorn with the
production settings, logins, pages beside the floor and the throughput run, results written.
A smoke test: it asserts what was measured, never how fast."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_end_to_end_at_a_small_scale(tmp_path):
    redis = urlparse(os.environ["REDIS_URL"])
    # A Redis database of its own: the bench empties it (the test session's worker uses REDIS_URL's).
    bench_redis = os.environ.get("BENCH_REDIS_URL") or redis._replace(path="/15").geturl()
    (tmp_path / "BENCHMARKS.md").write_text("# Benchmarks\n\nEarlier figures.\n")
    result = subprocess.run(
        [sys.executable, "bench/city.py", "--scale", "small", "--backends", "sqlite", "--no-jobs",
         "--output-dir", str(tmp_path)],
        cwd=ROOT, env={**os.environ, "BENCH_REDIS_URL": bench_redis}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads((tmp_path / "bench" / "results.json").read_text())
    pages = {row["page"]: row for row in results["pages"]}
    assert {"supervision dashboard", "task list of a plan", "review queue", "findings ledger"} <= pages.keys()
    assert all(row["queries"] > 0 and row["backend"] == "sqlite" for row in results["pages"])
    assert results["scale"]["progressreport"] > 0 and results["task_list_rps"] > 0 and results["floor_rps"] > 0
    markdown = (tmp_path / "BENCHMARKS.md").read_text()
    assert "Earlier figures." in markdown and "| supervision dashboard | sqlite |" in markdown
