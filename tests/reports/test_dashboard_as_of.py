"""The supervision and overview dashboards as of a past day: what was recorded by the end of that
day, unchanged by anything recorded later."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth import get_user_model

from plans.models import Department, Plan
from tasks.actions import work_move
from tasks.models import Assignment, ProgressReport, ReportState

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def demo(demo_data):
    return Plan.objects.get(source_name__startswith="baoshan")


@pytest.fixture
def cast(demo_data):
    """The demo's own people and a 街镇 that has no part in the plan's first tasks."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["supervisor", "leader"])}
    return SimpleNamespace(
        supervisor=users["supervisor"], leader=users["leader"], town2=Department.objects.get(name="大场镇")
    )


def figures(dash):
    return (
        dict(dash.lights.counts),
        dash.percent,
        [(row.chapter.number if row.chapter else None, row.percent, dict(row.lights.counts)) for row in dash.chapters],
        [(r.department.name, r.reports_due, r.reports_on_time, r.milestones_met, r.returned) for r in dash.departments],
        [m.state for m in dash.timeline],
        [r.pk for r in dash.recent_accepted],
    )


def test_the_dashboard_as_of_2023_is_unchanged_by_a_change_recorded_in_2024(client, cast, demo):
    client.force_login(cast.supervisor)
    url = "/supervision/"
    before = client.get(url, {"plan": demo.pk, "as_of": "2023-12-31"})
    assert before.status_code == 200
    assert "截至2023年12月31日" in before.content.decode()
    assert before.context["dash"].today == datetime.date(2023, 12, 31)
    live_before = figures(client.get(url, {"plan": demo.pk}).context["dash"])

    # In 2024 a supervisor reopens an accepted 2023 report and a department joins a task.
    report = (
        ProgressReport.objects.filter(task__plan=demo, period__year=2023, state=ReportState.ACCEPTED)
        .select_related("period")
        .order_by("pk")
        .first()
    )
    with time_machine.travel(datetime.datetime(2024, 2, 1, 10, tzinfo=BEIJING), tick=False):
        work_move(work=report, actor=cast.supervisor, to=ReportState.RETURNED, comment="补充材料")
        Assignment.objects.create(task=report.task, department=cast.town2, role=Assignment.Role.SUPPORT)

    after = client.get(url, {"plan": demo.pk, "as_of": "2023-12-31"})
    assert figures(after.context["dash"]) == figures(before.context["dash"])
    assert figures(client.get(url, {"plan": demo.pk}).context["dash"]) != live_before  # live sees it
    assert "大场镇" in [r.department.name for r in client.get(url, {"plan": demo.pk}).context["dash"].departments]


def test_as_of_reads_the_past_as_it_was_then(client, cast, demo):
    """At the end of 2023 no task had been reported done in 2024 or later, and 2024's reports were
    not handed in yet."""
    client.force_login(cast.leader)
    dash = client.get("/overview/", {"plan": demo.pk, "as_of": "2023-12-31"}).context["dash"]
    live = client.get("/overview/", {"plan": demo.pk}).context["dash"]
    assert dash.lights.counts["blue"] < live.lights.counts["blue"]
    assert all(r.reviewed_at < datetime.datetime(2024, 1, 1, tzinfo=BEIJING) for r in dash.recent_accepted)
    assert dash.percent < live.percent


def test_an_invalid_date_says_so_and_shows_the_live_view(client, actors, empty_plan):
    client.force_login(actors.supervisor)
    response = client.get("/supervision/", {"plan": empty_plan.pk, "as_of": "2023-02-30"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "不是有效日期" in page and "截至2023年" not in page
    assert response.context["dash"].as_of is None
    assert 'name="as_of"' in page and 'type="date"' in page


@pytest.fixture
def empty_plan(actors):
    return Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
