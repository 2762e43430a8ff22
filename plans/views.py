from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from plans.actions import department_contacts_update
from plans.forms import DepartmentContactsForm
from plans.models import Department, DepartmentKind, Membership
from plans.policy import can, get_for_user


def department_list(request):
    departments = (
        Department.objects.visible_to(request.user).annotate(member_count=Count("memberships")).order_by("kind", "name")
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
        {"page": page, "query": query, "kind": kind, "kinds": DepartmentKind.choices},
    )


def department_detail(request, pk):
    department = get_for_user(request, Department, pk=pk)
    members = department.memberships.select_related("user").prefetch_related("user__groups")
    can_edit = can(request.user, "edit", department)
    return render(
        request, "plans/department_detail.html", {"department": department, "members": members, "can_edit": can_edit}
    )


def department_edit(request, pk):
    department = get_for_user(request, Department, for_change=True, pk=pk)
    form = DepartmentContactsForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        department_contacts_update(actor=request.user, department=department, emails=form.cleaned_data["emails_text"])
        messages.success(request, "联系方式已保存。")
        return redirect("plans:department_detail", pk=pk)
    return render(request, "plans/department_edit.html", {"department": department, "form": form})


def member_detail(request, pk):
    membership = get_for_user(
        request, Membership.objects.select_related("user", "department").prefetch_related("user__groups"), pk=pk
    )
    return render(request, "plans/member_detail.html", {"membership": membership})
