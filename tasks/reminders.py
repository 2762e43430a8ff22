"""Reminders (催办): a daily job mails each department's contacts before a report or milestone is
due and again once it is overdue (a supervisor's manual 催办 is the action tasks.actions.task_urge).

Every reminder is claimed by a unique key (item + department + stage) before it is sent, so a
second run for the same day, a retry or two beat processes never send it twice. Jobs take the
date they run for (``today``), so tests move time without touching a worker's clock.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from notifications.actions import delivery_claim
from notifications.models import Robot
from notifications.tasks import deliver
from plans.models import Department
from plans.policy import SYSTEM
from tasks.facts import gather_facts
from tasks.models import HANDED_IN_STATES, Task
from tasks.status import owed_reports


@dataclass(frozen=True)
class Reminder:
    key: str
    stage: str  # "soon" | "overdue"
    department: Department
    task: Task
    due_date: datetime.date
    what: str

    @property
    def stage_label(self) -> str:
        return "即将到期" if self.stage == "soon" else "已逾期"


def _stage(due: datetime.date, today: datetime.date) -> str | None:
    if today <= due <= today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE):
        return "soon"
    if today - datetime.timedelta(days=settings.REMINDER_OVERDUE_LOOKBACK_DAYS) <= due < today:
        return "overdue"
    return None


def due_reminders(today: datetime.date) -> list[Reminder]:
    """What should be reminded of on ``today``; overdue items only within the look-back window, so
    that a first run on an old plan does not mail its whole past. Who owes a report is
    tasks.status's one definition, read from the plan's facts."""
    window_start = today - datetime.timedelta(days=settings.REMINDER_OVERDUE_LOOKBACK_DAYS)
    tasks = list(
        Task.objects.filter(archived_at__isnull=True, plan__end_year__gte=window_start.year)
        .select_related("clause")
        .order_by("plan_id", "position")
    )
    by_plan: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        by_plan[task.plan_id].append(task)
    facts = {plan_id: gather_facts(plan_id, today=today) for plan_id in by_plan}
    department_ids = {
        d for f in facts.values() for t in f.facts.values() for d in t.lead_department_ids + t.supporting_department_ids
    }
    departments = Department.objects.in_bulk(department_ids)
    reminders = []
    for plan_id, plan_tasks in by_plan.items():
        plan_facts = facts[plan_id]
        for task in plan_tasks:
            task_facts = plan_facts.facts.get(task.pk)
            if task_facts is None:
                continue
            handed_in = {(r.department_id, r.period_id) for r in task_facts.reports if r.state in HANDED_IN_STATES}
            for department_id, period in owed_reports(task_facts):
                stage = _stage(period.due_date, today)
                if stage and (department_id, period.id) not in handed_in:
                    key = f"reminder:report:{task.pk}:{department_id}:{period.id}:{stage}"
                    what = f"{period.label}进展报告"
                    reminders.append(Reminder(key, stage, departments[department_id], task, period.due_date, what))
            for m in plan_facts.status(task.pk).milestones:
                stage = _stage(m.milestone.due_date, today)
                if not stage or m.state == "met" or m.milestone.recurring:
                    continue
                ident = hashlib.sha1(f"{m.milestone.due_date}{m.milestone.phrase}".encode()).hexdigest()[:10]
                for department_id in task_facts.lead_department_ids:
                    key = f"reminder:milestone:{task.pk}:{department_id}:{ident}:{stage}"
                    what = f"时间节点“{m.milestone.phrase}”"
                    reminders.append(Reminder(key, stage, departments[department_id], task, m.milestone.due_date, what))
    return sorted(reminders, key=lambda r: (r.department.name, r.due_date, r.key))


def task_label(task: Task) -> str:
    return f"{task.clause.label}{task.title}" if task.clause_id else task.title


def task_url(task: Task) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("tasks:task_detail", args=[task.pk])


def robots_of(department: Department) -> list[Robot]:
    return list(Robot.objects.filter(department=department, is_active=True))


def send_reminders(today: datetime.date) -> int:
    """Claim today's reminders and queue their delivery after commit; returns how many were new."""
    claimed = []
    with transaction.atomic():
        for r in due_reminders(today):
            context = {
                "department": r.department.name,
                "stage": r.stage,
                "stage_label": r.stage_label,
                "task": task_label(r.task),
                "what": r.what,
                "due_date": r.due_date.isoformat(),
                "days": (r.due_date - today).days,
                "url": task_url(r.task),
            }
            # The department's contacts by mail, and its group robots (each claimed by a key of its own).
            targets = [(r.key, None)] if r.department.emails else []
            targets += [(f"{r.key}:robot:{robot.pk}", robot) for robot in robots_of(r.department)]
            for key, robot in targets:
                delivery = delivery_claim(
                    actor=SYSTEM,
                    key=key,
                    template="reminder",
                    context=context,
                    recipients=[] if robot else r.department.emails,
                    department=r.department,
                    ref=f"task:{r.task.pk}",
                    robot=robot,
                )
                if delivery is not None:
                    claimed.append(delivery.pk)
        transaction.on_commit(lambda: [deliver.delay(pk) for pk in claimed])
    return len(claimed)
