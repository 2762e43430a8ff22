"""The dashboards' numbers, built as plain data; templates only lay them out.

One generator serves the supervisors' and leaders' view of a whole plan and a department's view
of its own tasks, live or as of a date. Everything comes from one gathering of the plan's facts
(tasks.facts, cached per plan and day); lights, completion and who owes a report come from
tasks.status, the one place they are defined. The page builds no model instance per task: only
the rows it lists are named.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from inspections.models import EscalationMatter
from plans.models import Chapter, Clause, Department, Plan
from reports.categories import CategoryCounts, elapsed_share, weighted_completion
from tasks.facts import PlanFacts, gather_facts
from tasks.models import ProgressReport, ReportState
from tasks.pickers import plan_version
from tasks.status import Light, TaskStatus, owed_reports, plan_ended, roll_up

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
class DashboardTask:
    """A task as the dashboard names it: built from the facts, not from a model instance."""

    pk: int
    title: str
    clause_label: str
    chapter_id: int | None
    weight: Decimal
    status: TaskStatus
    lead_names: list[str]
    is_ongoing: bool = False
    code: str = ""


@dataclass
class ChapterRow:
    chapter: Chapter | None
    tasks: list[DashboardTask]
    completion: float
    lights: LightCounts
    categories: CategoryCounts | None = None

    @property
    def percent(self) -> int:
        return round(self.completion * 100)


# The department ranking's rule, said under the table; ``DepartmentRow.score`` computes it.
RANKING_WEIGHTS = {"on_time": 0.6, "milestones": 0.3, "not_returned": 0.1}
RANKING_DAMPING = 2  # a department owing n tasks keeps n / (n + 2) of its score
RANKING_RULE = (
    "排名规则：综合得分 =（按时报送率×60% + 节点完成率×30% + 未被退回率×10%）× 应报任务数 ÷（应报任务数 + 2），"
    "应报任务少的部门得分相应折减；只计已过截止日的报告，得分相同按部门名称排序。"
    "没有到期应报报告的部门不参与排名，单独列出。"
)


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
    tasks_owed: int = 0  # tasks on which the department owed a report already due

    @property
    def owes_reports(self) -> bool:
        return self.reports_due > 0

    @property
    def score(self) -> float:
        """The composite of RANKING_RULE, 0–100."""
        if not self.reports_due:
            return 0.0
        not_returned = 1 - min(1.0, self.returned / self.reports_due)
        milestones = self.milestones_met / self.milestones_due if self.milestones_due else 1.0
        composite = (
            RANKING_WEIGHTS["on_time"] * self.reports_on_time / self.reports_due
            + RANKING_WEIGHTS["milestones"] * milestones
            + RANKING_WEIGHTS["not_returned"] * not_returned
        )
        return round(100 * composite * self.tasks_owed / (self.tasks_owed + RANKING_DAMPING), 1)

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
    task: DashboardTask
    state: str  # met | overdue | upcoming
    x: float
    y: float


@dataclass
class Dashboard:
    plan: Plan
    today: datetime.date
    department: Department | None
    tasks: list[DashboardTask]
    completion: float
    lights: LightCounts
    chapters: list[ChapterRow]
    departments: list[DepartmentRow]
    overdue: list[DashboardTask]
    timeline: list[TimelineMark] = field(default_factory=list)
    timeline_years: list[tuple[int, float]] = field(default_factory=list)
    today_x: float | None = None
    recent_accepted: list[ProgressReport] = field(default_factory=list)
    recent_ids: list[int] = field(default_factory=list)  # the newest acceptances, for any reader
    as_of: datetime.date | None = None
    # The evaluation categories under the lights (reports.categories), as the midterm counts them.
    categories: CategoryCounts | None = None
    finite_completion: float = 0.0  # weighted, ongoing duties left out
    elapsed: float = 0.0  # share of the plan period elapsed by ``today``
    ended: bool = False  # the plan's last year is over (规划期已结束)
    final_day: datetime.date | None = None  # the last report's due date: the 终期 view's as-of date
    # Names these figures in the shared cache: the template keeps its rendering of them under it.
    cache_key: str = ""

    @property
    def final_view_ready(self) -> bool:
        """Whether the 终期 figures (as of the last report's due date) can be read yet."""
        return self.ended and self.final_day is not None and self.final_day < self.today

    @property
    def percent(self) -> int:
        return round(self.completion * 100)

    @property
    def finite_percent(self) -> int:
        return round(self.finite_completion * 100)

    @property
    def elapsed_percent(self) -> int:
        return round(self.elapsed * 100)

    @property
    def half_time_half_work(self) -> bool:
        """时间过半、任务过半: the finite tasks' weighted completion keeps up with the time elapsed."""
        return self.finite_completion >= self.elapsed

    @property
    def departments_owing_nothing(self) -> list[DepartmentRow]:
        return [r for r in self.departments if not r.owes_reports]

    @property
    def ranking_rule(self) -> str:
        return RANKING_RULE


def build_dashboard(
    plan: Plan,
    user,
    *,
    today: datetime.date | None = None,
    department: Department | None = None,
    as_of: datetime.date | None = None,
) -> Dashboard:
    """Everything a dashboard shows, for the plan's tasks (those of ``department`` if given), live
    on ``today`` or as recorded by the end of ``as_of``.

    Every role reads all of a plan's tasks (``Task.objects.visible_to``); the plan itself was chosen
    among those ``user`` sees. Reports are named through ``ProgressReport.objects.visible_to``.

    The figures are the same for every reader of the day: they are kept in the shared cache under
    the plan's versions — its facts (every task, assignment and report), its text, and the
    chapters' and departments' generation (``tasks.pickers``) — and only the newest acceptances are
    named for each reader (#24: ranking and laying out a plan's figures was a third of a dashboard)."""
    today = today or timezone.localdate()
    key = _figures_key(plan, today=today, department=department, as_of=as_of)
    dashboard = cache.get(key)
    if dashboard is None:
        dashboard = _figures(plan, today=today, department=department, as_of=as_of)
        dashboard.plan = None  # the reader's own instance is put back below
        cache.set(key, dashboard, FIGURES_SECONDS)
    dashboard.plan, dashboard.cache_key = plan, key
    recent = ProgressReport.objects.visible_to(user).filter(pk__in=dashboard.recent_ids)
    recent_by_id = {r.pk: r for r in recent.select_related("department", "period")}
    tasks_by_id = {t.pk: t for t in dashboard.tasks}
    for r in recent_by_id.values():
        r.dashboard_task = tasks_by_id.get(r.task_id)
    dashboard.recent_accepted = [recent_by_id[pk] for pk in dashboard.recent_ids if pk in recent_by_id]
    return dashboard


FIGURES_SECONDS = 600


def _figures_key(plan: Plan, *, today: datetime.date, department: Department | None, as_of) -> str:
    return f"dashboard:{plan_version(plan)}:{department.pk if department else ''}:{as_of or 'live'}:{today}"


def _figures(plan: Plan, *, today: datetime.date, department: Department | None, as_of) -> Dashboard:
    """The dashboard's figures, for any reader (``recent_accepted`` is left for the reader)."""
    facts = gather_facts(plan, as_of=as_of, today=today)
    today = facts.today
    clauses = {c["id"]: c for c in Clause.objects.filter(plan=plan).values("id", "chapter_id", "label")}
    task_ids = [
        task_id
        for task_id, f in facts.facts.items()
        if department is None or department.pk in f.lead_department_ids + f.supporting_department_ids
    ]
    department_ids = {d for t in task_ids for d in facts.facts[t].lead_department_ids}
    department_ids |= {d for t in task_ids for d in facts.facts[t].supporting_department_ids}
    departments = Department.objects.in_bulk(department_ids)
    tasks = []
    for task_id in task_ids:
        row, clause = facts.tasks[task_id], clauses.get(facts.tasks[task_id].clause_id)
        tasks.append(
            DashboardTask(
                pk=task_id,
                title=row.title,
                clause_label=clause["label"] if clause else "",
                chapter_id=clause["chapter_id"] if clause else None,
                weight=row.weight,
                status=facts.status(task_id),
                lead_names=[departments[d].name for d in facts.facts[task_id].lead_department_ids],
                is_ongoing=row.is_ongoing,
                code=row.code,
            )
        )
    statuses = {t.pk: t.status for t in tasks}

    by_chapter: dict[int | None, list[DashboardTask]] = defaultdict(list)
    for task in tasks:
        by_chapter[task.chapter_id].append(task)
    chapters = [_chapter_row(c, by_chapter[c.pk], statuses) for c in plan.chapters.all() if by_chapter.get(c.pk)]
    if by_chapter.get(None):
        chapters.append(_chapter_row(None, by_chapter[None], statuses))

    # The newest acceptances known on the date, named through the reader's permissions.
    accepted = sorted(
        (
            (r.reviewed_at, r.id)
            for t in task_ids
            for r in facts.facts[t].reports
            if r.state == ReportState.ACCEPTED and r.reviewed_at
        ),
        reverse=True,
    )
    recent_ids = [report_id for _, report_id in accepted[:8]]

    dashboard = Dashboard(
        plan=plan,
        today=today,
        as_of=as_of,
        department=department,
        tasks=tasks,
        completion=roll_up(tasks, statuses),
        lights=LightCounts(Counter(s.light for s in statuses.values())),
        chapters=chapters,
        departments=department_ranking(plan, tasks, today=today, only=department, facts=facts, names=departments),
        overdue=[t for t in tasks if statuses[t.pk].light == Light.RED],
        recent_ids=recent_ids,
        categories=CategoryCounts.of(tasks),
        finite_completion=weighted_completion(tasks),
        elapsed=elapsed_share(plan.start_year, plan.end_year, today),
        ended=plan_ended(facts.periods, today) is not None,
        final_day=max((p.due_date for p in facts.periods), default=None),
    )
    _lay_out_timeline(dashboard)
    return dashboard


def _chapter_row(chapter, group, statuses) -> ChapterRow:
    return ChapterRow(
        chapter=chapter,
        tasks=group,
        completion=roll_up(group, statuses),
        lights=LightCounts(Counter(statuses[t.pk].light for t in group)),
        categories=CategoryCounts.of(group),
    )


def department_ranking(
    plan: Plan,
    tasks: list,
    *,
    today: datetime.date,
    only: Department | None = None,
    facts: PlanFacts | None = None,
    names: dict[int, Department] | None = None,
) -> list[DepartmentRow]:
    """Departments that owe reports, ranked by the composite score of RANKING_RULE (on-time
    reporting, then milestones met, then fewest returns, weighted by the tasks owed); after them,
    by name, the departments that owed no report yet.

    ``tasks`` carry ``pk``, ``weight`` and ``status``. A department owes the reports tasks.status
    says it owes (``owed_reports``) for each period already due; one is on time when first handed
    in by the period's due date, on the Beijing calendar (a return does not make it late).
    Milestones count for the lead departments."""
    if facts is None:
        facts = gather_facts(plan, tasks=[t.pk for t in tasks], today=today)
    returned_ids = facts.returned_report_ids()
    owed: Counter = Counter()
    tasks_owed: dict[int, set[int]] = defaultdict(set)
    on_time: Counter = Counter()
    returned: Counter = Counter()
    led: dict[int, list] = defaultdict(list)
    assigned: set[int] = set()
    for task in tasks:
        task_facts = facts.facts[task.pk]
        first_in = {(r.department_id, r.period_id): r.first_submitted_at for r in task_facts.reports}
        for department_id in task_facts.lead_department_ids + task_facts.supporting_department_ids:
            if only is None or department_id == only.pk:
                assigned.add(department_id)
        for department_id in task_facts.lead_department_ids:
            led[department_id].append(task)
        for department_id, period in owed_reports(task_facts):
            if period.due_date >= today or (only is not None and department_id != only.pk):
                continue
            owed[department_id] += 1
            tasks_owed[department_id].add(task.pk)
            handed_in = first_in.get((department_id, period.id))
            if handed_in and timezone.localdate(handed_in) <= period.due_date:
                on_time[department_id] += 1
        # A report counts as returned once, however many times a supervisor sent it back.
        for r in task_facts.reports:
            if r.id in returned_ids:
                returned[r.department_id] += 1
    if names is None:
        names = Department.objects.in_bulk(assigned)
    rows = []
    for department_id in assigned:
        lead_tasks = led.get(department_id, [])
        rows.append(
            DepartmentRow(
                department=names[department_id],
                lead_tasks=len(lead_tasks),
                reports_due=owed[department_id],
                reports_on_time=on_time[department_id],
                milestones_due=sum(t.status.milestones_due for t in lead_tasks),
                milestones_met=sum(t.status.milestones_met for t in lead_tasks),
                returned=returned[department_id],
                completion=roll_up(lead_tasks, {t.pk: t.status for t in lead_tasks}) if lead_tasks else 0.0,
                tasks_owed=len(tasks_owed[department_id]),
            )
        )
    rows.sort(key=lambda r: (not r.owes_reports, -r.score, r.department.name))
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


@dataclass(frozen=True)
class ListedMatter:
    """A 挂牌督办 matter as the leaders' pages show it."""

    pk: int
    unit: str
    what: str
    listed_on: datetime.date
    due_date: datetime.date
    days_overdue: int


def listed_matters(user, *, today: datetime.date, as_of: datetime.date | None = None) -> list[ListedMatter]:
    """挂牌督办 matters on the list on ``as_of`` (or today), district-wide, as ``user`` may read
    them, the longest overdue first — in one query whatever their number."""
    day = as_of or today
    matters = (
        EscalationMatter.objects.visible_to(user)
        .filter(listed_on__lte=day)
        .filter(Q(delisted_on__isnull=True) | Q(delisted_on__gt=day))
        .select_related("unit")
        .order_by("due_date", "pk")
    )
    return [
        ListedMatter(m.pk, m.unit.name, m.what, m.listed_on, m.due_date, max((day - m.due_date).days, 0))
        for m in matters
    ]
