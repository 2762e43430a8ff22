"""延期申请 pages: a department asks on the task's page, a supervisor decides on the request's page."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from plans.policy import can, get_for_user, require
from tasks.actions import extension_decide, extension_request
from tasks.facts import facts_of_tasks
from tasks.models import DeadlineExtension, Task


def extendable_dates(task: Task, *, today: datetime.date, status=None) -> list[tuple[datetime.date, str]]:
    """The task's one-off due dates not met yet, as the lights see them (date, what it is); from
    the task's ``status`` when the page has it already."""
    if status is None:
        status = facts_of_tasks(task.plan_id, [task], today=today).status(task.pk)
    seen, dates = set(), []
    for m in status.milestones:
        if m.state == "met" or m.milestone.recurring or m.milestone.yearly_target or m.milestone.due_date in seen:
            continue
        seen.add(m.milestone.due_date)
        dates.append((m.milestone.due_date, m.milestone.phrase))
    return dates


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        return None


@require_POST
def extension_request_view(request, pk):
    task = get_for_user(request, Task.objects.prefetch_related("assignments"), pk=pk)
    require(request.user, "request_extension", task, "只有承担此项任务的部门可以申请延期。")
    original, proposed = _date(request.POST.get("original_due", "")), _date(request.POST.get("proposed_due", ""))
    offered = {d for d, _phrase in extendable_dates(task, today=timezone.localdate())}
    if original not in offered or proposed is None:
        messages.error(request, "请选择要延期的时限并填写申请延至的日期。")
    else:
        try:
            extension_request(
                actor=request.user,
                task=task,
                original_due=original,
                proposed_due=proposed,
                reason=request.POST.get("reason", "")[:2000],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "延期申请已提交，等待司法局审批。")
    return redirect("tasks:task_detail", pk=pk)


def extension_detail(request, pk):
    extension = get_for_user(
        request,
        DeadlineExtension.objects.select_related("task__clause", "department", "requested_by", "decided_by"),
        pk=pk,
    )
    context = {"extension": extension, "task": extension.task, "can_decide": can(request.user, "decide", extension)}
    return render(request, "tasks/extension_detail.html", context)


@require_POST
def extension_decide_view(request, pk):
    extension = get_for_user(request, DeadlineExtension, pk=pk)
    grant = request.POST.get("decision") == "grant"
    try:
        extension_decide(
            actor=request.user, extension=extension, grant=grant, comment=request.POST.get("comment", "")[:2000]
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("tasks:extension_detail", pk=pk)
    messages.success(request, "已批准延期，任务时限已调整。" if grant else "已不予批准。")
    return redirect("tasks:task_detail", pk=extension.task_id)
