"""The dashboards' numbers, built as plain data; templates only lay them out.

One generator serves the supervisors' and leaders' view of a whole plan and a department's view
of its own tasks. Lights and completion come from tasks.status, the one place they are computed.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from plans.models import Chapter, Department, Plan
from tasks.models import Assignment, ProgressReport, ReportingPeriod, ReportState, Task
from tasks.status import Light, roll_up, statuses_for

TIMELINE_WIDTH = 860
TIMELINE_LEFT = 20


@dataclass
class LightCounts:
    counts: Counter

    def __iter__(self):
        return iter((light, Light.LABELS[light], self.counts.get(light, 0)) for light in Light.ORDER)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def segments(self, width: float = 300.0):
        """(light, label, count, x, w) for a stacked SVG bar of ``width``."""
        x, out = 0.0, []
        for light, label, count in self:
            w = width * count / self.total if self.total else 0
            out.append((light, label, count, round(x, 1), round(w, 1)))
            x += w
        return out


@dataclass
class ChapterRow:
    chapter: Chapter | None
    tasks: list[Task]
    completion: float
    lights: LightCounts

    @property
    def percent(self) -> int:
        return round(self.completion * 100)


@dataclass
class DepartmentRow:
    department: Department
    lead_tasks: int
    reports_due: int
    reports_on_time: int
    milestones_due: int
    milestones_met: int
    returned: int
    completion: float = 0.0

    @property
    def completion_percent(self) -> int:
        return round(self.completion * 100)

    @property
    def on_time_percent(self) -> int:
        return round(100 * self.reports_on_time / self.reports_due) if self.reports_due else 100

    @property
    def milestones_percent(self) -> int:
        return round(100 * self.milestones_met / self.milestones_due) if self.milestones_due else 100


@dataclass
class TimelineMark:
    date: datetime.date
    phrase: str
    task: Task
    state: str  # met | overdue | upcoming
    x: float
    y: float


@dataclass
class Dashboard:
    plan: Plan
    today: datetime.date
    department: Department | None
    tasks: list[Task]
    completion: float
    lights: LightCounts
    chapters: list[ChapterRow]
    departments: list[DepartmentRow]
    overdue: list[Task]
    timeline: list[TimelineMark] = field(default_factory=list)
    timeline_years: list[tuple[int, float]] = field(default_factory=list)
    today_x: float | None = None
    recent_accepted: list[ProgressReport] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.completion * 100)


def build_dashboard(plan: Plan, user, *, today: datetime.date, department: Department | None = None) -> Dashboard:
    """Everything a dashboard shows, for the tasks ``user`` may see (of ``department`` if given)."""
    tasks = Task.objects.visible_to(user).filter(plan=plan)
    if department is not None:
        tasks = tasks.filter(pk__in=Assignment.objects.filter(department=department).values("task_id"))
    tasks = list(
        tasks.select_related("clause__chapter").prefetch_related("assignments__department").order_by("position")
    )
    statuses = statuses_for(tasks, today=today)
    for task in tasks:
        task.status = statuses[task.pk]

    by_chapter: dict[int | None, list[Task]] = defaultdict(list)
    for task in tasks:
        by_chapter[task.clause.chapter_id if task.clause_id else None].append(task)
    chapters = [_chapter_row(c, by_chapter[c.pk], statuses) for c in plan.chapters.all() if by_chapter.get(c.pk)]
    if by_chapter.get(None):
        chapters.append(_chapter_row(None, by_chapter[None], statuses))

    dashboard = Dashboard(
        plan=plan,
        today=today,
        department=department,
        tasks=tasks,
        completion=roll_up(tasks, statuses),
        lights=LightCounts(Counter(s.light for s in statuses.values())),
        chapters=chapters,
        departments=department_ranking(plan, tasks, today=today, only=department),
        overdue=[t for t in tasks if statuses[t.pk].light == Light.RED],
        recent_accepted=list(
            ProgressReport.objects.visible_to(user)
            .filter(task__in=[t.pk for t in tasks], state=ReportState.ACCEPTED)
            .select_related("task__clause", "department", "period")
            .order_by("-reviewed_at")[:8]
        ),
    )
    _lay_out_timeline(dashboard)
    return dashboard


def _chapter_row(chapter, group, statuses) -> ChapterRow:
    return ChapterRow(
        chapter=chapter,
        tasks=group,
        completion=roll_up(group, statuses),
        lights=LightCounts(Counter(statuses[t.pk].light for t in group)),
    )


def department_ranking(plan: Plan, tasks: list[Task], *, today: datetime.date, only=None) -> list[DepartmentRow]:
    """Departments ranked by on-time reporting, then milestones met, then fewest returns.

    Every assigned department (lead or supporting) owes a report for each period already due; one
    is on time when submitted by the period's due date. Milestones count for the lead departments."""
    task_ids = [t.pk for t in tasks]
    due_periods = {p.pk: p for p in ReportingPeriod.objects.filter(plan=plan, due_date__lt=today)}
    assignments: dict[int, list[Assignment]] = defaultdict(list)
    for task in tasks:
        for a in task.assignments.all():
            if only is None or a.department_id == only.pk:
                assignments[a.department_id].append(a)
    on_time: Counter = Counter()
    for department_id, task_id, period_id, first_submitted_at in ProgressReport.objects.filter(
        task_id__in=task_ids, period_id__in=list(due_periods), first_submitted_at__isnull=False
    ).values_list("department_id", "task_id", "period_id", "first_submitted_at"):
        # The first hand-in decides (a return does not make it late), on the Beijing calendar.
        if timezone.localdate(first_submitted_at) <= due_periods[period_id].due_date:
            on_time[department_id, task_id, period_id] += 1
    # A report counts as returned once, however many times a supervisor sent it back (a head's
    # return stays inside the department).
    returned = dict(
        ProgressReport.history.filter(task_id__in=task_ids, state=ReportState.RETURNED, returned_by_reviewer=True)
        .values("department_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("department_id", "n")
    )
    tasks_by_id = {t.pk: t for t in tasks}
    rows = []
    for department_id, dept_assignments in assignments.items():
        led = [tasks_by_id[a.task_id] for a in dept_assignments if a.role == Assignment.Role.LEAD]
        owed_keys = [
            (department_id, a.task_id, p.pk) for a in dept_assignments for p in due_periods.values() if a.owes_report(p)
        ]
        owed = len(owed_keys)
        rows.append(
            DepartmentRow(
                department=dept_assignments[0].department,
                lead_tasks=len(led),
                reports_due=owed,
                reports_on_time=sum(1 for key in owed_keys if on_time[key]),
                milestones_due=sum(t.status.milestones_due for t in led),
                milestones_met=sum(t.status.milestones_met for t in led),
                returned=returned.get(department_id, 0),
                completion=roll_up(led, {t.pk: t.status for t in led}) if led else 0.0,
            )
        )
    rows.sort(key=lambda r: (-r.on_time_percent, -r.milestones_percent, r.returned, r.department.name))
    return rows


def _lay_out_timeline(dashboard: Dashboard) -> None:
    """Milestones on an SVG axis across the plan's years: the plan's dated deadlines and the tasks'
    完成时限 (not recurring duties or yearly steps, which would draw dots every year for every task)."""
    plan = dashboard.plan
    start = datetime.date(plan.start_year, 1, 1)
    end = datetime.date(plan.end_year, 12, 31)
    span = (end - start).days or 1

    def x(day: datetime.date) -> float:
        day = min(max(day, start), end)
        return round(TIMELINE_LEFT + TIMELINE_WIDTH * (day - start).days / span, 1)

    dashboard.timeline_years = [(year, x(datetime.date(year, 1, 1))) for year in plan.years]
    if start <= dashboard.today <= end:
        dashboard.today_x = x(dashboard.today)
    stacked: Counter = Counter()
    for task in dashboard.tasks:
        for m in task.status.milestones:
            # The plan's own dates and deadlines; yearly duties and yearly steps would bury them.
            if m.milestone.recurring or m.milestone.yearly_target:
                continue
            slot = (m.milestone.due_date.year, m.milestone.due_date.month)
            stacked[slot] += 1
            dashboard.timeline.append(
                TimelineMark(
                    m.milestone.due_date,
                    m.milestone.phrase,
                    task,
                    m.state,
                    x(m.milestone.due_date),
                    max(8, 66 - 8 * stacked[slot]),
                )
            )
