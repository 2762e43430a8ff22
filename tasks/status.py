"""Status lights and completion: computed here, once, for every page, export, report and digest.

Precedence: blue (completed) > red > yellow > grey > green.

- red: a milestone or a report is overdue;
- yellow: a milestone or a report is due within 14 days and not done, or the latest report of a
  lead department was returned;
- grey: not started and nothing due yet;
- green: on track;
- blue: completed — an accepted report of a lead department says 已完成. A 持续推进 (ongoing) task is
  never blue: it stays green while its yearly checkpoints are met.

Reports counted are the lead departments' (each lead reports every period from the plan's start);
a report counts once handed in (submitted, confirmed or accepted; a returned one is being revised).
A one-off milestone is met when an accepted report marked 已完成 covers a period that starts on or
before the milestone's date; a yearly duty when the year has an accepted report; a quarterly
checkpoint or a step of an approved 年度目标 when the period covering its date was accepted. A
milestone turns overdue only once the report of the period covering its date is due. A completed
task has met all its milestones. A task with no lead department is yellow until one is assigned.

Completion (0–1) of a task: 1 when blue; for an ongoing task, the share of the plan's years with
an accepted report (the duty runs the whole plan); otherwise the latest accepted percent complete. Chapters and plans roll up by
task weight (equal by default).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from plans.models import Milestone
from tasks.models import (
    HANDED_IN_STATES,
    Assignment,
    ProgressReport,
    ProgressStatus,
    ReportingPeriod,
    ReportState,
    Task,
    YearlyMilestone,
)

DUE_SOON_DAYS = 14


class Light:
    BLUE = "blue"
    RED = "red"
    YELLOW = "yellow"
    GREY = "grey"
    GREEN = "green"

    ORDER = [BLUE, RED, YELLOW, GREY, GREEN]
    LABELS = {BLUE: "已完成", RED: "逾期", YELLOW: "临期或被退回", GREY: "未启动", GREEN: "正常推进"}


@dataclass(frozen=True)
class ReportFact:
    department_id: int
    period_id: int
    state: str
    progress_status: str
    percent_complete: int | None
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    returned_by_reviewer: bool = False


@dataclass(frozen=True)
class MilestoneFact:
    due_date: datetime.date
    recurring: str
    phrase: str = ""
    yearly_target: bool = False  # a step of an approved 年度目标, rather than the plan's text


@dataclass
class TaskFacts:
    """Everything the light of one task depends on, gathered without touching the database."""

    is_ongoing: bool
    lead_department_ids: list[int]
    periods: list[ReportingPeriod]
    reports: list[ReportFact] = field(default_factory=list)
    milestones: list[MilestoneFact] = field(default_factory=list)
    deadline: datetime.date | None = None
    deadline_phrase: str = ""


@dataclass(frozen=True)
class MilestoneState:
    milestone: MilestoneFact
    state: str  # "met" | "overdue" | "upcoming"


@dataclass
class TaskStatus:
    light: str
    reasons: list[str]
    completion: float
    overdue_reports: int = 0
    latest_accepted: ReportFact | None = None
    milestones: list[MilestoneState] = field(default_factory=list)

    @property
    def milestones_due(self) -> int:
        return sum(1 for m in self.milestones if m.state != "upcoming")

    @property
    def milestones_met(self) -> int:
        return sum(1 for m in self.milestones if m.state == "met")

    @property
    def label(self) -> str:
        return Light.LABELS[self.light]


def _period_of(periods: list[ReportingPeriod], day: datetime.date) -> ReportingPeriod | None:
    return next((p for p in periods if p.start <= day <= p.end), None)


def task_status(facts: TaskFacts, today: datetime.date) -> TaskStatus:
    periods_by_id = {p.id: p for p in facts.periods}
    lead_reports = [r for r in facts.reports if r.department_id in facts.lead_department_ids]
    handed_in = {(r.department_id, r.period_id) for r in lead_reports if r.state in HANDED_IN_STATES}
    accepted = sorted(
        (r for r in lead_reports if r.state == ReportState.ACCEPTED),
        key=lambda r: (periods_by_id[r.period_id].start, r.reviewed_at or _EPOCH),
    )
    latest_accepted = accepted[-1] if accepted else None
    completed = [r for r in accepted if r.progress_status == ProgressStatus.COMPLETED]
    is_done = bool(completed) and not facts.is_ongoing
    reasons: list[str] = []

    overdue_reports, due_soon_reports = 0, 0
    for period in facts.periods:
        for department_id in facts.lead_department_ids:
            if (department_id, period.id) in handed_in:
                continue
            if period.due_date < today:
                overdue_reports += 1
            elif (period.due_date - today).days <= DUE_SOON_DAYS:
                due_soon_reports += 1

    def grace(m: MilestoneFact) -> datetime.date:
        """A milestone is judged when the report covering its date is due, not on the date itself."""
        period = _period_of(facts.periods, m.due_date)
        return period.due_date if period else m.due_date

    def milestone_met(m: MilestoneFact) -> bool:
        if is_done:
            return True  # a finished task has met every step on its way
        if m.recurring == "yearly":
            return any(periods_by_id[r.period_id].start.year == m.due_date.year for r in accepted)
        if m.recurring or m.yearly_target:
            # A periodic checkpoint or a yearly step: the period covering its date was reported and accepted.
            return any(
                periods_by_id[r.period_id].start <= m.due_date <= periods_by_id[r.period_id].end for r in accepted
            )
        return any(periods_by_id[r.period_id].start <= m.due_date for r in completed)

    milestones = list(facts.milestones)
    if facts.deadline and not any(m.due_date == facts.deadline and not m.recurring for m in milestones):
        # The task's own deadline (from the 任务分解表) is a milestone too.
        milestones.append(MilestoneFact(facts.deadline, "", facts.deadline_phrase or "完成时限"))
    states = []
    for m in sorted(milestones, key=lambda m: m.due_date):
        if milestone_met(m):
            states.append(MilestoneState(m, "met"))
        elif grace(m) < today:
            states.append(MilestoneState(m, "overdue"))
        else:
            states.append(MilestoneState(m, "upcoming"))
    overdue_milestones = [s.milestone for s in states if s.state == "overdue"]
    soon_milestones = [
        s.milestone for s in states if s.state == "upcoming" and (grace(s.milestone) - today).days <= DUE_SOON_DAYS
    ]
    # Returned by a supervisor (not a head's internal return) and not yet handed in again, per lead.
    returned = any(
        _latest(lead_reports, department_id, periods_by_id, returned_ok=True).returned_by_reviewer
        for department_id in facts.lead_department_ids
        if _latest(lead_reports, department_id, periods_by_id, returned_ok=True) is not None
    )
    started = any(r.progress_status != ProgressStatus.NOT_STARTED for r in facts.reports if r.state in HANDED_IN_STATES)

    if is_done:
        light = Light.BLUE
        reasons.append("牵头部门报告已完成并经审核通过")
    elif not facts.lead_department_ids:
        light = Light.YELLOW
        reasons.append("尚未分配牵头单位")
    elif overdue_reports or overdue_milestones:
        light = Light.RED
        if overdue_reports:
            reasons.append(f"{overdue_reports} 期进展报告逾期未报")
        reasons += [f"节点“{m.phrase or m.due_date}”（{m.due_date:%Y-%m-%d}）已逾期" for m in overdue_milestones]
    elif due_soon_reports or soon_milestones or returned:
        light = Light.YELLOW
        if due_soon_reports:
            reasons.append("本期进展报告临近截止")
        reasons += [f"节点“{m.phrase or m.due_date}”将于 {m.due_date:%Y-%m-%d} 到期" for m in soon_milestones]
        if returned:
            reasons.append("最近一期报告被督察员退回")
    elif not started:
        light = Light.GREY
        reasons.append("尚未启动，暂无到期事项")
    else:
        light = Light.GREEN
        reasons.append("按计划推进")

    return TaskStatus(
        light=light,
        reasons=reasons,
        completion=_completion(facts, light, latest_accepted, accepted, periods_by_id),
        overdue_reports=overdue_reports,
        latest_accepted=latest_accepted,
        milestones=states,
    )


_EPOCH = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _latest(reports, department_id, periods_by_id, *, returned_ok: bool):
    """The department's latest report that is handed in (or returned, when ``returned_ok``)."""
    eligible = HANDED_IN_STATES | ({ReportState.RETURNED} if returned_ok else set())
    own = [r for r in reports if r.department_id == department_id and r.state in eligible]
    return max(own, key=lambda r: periods_by_id[r.period_id].start, default=None)


def _completion(facts, light, latest_accepted, accepted, periods_by_id) -> float:
    if light == Light.BLUE:
        return 1.0
    if facts.is_ongoing:
        # An ongoing duty runs the whole plan: the share of the plan's years already reported.
        years = {p.start.year for p in facts.periods}
        reported = {periods_by_id[r.period_id].start.year for r in accepted}
        return len(reported & years) / len(years) if years else 0.0
    if latest_accepted and latest_accepted.percent_complete is not None:
        return latest_accepted.percent_complete / 100
    return 0.0


# --- Gathering facts for many tasks in a fixed number of queries --------------------------------


def statuses_for(tasks: list[Task], *, today: datetime.date) -> dict[int, TaskStatus]:
    """The status of every task in ``tasks`` (a list: evaluated once), in five queries."""
    if not tasks:
        return {}
    task_ids = [t.pk for t in tasks]
    plan_ids = {t.plan_id for t in tasks}
    periods_by_plan: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in ReportingPeriod.objects.filter(plan_id__in=plan_ids).order_by("start"):
        periods_by_plan[period.plan_id].append(period)
    leads: dict[int, list[int]] = defaultdict(list)
    for task_id, department_id in Assignment.objects.filter(
        task_id__in=task_ids, role=Assignment.Role.LEAD
    ).values_list("task_id", "department_id"):
        leads[task_id].append(department_id)
    reports: dict[int, list[ReportFact]] = defaultdict(list)
    for row in ProgressReport.objects.filter(task_id__in=task_ids).values(
        "task_id",
        "department_id",
        "period_id",
        "state",
        "progress_status",
        "percent_complete",
        "submitted_at",
        "reviewed_at",
        "returned_by_reviewer",
    ):
        reports[row.pop("task_id")].append(ReportFact(**row))
    milestones: dict[tuple, list[MilestoneFact]] = defaultdict(list)
    clause_ids = {t.clause_id for t in tasks if t.clause_id}
    for row in Milestone.objects.filter(clause_id__in=clause_ids).values(
        "clause_id", "item_id", "due_date", "recurring", "phrase"
    ):
        # Keyed by (clause, item): a clause's own text binds all its tasks, an item's only its task.
        milestones[row["clause_id"], row["item_id"]].append(
            MilestoneFact(row["due_date"], row["recurring"], row["phrase"])
        )
    yearly: dict[int, list[MilestoneFact]] = defaultdict(list)
    for task_id, department_id, due_date, description in YearlyMilestone.objects.filter(
        target__task_id__in=task_ids, target__state=ReportState.ACCEPTED
    ).values_list("target__task_id", "target__department_id", "due_date", "description"):
        if department_id in leads.get(task_id, []):  # a former lead's targets no longer bind the task
            yearly[task_id].append(MilestoneFact(due_date, "", description, yearly_target=True))
    result = {}
    for task in tasks:
        facts = TaskFacts(
            is_ongoing=task.is_ongoing,
            lead_department_ids=leads.get(task.pk, []),
            periods=periods_by_plan[task.plan_id],
            reports=reports.get(task.pk, []),
            milestones=milestones.get((task.clause_id, None), [])
            + (milestones.get((task.clause_id, task.item_id), []) if task.item_id else [])
            + yearly.get(task.pk, []),
            deadline=task.deadline,
            deadline_phrase=task.deadline_phrase,
        )
        result[task.pk] = task_status(facts, today)
    return result


def roll_up(tasks: list[Task], statuses: dict[int, TaskStatus]) -> float:
    """Weighted completion of a group of tasks (a chapter, a plan, a department's share)."""
    total = sum((t.weight for t in tasks), Decimal(0))
    if not total:
        return 0.0
    return float(sum(Decimal(str(statuses[t.pk].completion)) * t.weight for t in tasks) / total)
