"""Which plan a page shows: the one asked for (?plan=), else the user's last choice, else the
current plan — one rule for every page with a plan selector."""

from __future__ import annotations

from plans.models import Plan

SESSION_KEY = "duban:plan"


def choose_plan(request) -> tuple[Plan | None, list[Plan]]:
    """The plan to show and the selector's choices; remembers an explicit choice in the session."""
    asked = request.GET.get("plan")
    plan, plans = Plan.objects.choose(request.user, asked, remembered=request.session.get(SESSION_KEY))
    if asked and plan is not None and str(plan.pk) == asked.strip() and request.session.get(SESSION_KEY) != plan.pk:
        request.session[SESSION_KEY] = plan.pk  # written only when it changes: a session save is two queries
    return plan, plans
