"""政务公开: off by default (404), switched on by a supervisor (an event), then read without login —
clauses, lead departments, lights, completion and published reports — and nothing unpublished."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required  # noqa: F401  (the exception's mechanism)
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from inspections.models import Finding
from plans.models import Event, Plan
from reports.actions import public_page_set
from tasks.models import ProgressReport, ReportState, YearlyTarget
from tests.conftest import count_queries

QUERY_BUDGET = 20  # the page, the plan's facts (one query per kind), the published reports


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_public_page_is_a_404_until_a_supervisor_switches_it_on_and_then_shows_nothing_unpublished(demo_data):
    plan = Plan.objects.get(source_name__startswith="baoshan")
    users = get_user_model().objects
    anonymous = Client()
    assert anonymous.get(f"/public/{plan.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        public_page_set(actor=users.get(username="staff"), plan=plan, enabled=True)
    public_page_set(actor=users.get(username="supervisor"), plan=plan, enabled=True)
    assert Event.objects.filter(verb="public.enable", plan=plan).count() == 1

    response = anonymous.get(f"/public/{plan.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _visible_text(html)
    assert "(五十八)" in text and "牵头：" in text and "总体完成率" in text
    assert re.search(r'data-light="(blue|green|red|yellow|grey)"', html)

    drafts = ProgressReport.objects.exclude(state=ReportState.ACCEPTED)
    secrets = [t for r in drafts for t in (r.narrative, r.problems, r.next_steps) if t.strip()]
    secrets += [t.targets for t in YearlyTarget.objects.exclude(state=ReportState.ACCEPTED) if t.targets.strip()]
    secrets += [f.description for f in Finding.objects.all()]
    assert len(secrets) > 10
    names = [u.username for u in users.all()] + [u.get_full_name() for u in users.all() if u.get_full_name()]
    assert [s for s in secrets if s in html] == []
    assert [n for n in names if re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", text)] == []

    assert count_queries(lambda: anonymous.get(f"/public/{plan.pk}/")) <= QUERY_BUDGET

    public_page_set(actor=users.get(username="supervisor"), plan=plan, enabled=False)
    assert anonymous.get(f"/public/{plan.pk}/").status_code == 404


def test_the_public_pages_are_the_only_exception_to_the_login_rule():
    """Besides Django's sign-in pages and /healthz, only the two 政务公开 views skip the login."""
    open_views = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and getattr(p.callback, "login_required", True) is False:
                open_views.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, "")
    open_views = {v for v in open_views if not v.startswith("admin:")}
    assert open_views == {"healthz", "login", "reports:public_plan", "reports:public_report_pdf"}
