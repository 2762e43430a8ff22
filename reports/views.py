"""Each role's home page: the dashboards of a plan, for the whole district or one department."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from plans.models import Department, Membership
from plans.policy import actor_for, landing_page, require
from plans.selection import choose_plan
from reports.dashboards import build_dashboard

LANDING_URLS = {
    "supervision": "reports:supervision_home",
    "overview": "reports:overview",
    "department": "reports:department_home",
    "admin": "admin:index",
}


def home(request):
    """Send each user to their role's home page."""
    landing = landing_page(request.user)
    if landing:
        return redirect(LANDING_URLS[landing])
    return render(request, "reports/no_role.html")


def _as_of(request) -> datetime.date | None:
    """?as_of=YYYY-MM-DD: the facts recorded by the end of that day; today, nothing or a bad value
    (said so in a message) is the live view."""
    value = request.GET.get("as_of", "").strip()
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        messages.error(request, f"“{value}”不是有效日期（格式：2023-12-31），下面显示的是当前情况。")
        return None
    if day > timezone.localdate():
        messages.error(request, f"{value} 尚未到来，下面显示的是当前情况。")
        return None
    return day if day < timezone.localdate() else None  # today's facts are the live ones


def _dashboard_context(request, department=None, *, as_of: datetime.date | None = None) -> dict:
    plan, plans = choose_plan(request)
    context = {"plan": plan, "plans": plans, "as_of": as_of}
    if plan is not None:
        context["dash"] = build_dashboard(
            plan, request.user, today=timezone.localdate(), department=department, as_of=as_of
        )
    return context


def department_home(request):
    require(request.user, "view_department_home", message="您的账号尚未加入任何部门。")
    department = Department.objects.visible_to(request.user).get(pk=actor_for(request.user).department_id)
    members = Membership.objects.visible_to(request.user).filter(department=department).select_related("user")
    context = _dashboard_context(request, department=department)
    context.update(department=department, members=members)
    return render(request, "reports/department_home.html", context)


def supervision_home(request):
    require(request.user, "view_supervision", message="仅司法局督察人员可访问督察总览。")
    context = _dashboard_context(request, as_of=_as_of(request))
    return render(request, "reports/supervision_home.html", {**context, "show_as_of": True})


def overview(request):
    require(request.user, "view_overview", message="仅区级领导、督察人员和管理员可访问全区总览。")
    context = _dashboard_context(request, as_of=_as_of(request))
    return render(request, "reports/overview.html", {**context, "show_as_of": True})
