"""What is true of a plan on a date: the one gatherer that lights, dashboards, ledgers, reminders
and reports read.

``gather_facts(plan, as_of=D)`` reads what had been recorded by 23:59:59 Asia/Shanghai on ``D``
(the latest django-simple-history record of each object dated before the next midnight, unless that
record is a deletion) and judges it with ``today=D``. ``as_of=None`` reads today's rows and judges
them today. ``periods_through=D`` is a different question — "the periods that ended by D, with
everything recorded since" — and a report that wants it passes it explicitly.

Each kind of fact (tasks, assignments, reports, milestones, yearly milestones, returns) is read in
one value query per call, for the tasks asked about only. Higher apps add their own facts through
providers registered in ``AppConfig.ready``; ``tasks`` never imports them.

Whole-plan facts are cached per plan, as-of date and today's date (lights change at midnight with
no event) under a per-plan version that ``invalidate_plan_facts`` bumps on every change.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from plans.models import Milestone, Plan
from tasks.models import Assignment, ProgressReport, ReportingPeriod, ReportState, Task, YearlyMilestone, YearlyTarget
from tasks.status import MilestoneFact, PeriodFact, ReportFact, TaskFacts, TaskStatus, task_status

# As-of dates are the district's calendar days, whatever the server's time zone.
RECORDS_TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
CACHE_SECONDS = 24 * 3600

# --- Providers: facts that higher apps add (inspections registers findings) ---------------------

FactProvider = Callable[["PlanFacts"], Any]
_providers: dict[str, FactProvider] = {}


def register_fact_provider(name: str, fn: FactProvider) -> None:
    """Add ``fn(facts) -> value`` under ``facts.extra[name]``; call it from ``AppConfig.ready``.

    The provider gets the gathered facts (plan, as_of, today, task ids) and must honour ``as_of``
    itself; registering a name again replaces the provider."""
    _providers[name] = fn


def unregister_fact_provider(name: str) -> None:
    _providers.pop(name, None)


# --- The facts ---------------------------------------------------------------------------------


@dataclass
class TaskRow:
    """The task's own fields as of the date (a value row, not a model instance)."""

    id: int
    clause_id: int | None
    item_id: int | None
    code: str
    title: str
    position: int
    weight: Decimal
    is_ongoing: bool
    deadline: datetime.date | None
    deadline_phrase: str
    due_overrides: dict = field(default_factory=dict)


@dataclass
class PlanFacts:
    plan_id: int | None  # None: a page's tasks of several plans (``statuses_across``)
    as_of: datetime.date | None
    today: datetime.date
    periods: list[PeriodFact]
    tasks: dict[int, TaskRow]  # in plan order
    facts: dict[int, TaskFacts]
    extra: dict[str, Any] = field(default_factory=dict)
    _statuses: dict[int, TaskStatus] = field(default_factory=dict, repr=False)
    _returned_ids: set[int] | None = field(default=None, repr=False)
    _returned_scope: dict = field(default_factory=dict, repr=False)

    def returned_report_ids(self) -> set[int]:
        """The reports a supervisor sent back at least once (a head's return stays inside the
        department), from the reports' history — read once, on first use."""
        if self._returned_ids is None:
            self._returned_ids = set(
                ProgressReport.history.filter(
                    **self._returned_scope, state=ReportState.RETURNED, returned_by_reviewer=True
                )
                .order_by()
                .values_list("id", flat=True)
            )
        return self._returned_ids

    @property
    def task_ids(self) -> list[int]:
        return list(self.tasks)

    def warnings(self, task_id: int) -> list[str]:
        """What providers say is wrong with the task (``{"warnings": {task id: [reason]}}``)."""
        found = []
        for value in self.extra.values():
            if isinstance(value, dict):
                found += value.get("warnings", {}).get(task_id, [])
        return found

    def status(self, task_id: int) -> TaskStatus:
        if task_id not in self._statuses:
            self._statuses[task_id] = task_status(self.facts[task_id], self.today, self.warnings(task_id))
        return self._statuses[task_id]

    def statuses(self) -> dict[int, TaskStatus]:
        return {task_id: self.status(task_id) for task_id in self.tasks}

    def __eq__(self, other) -> bool:
        # Two gatherings agree when they found the same facts; as_of only says how they were read.
        if not isinstance(other, PlanFacts):
            return NotImplemented
        return (self.plan_id, self.today, self.periods, self.tasks, self.facts, self.extra) == (
            other.plan_id,
            other.today,
            other.periods,
            other.tasks,
            other.facts,
            other.extra,
        )


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` on the Beijing calendar: records dated before it count."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=RECORDS_TZ)


def _as_of_rows(model, as_of: datetime.date, fields: list[str], **filters) -> list[dict]:
    """The rows of ``model`` as they stood at the end of ``as_of``: per object, its latest history
    record dated by then, unless that record is a deletion."""
    historical = model.history.model
    rows = (
        historical.objects.filter(history_date__lt=end_of_day(as_of), **filters)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_type", *fields)
    )
    latest: dict[int, dict] = {}
    for row in rows:
        latest[row["id"]] = row  # later records win
    return [row for row in latest.values() if row.pop("history_type") != "-"]


TASK_FIELDS = ["clause_id", "item_id", "code", "title", "position", "weight", "is_ongoing", "deadline"]
TASK_FIELDS += ["deadline_phrase", "archived_at", "due_overrides"]
REPORT_FIELDS = ["task_id", "department_id", "period_id", "state", "progress_status", "percent_complete"]
REPORT_FIELDS += ["submitted_at", "first_submitted_at", "reviewed_at", "returned_by_reviewer"]


def gather_facts(
    plan: Plan | int,
    *,
    as_of: datetime.date | None = None,
    tasks: Iterable[Task | int | dict] | None = None,
    today: datetime.date | None = None,
    periods_through: datetime.date | None = None,
) -> PlanFacts:
    """The facts of ``plan`` (of ``tasks`` only, when given) as recorded by the end of ``as_of``.

    ``today`` judges live rows on another day (a job that runs for a date); with ``as_of`` it is
    ``as_of``. Whole-plan gatherings are cached; a subset (a page of the task list) is not."""
    plan_id = plan if isinstance(plan, int) else plan.pk
    if as_of is not None:
        today = as_of
    today = today or timezone.localdate()
    if tasks is None and periods_through is None:
        key = _cache_key(plan_id, as_of, today)
        facts = _recent.get(key)
        if facts is None:
            facts = cache.get(key)
        if facts is None:
            facts = _gather(plan_id, as_of=as_of, task_ids=None, today=today, periods_through=None)
            facts.statuses()  # cache the figures, not only their inputs
            facts.returned_report_ids()
            cache.set(key, facts, CACHE_SECONDS)
        _remember(key, facts)
        return facts
    tasks = None if tasks is None else list(tasks)
    task_ids = None if tasks is None else [_task_id(t) for t in tasks]
    # Live rows already in hand (a page's tasks, as instances or value rows with the TASK_FIELDS)
    # need not be read again.
    in_hand = [_task_row(t) for t in tasks or [] if not isinstance(t, int)]
    loaded = in_hand if as_of is None and in_hand and len(in_hand) == len(tasks) else None
    return _gather(plan_id, as_of=as_of, task_ids=task_ids, today=today, periods_through=periods_through, loaded=loaded)


def facts_of_tasks(plan_id: int, tasks: list[Task | int | dict], *, today: datetime.date) -> PlanFacts:
    """Facts holding ``tasks`` (of one plan), judged on ``today`` from live rows, to read by task id:
    the whole plan's facts of the day when a reader has cached them (a page then gathers nothing),
    else these tasks' alone. Callers read ``facts.facts[pk]`` or ``facts.status(pk)``, never the
    whole ``facts.facts``, which may hold the plan's other tasks."""
    whole = _cached_covering(plan_id, [_task_id(t) for t in tasks], today)
    return whole if whole is not None else gather_facts(plan_id, tasks=tasks, today=today)


def _task_id(task: Task | int | dict) -> int:
    if isinstance(task, int):
        return task
    return task["id"] if isinstance(task, dict) else task.pk


def _task_row(task: Task | dict) -> dict:
    """A task in hand as the value row that ``_gather`` reads."""
    if isinstance(task, dict):
        return {"id": task["id"], **{f: task[f] for f in TASK_FIELDS}}
    return {"id": task.pk, **{f: getattr(task, f) for f in TASK_FIELDS}}


def _gather(plan_id, *, as_of, task_ids, today, periods_through, loaded=None, plan_of=None) -> PlanFacts:
    """The facts of one plan's tasks; or, with ``plan_of`` (task id → plan id, live rows in hand
    only), of tasks of several plans read together, each task judged by its own plan's periods."""
    plan_ids = [plan_id] if plan_of is None else sorted(set(plan_of.values()))
    periods_by_plan: dict[int, list[PeriodFact]] = defaultdict(list)
    for row in (
        ReportingPeriod.objects.filter(plan_id__in=plan_ids)
        .order_by("start")
        .values("plan_id", "id", "year", "index", "label", "start", "end", "due_date")
    ):
        period = PeriodFact(**{k: v for k, v in row.items() if k != "plan_id"})
        if periods_through is None or period.end <= periods_through:
            periods_by_plan[row["plan_id"]].append(period)
    periods = [p for pk in plan_ids for p in periods_by_plan[pk]]
    period_ids = {p.id for p in periods}
    scope = {"plan_id": plan_id} if task_ids is None else {"id__in": task_ids}
    by_task = {"task__plan_id": plan_id} if task_ids is None else {"task_id__in": task_ids}
    returned = None  # read on demand when live: only the ranking asks
    if as_of is None:
        if loaded is not None:
            task_rows = sorted(loaded, key=lambda r: r["position"])
        else:
            task_rows = Task.objects.filter(**scope)
            if task_ids is None:
                task_rows = task_rows.filter(archived_at__isnull=True)
            task_rows = list(task_rows.order_by("position").values("id", *TASK_FIELDS))
        assignments = list(Assignment.objects.filter(**by_task).values_list("task_id", "department_id", "role"))
        reports = list(ProgressReport.objects.filter(**by_task).values("id", *REPORT_FIELDS))
        yearly = list(
            YearlyMilestone.objects.filter(
                **{f"target__{k}": v for k, v in by_task.items()}, target__state=ReportState.ACCEPTED
            ).values_list("target__task_id", "target__department_id", "due_date", "description")
        )
    else:
        cutoff = end_of_day(as_of)
        task_rows = _as_of_rows(Task, as_of, TASK_FIELDS, **scope)
        if task_ids is None:
            task_rows = [r for r in task_rows if r["archived_at"] is None or r["archived_at"] >= cutoff]
        task_rows.sort(key=lambda r: r["position"])
        assignments = [
            (r["task_id"], r["department_id"], r["role"])
            for r in _as_of_rows(Assignment, as_of, ["task_id", "department_id", "role"], **by_task)
        ]
        # Every record of the reports up to the date: the latest is the report, the earlier ones
        # say whether a supervisor ever sent it back.
        records = list(
            ProgressReport.history.filter(**by_task, history_date__lt=cutoff)
            .order_by("id", "history_date", "history_id")
            .values("id", "history_type", *REPORT_FIELDS)
        )
        latest: dict[int, dict] = {}
        returned = set()
        for row in records:
            latest[row["id"]] = row
            if row["state"] == ReportState.RETURNED and row["returned_by_reviewer"]:
                returned.add(row["id"])
        reports = [r for r in latest.values() if r.pop("history_type") != "-"]
        targets = {
            r["id"]: r
            for r in _as_of_rows(YearlyTarget, as_of, ["task_id", "department_id", "state"], **by_task)
            if r["state"] == ReportState.ACCEPTED
        }
        yearly = [
            (
                targets[r["target_id"]]["task_id"],
                targets[r["target_id"]]["department_id"],
                r["due_date"],
                r["description"],
            )
            for r in _as_of_rows(
                YearlyMilestone,
                as_of,
                ["target_id", "due_date", "description"],
                # A subquery, not the ids: one query whatever the targets (deleted ones included).
                target_id__in=YearlyTarget.history.filter(**by_task).values("id"),
            )
            if r["target_id"] in targets
        ]

    tasks = {r["id"]: TaskRow(**{k: v for k, v in r.items() if k != "archived_at"}) for r in task_rows}
    # A milestone binds tasks through its clause (and item); the plan's loose dates bind none.
    if task_ids is None:
        milestone_scope = {"plan_id": plan_id, "clause_id__isnull": False}
    else:
        milestone_scope = {"clause_id__in": {t.clause_id for t in tasks.values() if t.clause_id}}
    milestone_fields = ["clause_id", "item_id", "due_date", "recurring", "phrase"]
    if as_of is None:
        milestone_rows = Milestone.objects.filter(**milestone_scope).order_by().values(*milestone_fields)
    else:
        milestone_rows = _as_of_rows(Milestone, as_of, milestone_fields, **milestone_scope)

    roles: dict[int, dict[int, str]] = defaultdict(dict)
    for task_id, department_id, role in assignments:
        roles[task_id][department_id] = role
    by_report: dict[int, list[ReportFact]] = defaultdict(list)
    for row in reports:
        if row["period_id"] in period_ids:
            task_id = row.pop("task_id")
            by_report[task_id].append(ReportFact(**row))
    plan_milestones: dict[tuple, list[MilestoneFact]] = defaultdict(list)
    for row in milestone_rows:
        # Keyed by (clause, item): a clause's own text binds all its tasks, an item's only its task.
        plan_milestones[row["clause_id"], row["item_id"]].append(
            MilestoneFact(row["due_date"], row["recurring"], row["phrase"])
        )
    for group in plan_milestones.values():
        group.sort(key=lambda m: (m.due_date, m.recurring, m.phrase))  # the same order live and as of
    yearly_by_task: dict[int, list[MilestoneFact]] = defaultdict(list)
    for task_id, department_id, due_date, description in sorted(yearly, key=lambda y: (y[0], y[2], y[3])):
        if roles.get(task_id, {}).get(department_id) == Assignment.Role.LEAD:
            # A former lead's targets no longer bind the task.
            yearly_by_task[task_id].append(MilestoneFact(due_date, "", description, yearly_target=True))

    facts = {}
    for task in tasks.values():
        task_roles = roles.get(task.id, {})
        milestones = plan_milestones.get((task.clause_id, None), []) + (
            plan_milestones.get((task.clause_id, task.item_id), []) if task.item_id else []
        )
        deadline, deadline_phrase = task.deadline, task.deadline_phrase
        if task.due_overrides:
            milestones, deadline, deadline_phrase = _extended(milestones, deadline, deadline_phrase, task.due_overrides)
        facts[task.id] = TaskFacts(
            is_ongoing=task.is_ongoing,
            lead_department_ids=sorted(d for d, r in task_roles.items() if r == Assignment.Role.LEAD),
            supporting_department_ids=sorted(d for d, r in task_roles.items() if r == Assignment.Role.SUPPORT),
            periods=periods if plan_of is None else periods_by_plan[plan_of[task.id]],
            reports=sorted(by_report.get(task.id, []), key=lambda r: r.id),
            milestones=milestones + yearly_by_task.get(task.id, []),
            deadline=deadline,
            deadline_phrase=deadline_phrase,
        )
    result = PlanFacts(
        plan_id=plan_id,
        as_of=as_of,
        today=today,
        periods=periods,
        tasks=tasks,
        facts=facts,
        _returned_ids=returned,
        _returned_scope=by_task,
    )
    for name, provider in _providers.items():
        result.extra[name] = provider(result)
    return result


def _extended(milestones: list[MilestoneFact], deadline, deadline_phrase: str, overrides: dict):
    """The task's one-off due dates as granted 延期申请 moved them (``Task.due_overrides``, plan
    date → new date): this task only, whatever other tasks share the clause's milestone. Periodic
    checkpoints and yearly steps are not moved."""
    moved = {datetime.date.fromisoformat(k): datetime.date.fromisoformat(v) for k, v in overrides.items()}

    def note(phrase: str, new: datetime.date) -> str:
        return f"{phrase or '完成时限'}（延期至{new:%Y-%m-%d}）"

    result = []
    for m in milestones:
        new = None if m.recurring else moved.get(m.due_date)
        result.append(MilestoneFact(new, "", note(m.phrase, new)) if new else m)
    if deadline in moved:
        deadline, deadline_phrase = moved[deadline], note(deadline_phrase, moved[deadline])
    return result, deadline, deadline_phrase


def statuses_for(tasks: list[Task], *, today: datetime.date) -> dict[int, TaskStatus]:
    """The status of every task in ``tasks`` (of any plans), judged on ``today`` from live rows."""
    return statuses_across([{**_task_row(task), "plan_id": task.plan_id} for task in tasks], today=today)


# Tasks gathered together at most: a list's ids go into each query's IN (…), which PostgreSQL caps
# at 65,535 parameters and SQLite at 32,766; an export across a city's plans may hold more tasks.
ACROSS_CHUNK = 5000


def statuses_across(rows: list[dict], *, today: datetime.date) -> dict[int, TaskStatus]:
    """The status of each of ``rows`` — value rows of tasks of any plans, holding ``plan_id`` and the
    TASK_FIELDS — judged on ``today`` from live rows. A plan whose whole facts of the day are cached
    answers from them; the tasks of the other plans are gathered together, one query per kind of
    fact whatever the number of plans (a page of the task list across plans: not a query per plan)."""
    by_plan: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_plan[row["plan_id"]].append(row)
    result: dict[int, TaskStatus] = {}
    missing: list[dict] = []
    for plan_id, plan_rows in by_plan.items():
        cached = _cached_statuses(plan_id, [row["id"] for row in plan_rows], today)
        if cached is None:
            missing += plan_rows
        else:
            result.update(cached)
    for start in range(0, len(missing), ACROSS_CHUNK):
        chunk = missing[start : start + ACROSS_CHUNK]
        plan_of = {row["id"]: row["plan_id"] for row in chunk}
        plan_ids = set(plan_of.values())
        facts = _gather(
            plan_ids.pop() if len(plan_ids) == 1 else None,
            as_of=None,
            task_ids=list(plan_of),
            today=today,
            periods_through=None,
            loaded=[_task_row(row) for row in chunk],
            plan_of=plan_of,
        )
        result.update(facts.statuses())
    return result


def plan_statuses(plan_id: int, tasks: list[int | dict], *, today: datetime.date) -> dict[int, TaskStatus]:
    """The status of each of ``tasks`` (of one plan: ids, or value rows holding the TASK_FIELDS,
    which are then not read again), judged on ``today`` from live rows: a fixed number of queries,
    no model instance read (the 任务台账 of thousands of tasks, a page of the task list)."""
    cached = _cached_statuses(plan_id, [_task_id(t) for t in tasks], today)
    return cached if cached is not None else gather_facts(plan_id, tasks=tasks, today=today).statuses()


def _cached_statuses(plan_id: int, task_ids: list[int], today: datetime.date) -> dict[int, TaskStatus] | None:
    """The whole plan's figures of the day, when a dashboard or an earlier reader has cached them,
    hold these tasks' statuses already (a change to the plan's rows gives them a new version)."""
    whole = _cached_covering(plan_id, task_ids, today)
    if whole is None:
        return None
    statuses = whole.statuses()
    return {pk: statuses[pk] for pk in task_ids}


def _cached_covering(plan_id: int, task_ids: list[int], today: datetime.date) -> PlanFacts | None:
    """The whole plan's live facts of ``today`` when cached and holding every one of ``task_ids``."""
    whole = _cached(plan_id, today)
    return whole if whole is not None and all(pk in whole.facts for pk in task_ids) else None


def _cached(plan_id: int, today: datetime.date) -> PlanFacts | None:
    """The whole plan's live facts for ``today`` if some process has gathered them, else None
    (never gathers: a page of 50 tasks must not pay for a plan of 5,000)."""
    key = _cache_key(plan_id, None, today)
    facts = _recent.get(key)
    if facts is None:
        facts = cache.get(key)
        if facts is not None:
            _remember(key, facts)
    return facts


# --- Cache -----------------------------------------------------------------------------------


def facts_version_key(plan_id: int) -> str:
    """The cache key of the plan's facts version (read together with other keys by tasks.pickers)."""
    return f"facts:version:{plan_id}"


def facts_version(plan_id: int) -> str:
    """The plan's current facts version: it changes whenever ``invalidate_plan_facts`` runs, so
    figures derived from the facts may be kept under it (the weekly digest's fan-out)."""
    version = cache.get(facts_version_key(plan_id))
    if version is None:
        version = uuid.uuid4().hex
        cache.set(facts_version_key(plan_id), version, None)
    return version


def _cache_key(plan_id: int, as_of: datetime.date | None, today: datetime.date) -> str:
    return f"facts:{plan_id}:{facts_version(plan_id)}:{as_of or 'live'}:{today}"


# The shared cache holds the figures for every process; a process also keeps the few it used last,
# unpickled (a 5,000-task plan takes 0.1 s to unpickle). The version key, read from the shared
# cache on every call, still decides whether they are current. Callers only read them.
_recent: OrderedDict[str, PlanFacts] = OrderedDict()
RECENT_SIZE = 8


def _remember(key: str, facts: PlanFacts) -> None:
    _recent[key] = facts
    _recent.move_to_end(key)
    while len(_recent) > RECENT_SIZE:
        _recent.popitem(last=False)


def invalidate_plan_facts(plan_id: int) -> None:
    """Forget every cached figure of the plan (live and as-of: a late correction of history is
    rare, and a new version is cheaper than finding the keys)."""
    cache.set(facts_version_key(plan_id), uuid.uuid4().hex, None)
