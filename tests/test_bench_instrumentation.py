"""The benchmark's instrumentation is off unless BENCH_ENABLED: no SQL counts in the headers and no
floor page. When on, every response says how many queries it made and the floor answers signed-in
users only. The replica router sends only the domain apps' reads, only inside the dashboards."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from config.routers import ReplicaRouter, reading_replica
from tasks.models import Task


def test_without_the_switch_there_are_no_counts_and_no_floor(client, actors, settings):
    assert "config.bench.QueryCountMiddleware" not in settings.MIDDLEWARE
    client.force_login(actors.supervisor)
    response = client.get("/review/")
    assert response.status_code == 200 and "X-Bench-Queries" not in response.headers
    assert client.get("/__bench__/floor").status_code == 404


def test_with_the_switch_responses_count_their_queries_and_the_floor_needs_a_login(client, actors, settings):
    with override_settings(
        MIDDLEWARE=["config.bench.QueryCountMiddleware", *settings.MIDDLEWARE, "config.bench.FloorMiddleware"]
    ):
        assert client.get("/__bench__/floor").status_code == 403
        client.force_login(actors.supervisor)
        response = client.get("/review/")
        assert int(response.headers["X-Bench-Queries"]) == int(response.headers["X-Bench-Queries-default"]) > 0
        floor = client.get("/__bench__/floor")
        assert floor.status_code == 200 and 0 < int(floor.headers["X-Bench-Queries"]) <= 3


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_the_replica_takes_only_the_domain_reads_inside_a_dashboard(settings):
    router = ReplicaRouter()
    User = get_user_model()
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    assert router.db_for_read(Task) is None  # outside a dashboard: the primary
    with reading_replica():
        assert router.db_for_read(Task) == "replica"
        assert router.db_for_read(User) is None  # accounts and sessions: the primary
        assert router.db_for_write(Task) == "default"
    assert router.allow_migrate("replica", "tasks") is False
