"""The weekly leader digest (督办周报): a generator that builds plain data for one reader and one
week, from ``gather_facts`` at the end of the week (and of the week before) and the week's events.

The week is the one just ended: Monday 00:00 to Sunday 24:00 on the Beijing calendar. A reader's
scope is, per plan they follow (``DigestScope``), the whole plan, chosen chapters or the departments
they are in charge of (``LeaderDepartment``); a department head without a scope of their own reads
their department's tasks in the current plan. Only handed-in work and oversight events are read,
so no department's draft ever reaches a digest.

The data is JSON-safe (strings and numbers): it is stored on the delivery and on the ``Digest`` row
and rendered by the ``digest`` email templates and the digest page alike.
"""

from __future__ import annotations

import datetime
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from inspections.models import EscalationMatter, Finding
from plans.models import Clause, Department, Event, Plan
from plans.policy import actor_for, department_heads
from reports.categories import COMPLETED, LABELS, LAGGING, ON_SCHEDULE, CategoryCounts
from reports.dashboards import department_ranking
from reports.models import DigestScope, DigestSettings, LeaderDepartment
from tasks.facts import PlanFacts, end_of_day, facts_version, gather_facts
from tasks.models import HANDED_IN_STATES, ProgressReport, ReportState
from tasks.status import Light, owed_reports, unreported_periods

COORDINATION_LIMIT = 3
NOTHING_NEW = "本周无新增事项"


# --- The week ----------------------------------------------------------------------------------


def week_ending_before(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(Monday, Sunday) of the last full week before ``today`` (the digest of Monday 8 July 2024
    covers 1–7 July)."""
    sunday = today - datetime.timedelta(days=today.isoweekday())
    return sunday - datetime.timedelta(days=6), sunday


def week_key(monday: datetime.date) -> str:
    """The ISO year-week of a Monday, such as 2024-W27."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def subject_for(week_end: datetime.date, number: int | None) -> str:
    ended = f"截至{week_end.year}年{week_end.month}月{week_end.day}日"
    return f"督办周报第{number}期（{ended}）" if number else f"督办周报（补发）（{ended}）"


# --- Scope -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    plan: Plan
    kind: str  # DigestScope.Kind, or "department" for a head's own department
    label: str
    chapter_ids: frozenset[int] | None = None  # None: every chapter
    department_ids: frozenset[int] | None = None  # None: every department

    def covers(self, facts: PlanFacts, task_id: int, chapter_of_clause: dict[int, int | None]) -> bool:
        clause_id = facts.tasks[task_id].clause_id
        if self.chapter_ids is not None and chapter_of_clause.get(clause_id) not in self.chapter_ids:
            return False
        if self.department_ids is not None:
            f = facts.facts[task_id]
            if not self.department_ids & set(f.lead_department_ids + f.supporting_department_ids):
                return False
        return True


def scopes_for(user) -> list[Scope]:
    """What ``user`` follows in the digest, one scope per plan (archived plans left out)."""
    scopes = []
    rows = DigestScope.objects.filter(user=user, plan__archived_at__isnull=True).select_related("plan")
    for row in rows.prefetch_related("chapters").order_by("plan__start_year", "plan_id"):
        if row.kind == DigestScope.Kind.CHAPTERS:
            chapters = sorted(row.chapters.all(), key=lambda c: c.number)
            label = "、".join(f"{c.label}{c.heading}" for c in chapters)
            scopes.append(Scope(row.plan, row.kind, label, chapter_ids=frozenset(c.pk for c in chapters)))
        elif row.kind == DigestScope.Kind.DEPARTMENTS:
            led = LeaderDepartment.objects.filter(user=user).select_related("department").order_by("department__name")
            label = "分管部门：" + ("、".join(d.department.name for d in led) or "（未设置）")
            scopes.append(Scope(row.plan, row.kind, label, department_ids=frozenset(d.department_id for d in led)))
        else:
            scopes.append(Scope(row.plan, row.kind, "全部任务"))
    actor = actor_for(user)
    if not scopes and actor.reads_department_digest:
        plan = Plan.objects.visible_to(user).current_for(user)
        if plan is not None:
            name = Department.objects.filter(pk=actor.department_id).values_list("name", flat=True).first()
            scopes.append(Scope(plan, "department", f"本部门：{name}", department_ids=frozenset({actor.department_id})))
    return scopes


def readers() -> list:
    """Who gets the automatic digest: everyone with a scope, and department heads (opt-out), with
    an address, unless paused."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    paused = DigestSettings.objects.filter(paused=True).values("user_id")
    with_scope = DigestScope.objects.values("user_id")
    heads = department_heads(users)
    return list((users.filter(pk__in=with_scope) | heads).exclude(pk__in=paused).distinct().order_by("username"))


# --- The data ----------------------------------------------------------------------------------


@dataclass
class Total:
    label: str
    now: int
    before: int
    change: str  # "+2", "-1", "0"


@dataclass
class TaskLine:
    unit: str
    task: str
    light: str
    light_label: str
    days_overdue: int | None
    url: str


@dataclass
class DueLine:
    unit: str
    task: str
    what: str
    due_date: str
    url: str


@dataclass
class UnitRate:
    unit: str
    due: int
    on_time: int
    percent: int


@dataclass
class Section:
    plan_title: str
    scope_label: str
    totals: list[Total]
    new_items: int
    closed_items: int
    newly_overdue: int
    turned: list[TaskLine]
    due_soon: list[DueLine]
    late_reports: list[DueLine]
    returned_reports: list[DueLine]
    on_time: list[UnitRate]
    coordination: list[TaskLine]
    findings_new: int
    findings_closed: int
    findings_overdue: int
    findings_url: str
    events: int
    links: dict[str, str] = field(default_factory=dict)

    @property
    def has_news(self) -> bool:
        return bool(
            self.new_items
            or self.closed_items
            or self.turned
            or self.due_soon
            or self.late_reports
            or self.returned_reports
            or self.findings_new
            or self.findings_closed
            or self.events
        )


@dataclass
class DigestData:
    reader: str
    week_start: str
    week_end: str
    week_label: str
    sections: list[Section]

    @property
    def has_news(self) -> bool:
        return any(s.has_news for s in self.sections)

    def as_context(self) -> dict:
        """The JSON-safe context of the email templates and the digest page."""
        data = asdict(self)
        for section, raw in zip(data["sections"], self.sections, strict=True):
            section["has_news"] = raw.has_news
        data["has_news"] = self.has_news
        data["nothing_new"] = NOTHING_NEW
        return data


def listed_matters(scope: Scope, week_end: datetime.date) -> list[TaskLine]:
    """挂牌督办 matters of the scope still listed at the end of the week, the longest listed first."""
    matters = (
        EscalationMatter.objects.filter(listed_on__lte=week_end, delisted_on__isnull=True, resolved_on__isnull=True)
        .filter(Q(task__plan=scope.plan) | Q(finding__campaign__plan=scope.plan))
        .select_related("unit", "task__clause")
        .order_by("listed_on", "pk")
    )
    if scope.department_ids is not None:
        matters = matters.filter(unit_id__in=scope.department_ids)
    if scope.chapter_ids is not None:
        matters = matters.filter(task__clause__chapter_id__in=scope.chapter_ids)
    return [
        TaskLine(
            m.unit.name,
            f"【挂牌督办】{m.what}",
            Light.RED,
            "挂牌督办",
            (week_end - m.due_date).days,
            _url(reverse("inspections:matter_detail", args=[m.pk])),
        )
        for m in matters
    ]


# Items needing a leader's coordination, ahead of the longest red: fn(scope, week_end) -> [TaskLine].
CoordinationSource = Callable[[Scope, datetime.date], list[TaskLine]]
COORDINATION_SOURCES: list[CoordinationSource] = [listed_matters]


def _url(path: str, **query) -> str:
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return settings.SITE_URL.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")


def _change(now: int, before: int) -> str:
    return f"{now - before:+d}" if now != before else "0"


def _days_overdue(facts: PlanFacts, task_id: int, day: datetime.date) -> int | None:
    """Days since the oldest thing the task owes fell due (a report, a milestone or its deadline)."""
    task_facts, status = facts.facts[task_id], facts.status(task_id)
    due = [m.milestone.due_date for m in status.milestones if m.state == "overdue"]
    for department_id in task_facts.lead_department_ids + task_facts.supporting_department_ids:
        due += [p.due_date for p in unreported_periods(task_facts, department_id, day) if p.due_date < day]
    if task_facts.deadline and task_facts.deadline < day and status.light != Light.BLUE:
        due.append(task_facts.deadline)
    return (day - min(due)).days if due else None


# --- What readers share: one plan's week -------------------------------------------------------


class PlanWeek:
    """What every reader's section of one plan shares in one week: the plan's facts at the end of
    the week and of the week before, the week's oversight events, and what is read from them task
    by task, each computed once and reused for every reader whose scope includes the plan.

    What a reader may see is still decided per reader: the scope picks the tasks, departments and
    events, and the findings are counted through the policy (``Finding.objects.visible_to``)."""

    def __init__(self, plan: Plan, *, week_start: datetime.date, week_end: datetime.date):
        self.plan, self.week_start, self.week_end = plan, week_start, week_end
        self.facts = gather_facts(plan, as_of=week_end)
        self.before = gather_facts(plan, as_of=week_start - datetime.timedelta(days=1))
        self.chapter_of_clause = dict(Clause.objects.filter(plan=plan).values_list("id", "chapter_id"))
        # Every department of the plan's tasks: a scope names only those of its own tasks.
        self.names = Department.objects.in_bulk(
            {d for f in self.facts.facts.values() for d in f.lead_department_ids + f.supporting_department_ids}
        )
        week_events = Event.objects.filter(
            plan=plan,
            occurred_at__gte=end_of_day(week_start - datetime.timedelta(days=1)),
            occurred_at__lt=end_of_day(week_end),
        ).exclude(audience=Event.Audience.DEPARTMENT)
        self.event_departments = list(week_events.values_list("department_id", flat=True))
        returns = list(
            week_events.filter(
                content_type=ContentType.objects.get_for_model(ProgressReport), to_state=ReportState.RETURNED
            )
            .order_by("occurred_at", "pk")
            .values_list("department_id", "object_id", "occurred_at")
        )
        reports = ProgressReport.objects.filter(pk__in={object_id for _d, object_id, _at in returns})
        report_rows = {r["id"]: r for r in reports.values("id", "task_id", "period_id")}
        # (department id, task id, period id, when) of each report sent back this week.
        self.returns = [
            (department_id, report_rows[object_id]["task_id"], report_rows[object_id]["period_id"], at)
            for department_id, object_id, at in returns
            if object_id in report_rows
        ]
        self._rankings: dict[tuple[int, ...], list] = {}
        self._pending: dict[int, list] = {}
        self._days_overdue: dict[int, int | None] = {}
        self._task_path = reverse("tasks:task_detail", args=[_PLACEHOLDER])

    def task_ids(self, scope: Scope, facts: PlanFacts) -> list[int]:
        return [t for t in facts.tasks if scope.covers(facts, t, self.chapter_of_clause)]

    def task_url(self, task_id: int) -> str:
        return _url(self._task_path.replace(str(_PLACEHOLDER), str(task_id)))

    def title(self, task_id: int) -> str:
        row = self.facts.tasks[task_id]
        return f"{row.code} {row.title}".strip()

    def days_overdue(self, task_id: int) -> int | None:
        if task_id not in self._days_overdue:
            self._days_overdue[task_id] = _days_overdue(self.facts, task_id, self.week_end)
        return self._days_overdue[task_id]

    def pending(self, task_id: int) -> list:
        """(department id, period) of every report owed on the task and not handed in by the week's end."""
        if task_id not in self._pending:
            task_facts = self.facts.facts[task_id]
            handed_in = {(r.department_id, r.period_id) for r in task_facts.reports if r.state in HANDED_IN_STATES}
            self._pending[task_id] = [
                (department_id, period)
                for department_id, period in owed_reports(task_facts)
                if (department_id, period.id) not in handed_in
            ]
        return self._pending[task_id]

    def ranking(self, ids: list[int]) -> list:
        """The departments' ranking over these tasks (the same tasks give the same ranking)."""
        key = tuple(ids)
        if key not in self._rankings:
            self._rankings[key] = department_ranking(
                self.plan,
                [_Counted(self.facts, t, pk=True) for t in ids],
                today=self.week_end,
                facts=self.facts,
                names=self.names,
            )
        return self._rankings[key]


_PLACEHOLDER = 2147483647  # one reverse() per plan and week, not one per line


class DigestRun:
    """The plan weeks one fan-out shares between its readers (``PlanWeek``), kept per plan, week and
    facts version: a change to a plan's rows gives it a new version, so nothing outdated is reused.
    What the version does not follow (a department renamed) is bounded by ``max_age``, the length of
    a fan-out. Holds at most ``size`` plan weeks, the oldest dropped first."""

    def __init__(self, size: int = 128, max_age: float = 900):
        self.size, self.max_age = size, max_age
        self._weeks: OrderedDict[tuple, tuple[float, PlanWeek]] = OrderedDict()

    def plan_week(self, plan: Plan, *, week_start: datetime.date, week_end: datetime.date) -> PlanWeek:
        now = time.monotonic()
        while self._weeks and next(iter(self._weeks.values()))[0] < now - self.max_age:
            self._weeks.popitem(last=False)  # the oldest built first: insertion order is build order
        key = (plan.pk, week_start, facts_version(plan.pk))
        if key not in self._weeks:
            self._weeks[key] = (now, PlanWeek(plan, week_start=week_start, week_end=week_end))
            while len(self._weeks) > self.size:
                self._weeks.popitem(last=False)
        return self._weeks[key][1]


# One per process: the readers of a fan-out are separate Celery tasks, and a worker that issues
# several readers' digests builds each plan's week once.
SHARED_RUN = DigestRun()


def build_section(
    scope: Scope, user, *, week_start: datetime.date, week_end: datetime.date, run: DigestRun | None = None
) -> Section:
    plan = scope.plan
    week = (run or DigestRun()).plan_week(plan, week_start=week_start, week_end=week_end)
    facts, before = week.facts, week.before
    ids = week.task_ids(scope, facts)
    before_ids = week.task_ids(scope, before)
    department_ids = {
        d for t in ids for d in facts.facts[t].lead_department_ids + facts.facts[t].supporting_department_ids
    }
    names = {d: week.names[d] for d in department_ids if d in week.names}

    def unit(task_id: int) -> str:
        return "、".join(names[d].name for d in facts.facts[task_id].lead_department_ids if d in names) or "—"

    task_url, title = week.task_url, week.title

    light_now = {t: facts.status(t).light for t in ids}
    light_before = {t: before.status(t).light for t in before_ids}
    tasks_now = [_Counted(facts, t) for t in ids]
    tasks_before = [_Counted(before, t) for t in before_ids]
    now_counts, before_counts = CategoryCounts.of(tasks_now).counts, CategoryCounts.of(tasks_before).counts
    red_now = sum(1 for v in light_now.values() if v == Light.RED)
    red_before = sum(1 for v in light_before.values() if v == Light.RED)
    totals = [
        Total("任务总数", len(ids), len(before_ids), _change(len(ids), len(before_ids))),
        *(
            Total(LABELS[key], now_counts[key], before_counts[key], _change(now_counts[key], before_counts[key]))
            for key in (COMPLETED, ON_SCHEDULE, LAGGING)
        ),
        Total("其中逾期（红灯）", red_now, red_before, _change(red_now, red_before)),
    ]

    turned = [
        TaskLine(unit(t), title(t), light, Light.LABELS[light], week.days_overdue(t), task_url(t))
        for t, light in light_now.items()
        if light in (Light.RED, Light.YELLOW) and light_before.get(t) != light
    ]
    turned.sort(key=lambda line: (line.light != Light.RED, -(line.days_overdue or 0), line.task))

    # Due this week (the reader's, starting the day after the digest's Sunday) and next.
    window = (week_end + datetime.timedelta(days=1), week_end + datetime.timedelta(days=14))
    due_soon, late = [], []
    for t in ids:
        for department_id, period in week.pending(t):
            if window[0] <= period.due_date <= window[1]:
                target = due_soon
            elif week_start <= period.due_date < week_end:
                target = late
            else:
                continue
            target.append(
                DueLine(
                    names[department_id].name if department_id in names else "—",
                    title(t),
                    f"{period.label}进展报告",
                    _date(period.due_date),
                    task_url(t),
                )
            )
        for m in facts.status(t).milestones:
            if m.state != "met" and not m.milestone.recurring and window[0] <= m.milestone.due_date <= window[1]:
                due_soon.append(
                    DueLine(unit(t), title(t), f"节点：{m.milestone.phrase}", _date(m.milestone.due_date), task_url(t))
                )
    due_soon.sort(key=lambda line: (line.due_date, line.unit, line.task))
    late.sort(key=lambda line: (line.due_date, line.unit, line.task))

    def in_departments(department_id: int | None) -> bool:
        return scope.department_ids is None or department_id in scope.department_ids

    # Named from the oversight event (who, which task, which period), never from the report itself:
    # a returned report is back in its department and its text is the department's again.
    in_scope = set(ids)
    returned = []
    period_labels = {p.id: p for p in facts.periods}
    for department_id, task_id, period_id, occurred_at in week.returns:
        if not in_departments(department_id) or task_id not in in_scope:
            continue
        period = period_labels.get(period_id)
        unit_name = names[department_id].name if department_id in names else "—"
        what = f"{period.label if period else ''}进展报告被退回"
        returned.append(
            DueLine(unit_name, title(task_id), what, _date(timezone.localdate(occurred_at)), task_url(task_id))
        )
    on_time = [
        UnitRate(row.department.name, row.reports_due, row.reports_on_time, row.on_time_percent)
        for row in week.ranking(ids)
        if row.reports_due and (scope.department_ids is None or row.department.pk in scope.department_ids)
    ]

    coordination = [line for source in COORDINATION_SOURCES for line in source(scope, week_end)]
    longest_red = sorted(
        (
            TaskLine(unit(t), title(t), Light.RED, Light.LABELS[Light.RED], week.days_overdue(t), task_url(t))
            for t, light in light_now.items()
            if light == Light.RED
        ),
        key=lambda line: (-(line.days_overdue or 0), line.task),
    )
    coordination = (coordination + longest_red)[:COORDINATION_LIMIT]

    # Findings per reader, through the policy.
    findings = Finding.objects.visible_to(user).filter(campaign__plan=plan)
    if scope.department_ids is not None:
        findings = findings.filter(unit_id__in=scope.department_ids)
    if scope.chapter_ids is not None:
        findings = findings.filter(clause__chapter_id__in=scope.chapter_ids)
    created = Finding.history.filter(
        history_type="+",
        history_date__gte=end_of_day(week_start - datetime.timedelta(days=1)),
        history_date__lt=end_of_day(week_end),
    ).values("id")
    department_filter = (
        next(iter(scope.department_ids)) if scope.department_ids and len(scope.department_ids) == 1 else ""
    )
    tasks_path = reverse("tasks:task_list", args=[plan.pk])
    return Section(
        plan_title=plan.title_with_years,
        scope_label=scope.label,
        totals=totals,
        new_items=len(in_scope - set(before_ids)),
        closed_items=sum(
            1 for t, light in light_now.items() if light == Light.BLUE and light_before.get(t) != Light.BLUE
        ),
        newly_overdue=sum(
            1 for t, light in light_now.items() if light == Light.RED and light_before.get(t) != Light.RED
        ),
        turned=turned,
        due_soon=due_soon,
        late_reports=late,
        returned_reports=returned,
        on_time=on_time,
        coordination=coordination,
        findings_new=findings.filter(pk__in=created).count(),
        findings_closed=findings.filter(closed_on__gte=week_start, closed_on__lte=week_end).count(),
        findings_overdue=findings.overdue(week_end).count(),
        findings_url=_url(reverse("inspections:ledger")),
        events=sum(1 for department_id in week.event_departments if in_departments(department_id)),
        links={
            "red": _url(tasks_path, light=Light.RED, department=department_filter),
            "yellow": _url(tasks_path, light=Light.YELLOW, department=department_filter),
            "all": _url(tasks_path, department=department_filter),
        },
    )


def build_digest(user, *, today: datetime.date, run: DigestRun | None = None) -> DigestData:
    """The digest ``user`` receives on ``today`` (a Monday, normally) for the week just ended.

    ``run`` shares each plan's week between the readers of one fan-out (a fresh one by default)."""
    week_start, week_end = week_ending_before(today)
    run = run or DigestRun()
    sections = [build_section(s, user, week_start=week_start, week_end=week_end, run=run) for s in scopes_for(user)]
    return DigestData(
        reader=user.get_full_name() or user.username,
        week_start=_date(week_start),
        week_end=_date(week_end),
        week_label=f"{_date(week_start)}至{_date(week_end)}",
        sections=sections,
    )


@dataclass
class _Counted:
    """A task as CategoryCounts and department_ranking read it."""

    facts: PlanFacts
    task_id: int
    pk: bool = False

    def __post_init__(self):
        self.pk = self.task_id
        self.status = self.facts.status(self.task_id)
        self.is_ongoing = self.facts.tasks[self.task_id].is_ongoing
        self.weight = self.facts.tasks[self.task_id].weight


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def mail_context(data: DigestData, *, subject: str, manual: bool) -> dict:
    """The context of the ``digest`` email (and of the stored Digest row)."""
    return {**data.as_context(), "subject": subject, "manual": manual}
