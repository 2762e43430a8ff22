"""The 延期申请 panel of a task's page: the task's moved due dates, its requests and the form."""

import datetime

from django import template
from django.utils import timezone

from plans.policy import can
from tasks.models import DeadlineExtension

register = template.Library()


@register.inclusion_tag("tasks/_extensions.html", takes_context=True)
def extension_panel(context, task):
    user = context["request"].user
    may_request = can(user, "request_extension", task)
    if may_request:
        from tasks.extension_views import extendable_dates

        # The task page has judged the task already (its ``status``): no second gathering.
        dates = extendable_dates(task, today=timezone.localdate(), status=context.get("status"))
    else:
        dates = []
    moved = sorted(
        (datetime.date.fromisoformat(k), datetime.date.fromisoformat(v)) for k, v in (task.due_overrides or {}).items()
    )
    return {
        "task": task,
        "moved": moved,
        "extensions": list(
            DeadlineExtension.objects.visible_to(user).filter(task=task).select_related("department")[:20]
        ),
        "may_request": may_request and bool(dates),
        "dates": dates,
        "today": timezone.localdate(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def moved_deadline(task):
    """The task's deadline after a granted extension, or None."""
    if not task.deadline or not task.due_overrides:
        return None
    moved = task.due_overrides.get(task.deadline.isoformat())
    return datetime.date.fromisoformat(moved) if moved else None
