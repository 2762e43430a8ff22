"""待办: what waits for a user today, in one place — on every role's home page, at /todo/ and as a
count in the header.

The to-do centre is a registry of sources. Each source is one function ``source(user, actor,
today) -> list[TodoItem]`` registered with ``register_todo_source(key, title, source)``; the
centre shows the sections in the order they were registered and skips empty ones. A source
answers for every user (an empty list when it has nothing for them) and reads with a fixed
number of queries, whatever the data. This module registers the sources of the reporting
workflow and of 督察 (``inspections.todo``); another app of this layer adds its own the same way,
for example the annual reports::

    from reports.todo import register_todo_source
    register_todo_source("annual_reports", "年度报告", annual_reports_due)

The sections (and so the header's count) are cached per user until the next event is recorded
(``reports.apps`` bumps the generation on ``event_recorded``) or the day changes, so most pages pay
no query for them.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from inspections.todo import SECTION_ITEMS, TodoItem, TodoItems
from inspections.todo import todo_for as inspection_todo
from plans.models import Plan
from plans.policy import Actor, actor_for, review_step
from reports.annual import annual_reports_due_for
from tasks.facts import gather_facts
from tasks.models import DeadlineExtension, ProgressReport, ReportState, YearlyTarget
from tasks.status import unreported_periods

__all__ = [
    "TodoItem",
    "TodoItems",
    "TodoSection",
    "bump_generation",
    "register_todo_source",
    "todo_count",
    "todo_for",
    "todo_sections",
]

TodoSource = Callable[[object, Actor, datetime.date], list[TodoItem]]


@dataclass
class TodoSection:
    key: str
    title: str
    items: list[TodoItem]
    more_url: str = ""

    @property
    def total(self) -> int:
        return getattr(self.items, "total", len(self.items))

    @property
    def overdue(self) -> int:
        counted = getattr(self.items, "overdue", None)
        return sum(1 for item in self.items if item.overdue) if counted is None else counted

    @property
    def unlisted(self) -> int:
        """Items counted but not listed (beyond SECTION_ITEMS)."""
        return self.total - len(self.items)


_SOURCES: dict[str, tuple[str, TodoSource, str]] = {}


def register_todo_source(key: str, title: str, source: TodoSource, *, more_url: str = "") -> None:
    """Add a section to the to-do centre (the hook for other kinds of work, such as annual
    reports). ``source(user, actor, today)`` returns the user's items, each linking to the form
    where it is done — a list, or ``TodoItems`` when it lists only the first of many; ``more_url``
    names the page with all of them. Registering a key again replaces the source."""
    _SOURCES[key] = (title, source, more_url)


def todo_for(user, *, today: datetime.date) -> list[TodoSection]:
    """The user's non-empty sections, in the order the sources were registered."""
    actor = actor_for(user)
    if not actor.is_authenticated:
        return []
    sections = []
    for key, (title, source, more_url) in _SOURCES.items():
        items = source(user, actor, today)
        if items:
            sections.append(TodoSection(key, title, items, reverse(more_url) if more_url else ""))
    return sections


# --- Cached per user: the header's count and the home pages' sections ------------------------------

GENERATION_KEY = "todo:generation"
COUNT_SECONDS = 600


def bump_generation() -> None:
    """Something happened (an event was recorded): every cached to-do is stale."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def todo_sections(user, *, today: datetime.date | None = None) -> list[TodoSection]:
    """``todo_for``, gathered at most once per user until the next event or the next day: the
    header's count on every page and the to-do on the home pages read the same answer (a
    supervisor's to-do was half of a dashboard's time at city scale, #24)."""
    actor = actor_for(user)
    if not actor.is_authenticated:
        return []
    today = today or timezone.localdate()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(GENERATION_KEY, generation, None)
    # Who the user is now is part of the key: a new role or department needs no event to show.
    who = f"{actor.department_id}:{actor.area_id}:{','.join(sorted(actor.roles))}:{actor.is_superuser}"
    key = f"todo:sections:{actor.user_id}:{who}:{generation}:{today}"
    sections = cache.get(key)
    if sections is None:
        sections = todo_for(user, today=today)
        cache.set(key, sections, COUNT_SECONDS)
    return sections


def todo_count(user, *, today: datetime.date | None = None) -> int:
    """How many items wait for the user (cached as ``todo_sections``)."""
    return sum(section.total for section in todo_sections(user, today=today))


# --- The sources of the reporting workflow --------------------------------------------------------


def _task_label(task) -> str:
    return f"{task.clause.label}{task.title}" if getattr(task, "clause", None) else f"任务{task.code} {task.title}"


_URL_TASK, _URL_PERIOD = 2147483646, 2147483647


def reports_to_write(user, actor: Actor, today: datetime.date) -> list[TodoItem]:
    """The department's reports owed on every active plan's tasks and not handed in — overdue
    past periods first — except returned ones (their own section). From the cached plan facts."""
    if not actor.is_department_member:
        return []
    items = []
    # One reverse() for every item: a busy department owes hundreds of reports.
    edit_url = reverse("tasks:report_edit", args=[_URL_TASK, _URL_PERIOD])
    plans = Plan.objects.filter(archived_at__isnull=True).in_own_jurisdiction(user)
    for plan_id in plans.order_by("created_at", "pk").values_list("pk", flat=True):
        facts = gather_facts(plan_id, today=today)
        for task_id, task in facts.tasks.items():
            task_facts = facts.facts[task_id]
            department_id = actor.department_id
            if department_id not in task_facts.lead_department_ids + task_facts.supporting_department_ids:
                continue
            returned = {
                r.period_id
                for r in task_facts.reports
                if r.department_id == department_id and r.state == ReportState.RETURNED
            }
            for period in unreported_periods(task_facts, department_id, today):
                if period.id in returned:
                    continue
                overdue = period.due_date < today
                items.append(
                    TodoItem(
                        "逾期未报" if overdue else "待填报",
                        f"{period.label} · 任务{task.code} {task.title[:40]}",
                        edit_url.replace(str(_URL_TASK), str(task_id)).replace(str(_URL_PERIOD), str(period.id)),
                        period.due_date,
                        overdue,
                    )
                )
    return TodoItems.first_of(sorted(items, key=lambda i: (i.due, i.url)))


def _awaiting(user, actor: Actor, today: datetime.date, step: str) -> list[TodoItem]:
    if review_step(actor) != step:
        return []
    label = "待确认" if step == "confirm" else "待审核"
    items = []
    reports = ProgressReport.objects.awaiting(user)
    targets = YearlyTarget.objects.awaiting(user)
    for report in reports.select_related("task__clause", "department", "period")[:SECTION_ITEMS]:
        items.append(
            TodoItem(
                f"进展报告{label}",
                f"{report.department.name} · {report.period.label} · {_task_label(report.task)[:40]}",
                reverse("tasks:report_detail", args=[report.pk]),
            )
        )
    for target in targets.select_related("task__clause", "department")[: SECTION_ITEMS - len(items)]:
        items.append(
            TodoItem(
                f"年度目标{label}",
                f"{target.department.name} · {target.year}年 · {_task_label(target.task)[:40]}",
                reverse("tasks:target_detail", args=[target.pk]),
            )
        )
    if len(items) < SECTION_ITEMS:  # all of them are listed: no counting needed
        return items
    return TodoItems(items, total=reports.count() + targets.count())


def awaiting_confirmation(user, actor: Actor, today: datetime.date) -> list[TodoItem]:
    """待确认: the department's submissions waiting for its head."""
    return _awaiting(user, actor, today, "confirm")


def awaiting_review(user, actor: Actor, today: datetime.date) -> list[TodoItem]:
    """待审核: confirmed work waiting for a supervisor."""
    return _awaiting(user, actor, today, "accept")


def returned_work(user, actor: Actor, today: datetime.date) -> list[TodoItem]:
    """Reports and yearly targets sent back to the department, to revise and hand in again."""
    if not actor.is_department_member:
        return []
    own = {"department_id": actor.department_id, "state": ReportState.RETURNED}
    items = []
    for report in (
        ProgressReport.objects.visible_to(user)
        .filter(**own)
        .select_related("task__clause", "period")
        .order_by("period__due_date", "pk")
    ):
        items.append(
            TodoItem(
                "进展报告被退回",
                f"{report.period.label} · {_task_label(report.task)[:40]}"
                + (f" · 意见：{report.review_comment[:30]}" if report.review_comment else ""),
                reverse("tasks:report_edit", args=[report.task_id, report.period_id]),
                report.period.due_date,
                report.period.due_date < today,
            )
        )
    for target in YearlyTarget.objects.visible_to(user).filter(**own).select_related("task__clause"):
        items.append(
            TodoItem(
                "年度目标被退回",
                f"{target.year}年 · {_task_label(target.task)[:40]}",
                reverse("tasks:target_edit", args=[target.task_id, target.year]),
            )
        )
    return TodoItems.first_of(items)


def extensions_to_decide(user, actor: Actor, today: datetime.date) -> list[TodoItem]:
    """延期申请 waiting for a supervisor's decision."""
    if not actor.reviews_work:
        return []
    requested = (
        DeadlineExtension.objects.visible_to(user)
        .in_own_jurisdiction(user)
        .filter(state=DeadlineExtension.State.REQUESTED)
    )
    items = [
        TodoItem(
            "延期申请待审批",
            f"{e.department.name} · {_task_label(e.task)[:40]} · {e.original_due:%Y-%m-%d} → {e.proposed_due:%Y-%m-%d}",
            reverse("tasks:extension_detail", args=[e.pk]),
        )
        for e in requested.select_related("task__clause", "department").order_by("requested_at", "pk")[:SECTION_ITEMS]
    ]
    return items if len(items) < SECTION_ITEMS else TodoItems(items, total=requested.count())


def inspections(user, actor: Actor, today: datetime.date) -> list[TodoItem]:
    """督察整改: notices to sign for and answer, findings to rectify, self-reports (inspections.todo)."""
    if not (actor.is_department_member or actor.conducts_inspections):
        return []
    # A supervisor's kinds are listed 50 each and counted whole (``total``); a unit's are all listed.
    return TodoItems.first_of(inspection_todo(user, today=today))


def annual_reports(user, actor: Actor, today: datetime.date) -> list[TodoItem]:
    """年度报告: last year's report to write, confirm or submit; to review or publish (reports.annual)."""
    return [
        TodoItem(
            due.label,
            f"{due.due_date.year}年{due.due_date.month}月{due.due_date.day}日前报送",
            due.url,
            due.due_date,
            due.overdue,
        )
        for due in annual_reports_due_for(user, today)
    ]


register_todo_source("reports_to_write", "待填报的进展报告", reports_to_write)
register_todo_source("returned", "被退回待修改", returned_work)
register_todo_source("confirm", "待确认", awaiting_confirmation, more_url="tasks:review_queue")
register_todo_source("review", "待审核", awaiting_review, more_url="tasks:review_queue")
register_todo_source("extensions", "延期申请待审批", extensions_to_decide)
register_todo_source("inspections", "督察整改", inspections)
register_todo_source("annual_reports", "年度报告", annual_reports)
