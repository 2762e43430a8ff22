from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from plans import actions
from plans.actions import department_contacts_update
from plans.forms import DepartmentContactsForm, PasswordChoiceForm, StaffCreateForm
from plans.models import Department, DepartmentKind, Event, Membership
from plans.policy import can, compares_districts, get_for_user, require


def department_list(request):
    departments = (
        Department.objects.visible_to(request.user)
        .annotate(member_count=Count("memberships"))
        .select_related("area__jurisdiction")
        .order_by("kind", "name", "area__path")
    )
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if query:
        departments = departments.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    if kind in DepartmentKind.values:
        departments = departments.filter(kind=kind)
    page = Paginator(departments, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/department_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": DepartmentKind.choices,
            # Above several districts, each has its own 区司法局, 区市场监管局 …: say whose.
            "show_area": compares_districts(request.user),
        },
    )


def department_detail(request, pk):
    department = get_for_user(request, Department, pk=pk)
    members = list(department.memberships.select_related("user").prefetch_related("user__groups"))
    for m in members:
        m.can_deactivate = can(request.user, "deactivate", m)
        m.can_reactivate = can(request.user, "reactivate", m)
        m.can_reset_password = can(request.user, "reset_password", m)
    context = {
        "department": department,
        "members": members,
        "can_edit": can(request.user, "edit", department),
        "can_add_staff": can(request.user, "add_staff", department),
    }
    return render(request, "plans/department_detail.html", context)


def department_edit(request, pk):
    department = get_for_user(request, Department, for_change=True, pk=pk)
    form = DepartmentContactsForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        department_contacts_update(actor=request.user, department=department, emails=form.cleaned_data["emails_text"])
        messages.success(request, "联系方式已保存。")
        return redirect("plans:department_detail", pk=pk)
    return render(request, "plans/department_edit.html", {"department": department, "form": form})


MEMBER_VERBS = {
    "member.add": "添加账号",
    "member.deactivate": "停用账号",
    "member.reactivate": "重新启用账号",
    "member.password_reset": "重置密码",
}


def member_detail(request, pk):
    membership = _membership(request, pk)
    account_events = (
        Event.objects.visible_to(request.user)
        .filter(content_type=ContentType.objects.get_for_model(Membership), object_id=membership.pk)
        .order_by("-occurred_at", "-pk")[:20]
    )
    for event in account_events:
        event.label = MEMBER_VERBS.get(event.verb, event.verb)
    context = {
        "membership": membership,
        "account_events": account_events,
        "can_deactivate": can(request.user, "deactivate", membership),
        "can_reactivate": can(request.user, "reactivate", membership),
        "can_reset_password": can(request.user, "reset_password", membership),
    }
    return render(request, "plans/member_detail.html", context)


def _membership(request, pk):
    return get_for_user(
        request, Membership.objects.select_related("user", "department").prefetch_related("user__groups"), pk=pk
    )


def _password_shown(request, membership, password: str, *, created: bool):
    """The one page that shows a one-time password: rendered in the response itself (never a
    message kept in the session), and never cached."""
    context = {"membership": membership, "password": password, "created": created}
    return render(request, "plans/member_password_shown.html", context)


@never_cache
def member_add(request, pk):
    """A head adds a 填报员 account to their own department."""
    department = get_for_user(request, Department, pk=pk)
    require(request.user, "add_staff", department, "只能为本部门添加账号。")
    form = StaffCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = actions.staff_create(
                actor=request.user,
                department=department,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                title=data["title"],
                phone=data["phone"],
                password=data["new_password1"] or None,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if data["new_password1"]:
                messages.success(request, f"已添加填报员“{user.get_full_name() or user.username}”。")
                return redirect("plans:department_detail", pk=department.pk)
            return _password_shown(request, user.membership, password, created=True)
    return render(request, "plans/member_add.html", {"department": department, "form": form})


@require_POST
def member_deactivate(request, pk):
    membership = _membership(request, pk)
    actions.staff_deactivate(actor=request.user, membership=membership)
    messages.success(
        request, f"已停用“{membership.user.get_full_name() or membership.user.username}”的账号，其填报记录保留。"
    )
    return redirect("plans:department_detail", pk=membership.department_id)


@require_POST
def member_reactivate(request, pk):
    membership = _membership(request, pk)
    actions.staff_reactivate(actor=request.user, membership=membership)
    messages.success(request, f"已重新启用“{membership.user.get_full_name() or membership.user.username}”的账号。")
    return redirect("plans:department_detail", pk=membership.department_id)


@never_cache
def member_password(request, pk):
    """A head resets a 填报员's password: a generated one-time password, or one they type."""
    membership = _membership(request, pk)
    require(request.user, "reset_password", membership, "只能重置本部门填报员的密码。")
    form = PasswordChoiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["new_password1"]
        try:
            password = actions.staff_password_reset(actor=request.user, membership=membership, password=chosen or None)
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            if chosen:
                messages.success(request, "密码已重置。")
                return redirect("plans:department_detail", pk=membership.department_id)
            return _password_shown(request, membership, password, created=False)
    return render(request, "plans/member_password.html", {"membership": membership, "form": form})
