"""A plan's dashboard figures are worked out once for every reader of the day and kept until
something they show changes: a report, a department's name, a clause's label."""

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils import timezone

from plans.models import Department
from tasks.models import ProgressReport, ReportState
from tests.reports.test_dashboards import big_plan  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _after_the_plan(frozen_clock):
    """2026-03-02, after the 2021–2025 plan has ended."""


def dashboard(client, user, plan):
    client.force_login(user)
    return client.get("/supervision/" if user.username == "supervisor" else "/overview/", {"plan": plan.pk}).context[
        "dash"
    ]


def test_a_second_reader_gets_the_kept_figures_with_the_acceptances_named_for_them(client, actors, big_plan):  # noqa: F811
    plan = big_plan(6)
    first = dashboard(client, actors.supervisor, plan)
    assert first.cache_key.startswith(f"dashboard:{plan.pk}:") and cache.get(first.cache_key) is not None

    second = dashboard(client, actors.leader, plan)
    assert [t.pk for t in second.tasks] == [t.pk for t in first.tasks]
    assert second.plan == plan
    assert [r.pk for r in second.recent_accepted] == [r.pk for r in first.recent_accepted]
    assert all(r.dashboard_task.title.startswith("任务") for r in second.recent_accepted)


def test_what_changes_shows_on_the_next_visit(client, actors, big_plan):  # noqa: F811
    plan = big_plan(6)
    before = dashboard(client, actors.supervisor, plan)
    assert before.lights.counts["blue"] == 2

    market = Department.objects.get(pk=actors.market.pk)
    market.name = "区市场监督管理局"
    market.save()
    assert "区市场监督管理局" in {r.department.name for r in dashboard(client, actors.supervisor, plan).departments}

    clause = plan.clauses.get(number=2)
    clause.label = "（二）"
    clause.save()
    assert "（二）" in {t.clause_label for t in dashboard(client, actors.supervisor, plan).tasks}

    report = ProgressReport.objects.filter(task__plan=plan, state=ReportState.ACCEPTED).first()
    report.progress_status = "in_progress"
    report.reviewed_at = timezone.now()
    report.save()
    assert dashboard(client, actors.supervisor, plan).lights.counts["blue"] == 1


def test_the_page_keeps_its_rendering_of_the_figures_until_they_change(client, actors, big_plan):  # noqa: F811
    plan = big_plan(6)
    client.force_login(actors.supervisor)
    response = client.get("/supervision/", {"plan": plan.pk})
    assert 'data-department="区市场监管局"' in response.content.decode()
    ranking = make_template_fragment_key("dashboard_ranking", [response.context["dash"].cache_key])
    assert 'data-department="区市场监管局"' in cache.get(ranking)  # the rendered ranking, kept

    market = Department.objects.get(pk=actors.market.pk)
    market.name = "区市场监督管理局"
    market.save()
    page = client.get("/supervision/", {"plan": plan.pk}).content.decode()
    assert 'data-department="区市场监督管理局"' in page and 'data-department="区市场监管局"' not in page
