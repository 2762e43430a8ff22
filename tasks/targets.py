"""Yearly targets (年度目标): the lead department's commitments for a task and year, with dated
steps, reviewed in the same workflow as progress reports (tasks.progress.move_report)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from plans.policy import actor_for, can
from tasks.models import Task, YearlyMilestone, YearlyTarget
from tasks.progress import StaleReportError


@dataclass
class MilestoneInput:
    due_date: datetime.date
    description: str


def ensure_lead(user, task: Task) -> int:
    """The user's department id, when it leads the task; only the lead sets yearly targets."""
    if not can(user, "set_targets", task):
        raise PermissionDenied("只有牵头部门可以填报年度目标。")
    return actor_for(user).department_id


@transaction.atomic
def save_target(
    *,
    task: Task,
    year: int,
    user,
    targets: str,
    measures: str,
    indicator_targets: dict,
    milestones: list[MilestoneInput],
    version: int | None,
) -> YearlyTarget:
    """Create or save the draft of a yearly target and replace its dated steps; refused (stale)
    when someone saved it since ``version`` was read."""
    department_id = ensure_lead(user, task)
    if year not in task.plan.years:
        raise ValidationError(f"{year} 年不在规划期 {task.plan.start_year}–{task.plan.end_year} 内。")
    for m in milestones:
        if m.due_date.year != year:
            raise ValidationError(f"节点“{m.description}”的日期 {m.due_date} 不在 {year} 年内。")
    target = YearlyTarget.objects.select_for_update().filter(task=task, department_id=department_id, year=year).first()
    values = {"targets": targets, "measures": measures, "indicator_targets": indicator_targets}
    if target is None:
        if version not in (None, 0):
            raise StaleReportError("该年度目标已被删除，请刷新页面。")
        target = YearlyTarget(task=task, department_id=department_id, year=year, updated_by=user, **values)
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError as exc:
            raise StaleReportError("该年度目标刚被他人创建。为避免覆盖，您的内容未保存，仍保留在页面上。") from exc
    else:
        if not target.is_editable:
            raise ValidationError(f"年度目标当前为“{target.get_state_display()}”，不能修改。")
        if version != target.version:
            raise StaleReportError("该年度目标已被他人修改。为避免覆盖，您的内容未保存，仍保留在页面上。")
        updated = YearlyTarget.objects.filter(pk=target.pk, version=version).update(
            **values, updated_by=user, version=F("version") + 1
        )
        if updated != 1:
            raise StaleReportError("该年度目标已被他人修改。为避免覆盖，您的内容未保存，仍保留在页面上。")
        target.refresh_from_db()
        target._change_reason = "保存"
        target.save(update_fields=["updated_at"])  # the UPDATE above wrote no history
    target.milestones.all().delete()
    for m in milestones:  # one by one: each step gets its history record
        YearlyMilestone.objects.create(target=target, due_date=m.due_date, description=m.description[:200])
    return target
