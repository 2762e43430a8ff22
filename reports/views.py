"""Each role's home page; the dashboards of later issues grow here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render

from plans.models import Department, Membership
from plans.permissions import actor_for


def home(request):
    """Send each user to their role's home page."""
    actor = actor_for(request.user)
    if actor.is_supervisor:
        return redirect("reports:supervision_home")
    if actor.is_leader:
        return redirect("reports:overview")
    if actor.is_department_member:
        return redirect("reports:department_home")
    if actor.is_admin:
        return redirect("admin:index")
    return render(request, "reports/no_role.html")


def department_home(request):
    actor = actor_for(request.user)
    if not actor.department_id:
        raise PermissionDenied("您的账号尚未加入任何部门。")
    department = Department.objects.visible_to(request.user).get(pk=actor.department_id)
    members = Membership.objects.visible_to(request.user).filter(department=department).select_related("user")
    return render(request, "reports/department_home.html", {"department": department, "members": members})


def supervision_home(request):
    actor = actor_for(request.user)
    if not (actor.is_supervisor or actor.is_admin):
        raise PermissionDenied("仅司法局督察员可访问督察总览。")
    return render(request, "reports/supervision_home.html", _overview_context(request.user))


def overview(request):
    actor = actor_for(request.user)
    if not actor.sees_all_submitted_work:
        raise PermissionDenied("仅区领导、督察员和管理员可访问全区总览。")
    return render(request, "reports/overview.html", _overview_context(request.user))


def _overview_context(user) -> dict:
    departments = Department.objects.visible_to(user).active().annotate(member_count=Count("memberships"))
    by_kind: dict[str, int] = {}
    for dept in departments:
        by_kind[dept.get_kind_display()] = by_kind.get(dept.get_kind_display(), 0) + 1
    return {"departments": departments, "departments_by_kind": by_kind}
