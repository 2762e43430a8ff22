"""Forget a plan's cached facts when anything they are made of changes.

Every action's event says so once its transaction has committed (``plans.events.event_recorded``);
saves and deletes of the models the facts read say so too, for the changes that are not actions
(the Django admin). Bulk writes send no signals: their callers invalidate.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from plans.events import event_recorded
from plans.models import Chapter, Clause, Department, Event, Milestone
from tasks import pickers
from tasks.facts import invalidate_plan_facts
from tasks.models import Assignment, ProgressReport, Task, YearlyMilestone, YearlyTarget


def _plan_id(instance) -> int | None:
    if isinstance(instance, Task | Milestone):
        return instance.plan_id
    if isinstance(instance, YearlyMilestone):
        return Task.objects.filter(yearly_targets__pk=instance.target_id).values_list("plan_id", flat=True).first()
    task_id = instance.task_id
    cached = instance._state.fields_cache.get("task")
    if cached is not None:
        return cached.plan_id
    return Task.objects.filter(pk=task_id).values_list("plan_id", flat=True).first()


def _invalidate(sender, instance, **kwargs) -> None:
    plan_id = _plan_id(instance)
    if plan_id is not None:
        invalidate_plan_facts(plan_id)
        # Again after commit: a page that read the old rows meanwhile must not keep them cached.
        transaction.on_commit(lambda: invalidate_plan_facts(plan_id))


for model in (ProgressReport, YearlyTarget, YearlyMilestone, Assignment, Task, Milestone):
    post_save.connect(_invalidate, sender=model, dispatch_uid=f"facts-{model.__name__}-save")
    post_delete.connect(_invalidate, sender=model, dispatch_uid=f"facts-{model.__name__}-delete")


def _invalidate_on_event(sender, event, **kwargs) -> None:
    if event.plan_id is not None:
        invalidate_plan_facts(event.plan_id)


event_recorded.connect(_invalidate_on_event, sender=Event, dispatch_uid="facts-event")


# The task list's pickers show chapters and department names (tasks.pickers); the dashboards'
# figures also clause labels (reports.dashboards).
for model in (Chapter, Clause, Department):
    post_save.connect(pickers.bump_generation, sender=model, dispatch_uid=f"pickers-{model.__name__}-save")
    post_delete.connect(pickers.bump_generation, sender=model, dispatch_uid=f"pickers-{model.__name__}-delete")
