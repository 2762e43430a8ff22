"""Status lights and completion: computed here, once, for every page, export, report and digest.

Precedence: blue (completed) > red > yellow > grey > green.

- red: a milestone or a report is overdue;
- yellow: a milestone or a report is due within 14 days and not done, or the latest report of a
  lead department was returned;
- grey: not started and nothing due yet;
- green: on track;
- a warning a higher app adds through the facts (an overdue rectification of a 督察 finding
  attached to the task) turns a green or grey task yellow, with its reason;
- blue: completed — an accepted report of a lead department says 已完成. A 持续推进 (ongoing) task is
  not blue while the plan runs: it stays green while its yearly checkpoints are met. Once the
  plan's last year is over it is blue when that year has an accepted report of a lead department,
  and red otherwise (规划期已结束).

Who owes a report — the one definition, used by the lights, reminders, the departments' ranking
and the reports (``owes_report`` and ``owed_reports``): a lead department (牵头) owes one for every
period of the plan; a supporting department (配合) owes its part once a year, for the year's last
period; nobody owes one for a period that starts after the one in which the task was reported
完成 (an accepted report of a lead department; never for a 持续推进 task). A report is owed by the
period's due date and counts once handed in (submitted, confirmed or accepted; a returned one is
being revised); the ranking judges punctuality by the first hand-in (``first_submitted_at``), on
the Beijing calendar. The facts come from ``tasks.facts.gather_facts`` — live or as of a date.

Progress is read from the lead departments' reports.
A one-off milestone is met when an accepted report marked 已完成 covers a period that starts on or
before the milestone's date; a yearly duty when the year has an accepted report; a quarterly
checkpoint or a step of an approved 年度目标 when the period covering its date was accepted. A
milestone turns overdue only once the report of the period covering its date is due. A completed
task has met all its milestones. A task with no lead department is yellow (未指定牵头部门) until one is assigned, and red once one
of its milestones or its deadline is overdue.

Completion (0–1) of a task: 1 when blue; for an ongoing task, the share of the plan's years with
an accepted report (the duty runs the whole plan); otherwise the latest accepted percent complete. Chapters and plans roll up by
task weight (equal by default).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from tasks.models import HANDED_IN_STATES, Assignment, ProgressStatus, ReportState, Task

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
class PeriodFact:
    id: int
    year: int
    index: int
    label: str
    start: datetime.date
    end: datetime.date
    due_date: datetime.date

    @property
    def is_last_of_year(self) -> bool:
        return self.end.month == 12


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
    id: int | None = None
    first_submitted_at: datetime.datetime | None = None


def owes_report(role: str, period) -> bool:
    """Whether a department in ``role`` on a task owes a report for ``period`` (see the module)."""
    return role == Assignment.Role.LEAD or period.is_last_of_year


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
    periods: list[PeriodFact]
    reports: list[ReportFact] = field(default_factory=list)
    milestones: list[MilestoneFact] = field(default_factory=list)
    deadline: datetime.date | None = None
    deadline_phrase: str = ""
    supporting_department_ids: list[int] = field(default_factory=list)


def owed_reports(facts: TaskFacts) -> list[tuple[int, PeriodFact]]:
    """(department id, period) of every report owed on the task, due or not — the one definition."""
    periods_by_id = {p.id: p for p in facts.periods}
    done = [
        periods_by_id[r.period_id].start
        for r in facts.reports
        if r.department_id in facts.lead_department_ids
        and r.state == ReportState.ACCEPTED
        and r.progress_status == ProgressStatus.COMPLETED
    ]
    last_start = None if facts.is_ongoing or not done else min(done)
    roles = [(d, Assignment.Role.LEAD) for d in facts.lead_department_ids]
    roles += [(d, Assignment.Role.SUPPORT) for d in facts.supporting_department_ids]
    return [
        (department_id, period)
        for period in facts.periods
        if last_start is None or period.start <= last_start
        for department_id, role in roles
        if owes_report(role, period)
    ]


def unreported_periods(facts: TaskFacts, department_id: int, today: datetime.date) -> list[PeriodFact]:
    """The periods, begun by ``today``, for which the department owes a report on the task
    (``owed_reports``) and has not handed one in — overdue ones and the one being reported now —
    oldest first."""
    handed_in = {r.period_id for r in facts.reports if r.department_id == department_id and r.state in HANDED_IN_STATES}
    return [
        period
        for owner, period in owed_reports(facts)
        if owner == department_id and period.start <= today and period.id not in handed_in
    ]


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


def plan_ended(periods: list[PeriodFact], today: datetime.date) -> int | None:
    """The plan's last year once ``today`` is past it, else None."""
    if not periods or today <= max(p.end for p in periods):
        return None
    return max(p.year for p in periods)


def _period_of(periods: list[PeriodFact], day: datetime.date) -> PeriodFact | None:
    return next((p for p in periods if p.start <= day <= p.end), None)


def judged_on(periods: list[PeriodFact], milestone: MilestoneFact) -> datetime.date:
    """The grace rule: a milestone is judged when the report covering its date is due, not on the
    date itself; overdue from the day after. Lights and 督办 (inspections.escalation) both ask here."""
    period = _period_of(periods, milestone.due_date)
    return period.due_date if period else milestone.due_date


def task_status(facts: TaskFacts, today: datetime.date, warnings: list[str] | tuple = ()) -> TaskStatus:
    periods_by_id = {p.id: p for p in facts.periods}
    lead_reports = [r for r in facts.reports if r.department_id in facts.lead_department_ids]
    accepted = sorted(
        (r for r in lead_reports if r.state == ReportState.ACCEPTED),
        key=lambda r: (periods_by_id[r.period_id].start, r.reviewed_at or _EPOCH),
    )
    latest_accepted = accepted[-1] if accepted else None
    completed = [r for r in accepted if r.progress_status == ProgressStatus.COMPLETED]
    is_done = bool(completed) and not facts.is_ongoing
    # After the plan's last year an ongoing duty is judged once: done if its last year was
    # reported and accepted, failed otherwise.
    final_year = plan_ended(facts.periods, today)
    ongoing_unfinished = False
    if facts.is_ongoing and final_year is not None and facts.lead_department_ids:
        is_done = any(periods_by_id[r.period_id].year == final_year for r in accepted)
        ongoing_unfinished = not is_done
    reasons: list[str] = []

    overdue_reports, due_soon_reports = 0, 0
    handed_in = {(r.department_id, r.period_id) for r in facts.reports if r.state in HANDED_IN_STATES}
    for department_id, period in owed_reports(facts):
        if (department_id, period.id) in handed_in:
            continue
        if period.due_date < today:
            overdue_reports += 1
        elif (period.due_date - today).days <= DUE_SOON_DAYS:
            due_soon_reports += 1

    def grace(m: MilestoneFact) -> datetime.date:
        return judged_on(facts.periods, m)

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
    if facts.deadline and not any(
        m.due_date == facts.deadline and not m.recurring and not m.yearly_target for m in milestones
    ):
        # The task's own deadline (from the 任务分解表) is a milestone too; a yearly step that falls
        # on the same day is a step of the year, not the deadline, and must not hide it.
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
        reasons.append(
            f"规划期已结束，{final_year}年报告已审核通过" if facts.is_ongoing else "牵头部门报告已完成并经审核通过"
        )
    elif ongoing_unfinished:
        light = Light.RED
        reasons.append(f"规划期已结束，{final_year}年没有审核通过的报告")
        if overdue_reports:
            reasons.append(f"{overdue_reports} 期进展报告逾期未报")
    elif not facts.lead_department_ids:
        # Nobody owes a report, so nothing is "late" — but a date that has passed with nobody
        # responsible is the worst case, not a warning.
        light = Light.RED if overdue_milestones else Light.YELLOW
        reasons.append("未指定牵头部门")
        reasons += [f"节点“{m.phrase or m.due_date}”（{m.due_date:%Y-%m-%d}）已逾期" for m in overdue_milestones]
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
    elif warnings:
        light = Light.YELLOW
    elif not started:
        light = Light.GREY
        reasons.append("尚未启动，暂无到期事项")
    else:
        light = Light.GREEN
        reasons.append("按计划推进")
    if light != Light.BLUE:
        reasons += list(warnings)

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


def statuses_for(tasks: list[Task], *, today: datetime.date) -> dict[int, TaskStatus]:
    """The status of every task in ``tasks`` judged on ``today`` from live rows (tasks.facts gathers)."""
    from tasks.facts import statuses_for as gathered

    return gathered(tasks, today=today)


def roll_up(tasks: list[Task], statuses: dict[int, TaskStatus]) -> float:
    """Weighted completion of a group of tasks (a chapter, a plan, a department's share)."""
    total = sum((t.weight for t in tasks), Decimal(0))
    if not total:
        return 0.0
    return float(sum(Decimal(str(statuses[t.pk].completion)) * t.weight for t in tasks) / total)
