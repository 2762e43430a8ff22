"""督办: which matters deserve which rung of the ladder on a day, judged by the rule table.

A matter is a task's milestone, report period or yearly-target step for one responsible unit, or a
督察 finding. Lateness is tasks.status's (the grace rule, who owes a report), so the lights and
the notices never disagree. ``target_rung`` is the one evaluator: it reads the active rules
(``EscalationRule``) and the matter's state and returns the highest rung whose rule it meets;
``escalate`` walks every open matter through it and issues what is new through
``inspections.actions.matter_escalate`` (one unique step per matter, rung and round).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from inspections.models import (
    RUNG_LEVEL,
    EscalationMatter,
    EscalationRule,
    Finding,
    Interview,
    MatterKind,
    Rung,
    SupervisionNotice,
)
from plans.policy import SYSTEM
from tasks.facts import gather_facts
from tasks.models import Task
from tasks.status import judged_on, unreported_periods


@dataclass(frozen=True)
class MatterState:
    """An open matter as the daily run sees it."""

    key: str
    kind: str
    unit_id: int
    what: str
    due_date: datetime.date  # the day it is judged (after the grace rule); overdue from the next day
    state: str  # what a manual de-escalation holds on
    task_id: int | None = None
    finding_id: int | None = None
    clause_id: int | None = None
    reminder_key: str = ""  # the 催办 reminder's delivery key: the 提醒 rung is that reminder
    subject: str = ""  # the task (or campaign) it belongs to
    item: str = ""  # what is due: the report, the milestone, the finding

    def overdue_days(self, today: datetime.date) -> int:
        return (today - self.due_date).days


def _ident(due_date: datetime.date, phrase: str) -> str:
    # The same identity as tasks.reminders, so the 提醒 rung and a 催办 reminder share one key.
    return hashlib.sha1(f"{due_date}{phrase}".encode()).hexdigest()[:10]


def open_matters(today: datetime.date) -> list[MatterState]:
    """Every matter not done on ``today``: owed reports not handed in, milestones and yearly-target
    steps not met (one per lead unit), findings not closed."""
    matters: list[MatterState] = []
    tasks = list(
        Task.objects.filter(archived_at__isnull=True, plan__archived_at__isnull=True)
        .select_related("clause")
        .order_by("plan_id", "position")
    )
    by_plan: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        by_plan[task.plan_id].append(task)
    for plan_id, plan_tasks in by_plan.items():
        plan_facts = gather_facts(plan_id, today=today)
        for task in plan_tasks:
            facts = plan_facts.facts.get(task.pk)
            if facts is None:
                continue
            label = f"{task.clause.label}{task.title}" if task.clause_id else task.title
            departments = set(facts.lead_department_ids) | set(facts.supporting_department_ids)
            for department_id in sorted(departments):
                for period in unreported_periods(facts, department_id, today):
                    key = f"report:{task.pk}:{department_id}:{period.id}"
                    matters.append(
                        MatterState(
                            key=key,
                            kind=MatterKind.REPORT,
                            unit_id=department_id,
                            what=f"{label} · {period.label}进展报告",
                            subject=label,
                            item=f"{period.label}进展报告",
                            due_date=period.due_date,
                            state="unreported",
                            task_id=task.pk,
                            clause_id=task.clause_id,
                            reminder_key=f"reminder:{key}:soon",
                        )
                    )
            for m in plan_facts.status(task.pk).milestones:
                if m.state == "met" or m.milestone.recurring:
                    continue  # periodic checkpoints are the report periods' matters
                ident = _ident(m.milestone.due_date, m.milestone.phrase)
                kind = MatterKind.STEP if m.milestone.yearly_target else MatterKind.MILESTONE
                for department_id in facts.lead_department_ids:
                    matters.append(
                        MatterState(
                            key=f"{kind}:{task.pk}:{department_id}:{ident}",
                            kind=kind,
                            unit_id=department_id,
                            what=f"{label} · 时间节点“{m.milestone.phrase}”",
                            subject=label,
                            item=f"时间节点“{m.milestone.phrase}”",
                            due_date=judged_on(facts.periods, m.milestone),
                            state=m.state,
                            task_id=task.pk,
                            clause_id=task.clause_id,
                            reminder_key=f"reminder:milestone:{task.pk}:{department_id}:{ident}:soon",
                        )
                    )
    for finding in Finding.objects.open().select_related("campaign").order_by("pk"):
        matters.append(
            MatterState(
                key=f"finding:{finding.pk}",
                kind=MatterKind.FINDING,
                unit_id=finding.unit_id,
                what=f"{finding.campaign.name} · {finding.description[:60]}",
                subject=finding.campaign.name,
                item=f"督察问题“{finding.description[:60]}”的整改",
                due_date=finding.deadline,
                state=finding.state,
                task_id=finding.task_id,
                finding_id=finding.pk,
                clause_id=finding.clause_id,
                reminder_key=f"reminder:finding:{finding.pk}:soon",
            )
        )
    return matters


@dataclass
class Context:
    """What the rules read besides the matter: its record (notices, listing) and the units' counts."""

    matter: EscalationMatter | None
    notices: list[SupervisionNotice] = field(default_factory=list)
    unit_counts: Counter = field(default_factory=Counter)  # (unit id, colour) -> notices this year


def rule_met(rule: EscalationRule, state: MatterState, ctx: Context, today: datetime.date) -> bool:
    C = EscalationRule.Condition
    days = state.overdue_days(today)
    if rule.condition == C.DUE_WITHIN:
        return days <= 0 and -days <= (rule.min_days or 0)
    if rule.condition == C.OVERDUE:
        return days >= max(rule.min_days or 1, 1) and (rule.max_days is None or days <= rule.max_days)
    if rule.condition == C.REPLY_REJECTED:
        return any(n.state == SupervisionNotice.State.RETURNED for n in ctx.notices)
    if rule.condition == C.UNANSWERED:
        return any(n.colour == rule.source_rung and n.is_unanswered(today) for n in ctx.notices)
    if rule.condition == C.LISTED_FOR:
        m = ctx.matter
        return bool(m and m.is_listed and (today - m.listed_on).days > (rule.min_days or 0))
    if rule.condition == C.UNIT_NOTICES:
        # A unit's repeated notices matter for the matters it is being pressed on already.
        pressed = ctx.matter is not None and ctx.matter.level >= RUNG_LEVEL[Rung.RED]
        return pressed and ctx.unit_counts[(state.unit_id, rule.source_rung)] >= (rule.min_days or 1)
    return False


def target_rung(rules: list[EscalationRule], state: MatterState, ctx: Context, today: datetime.date) -> tuple[str, str]:
    """The one evaluator: the highest rung among the rules the matter meets, with that rule's
    note as the reason; ("", "") when none."""
    best, reason = "", ""
    for rule in rules:
        if RUNG_LEVEL[rule.rung] > RUNG_LEVEL.get(best, 0) and rule_met(rule, state, ctx, today):
            best, reason = rule.rung, rule.note or rule.get_condition_display()
    return best, reason


@dataclass
class Issued:
    key: str
    rung: str
    unit_id: int
    what: str
    notice: str = ""  # the 督办单's number

    def as_dict(self) -> dict:
        return {"matter": self.key, "rung": self.rung, "unit": self.unit_id, "what": self.what, "notice": self.notice}


@dataclass
class RunResult:
    today: datetime.date
    issued: list[Issued] = field(default_factory=list)
    resolved: int = 0

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(i.rung for i in self.issued)
        return {rung: counted.get(rung, 0) for rung in Rung.values}

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "issued": [i.as_dict() for i in self.issued],
            "counts": self.counts,
            "resolved": self.resolved,
        }


def _proposal_what(wanting: list[tuple[MatterState, str]]) -> str:
    if len(wanting) == 1:
        return wanting[0][0].what
    return f"{wanting[0][0].what} 等{len(wanting)}个事项"


def escalate(today: datetime.date, *, dry_run: bool = False, actor=SYSTEM) -> RunResult:
    """The daily run for ``today``: every open matter through the evaluator; what is new is issued
    (each rung once per matter and round, only upwards, not while a manual de-escalation holds).
    A second run on the same day, or a retry, issues nothing new."""
    from inspections.actions import interview_propose, matter_escalate, matter_resolve

    result = RunResult(today=today)
    rules = list(EscalationRule.objects.filter(active=True))
    states = open_matters(today)
    matters = {
        m.key: m
        for m in EscalationMatter.objects.filter(key__in=[s.key for s in states]).prefetch_related(
            Prefetch("notices", queryset=SupervisionNotice.objects.order_by("pk")), "steps"
        )
    }
    unit_counts = Counter(
        (unit_id, colour)
        for unit_id, colour in SupervisionNotice.objects.filter(year=today.year).values_list("units", "colour")
    )
    # 约谈 is a proposal beside the ladder, not above it: proposing one must not skip 挂牌督办.
    ladder = [r for r in rules if r.rung != Rung.INTERVIEW]
    interview_rules = [r for r in rules if r.rung == Rung.INTERVIEW]
    first_seen_since = today - datetime.timedelta(days=settings.ESCALATION_LOOKBACK_DAYS)
    # 约谈 summons a unit's head: one proposal per unit, covering every matter that calls for it.
    proposals: dict[int, list[tuple[MatterState, str]]] = defaultdict(list)
    for state in states:
        matter = matters.get(state.key)
        if matter is None and state.due_date < first_seen_since:
            continue  # old overdue work found by a first run: not escalated automatically
        if matter is not None and matter.held_state and matter.held_state == state.state:
            continue  # a supervisor moved it down by hand; it holds until the state changes
        ctx = Context(matter, list(matter.notices.all()) if matter else [])
        ctx.unit_counts = unit_counts
        wanted = []
        rung, reason = target_rung(ladder, state, ctx, today)
        if rung and (matter is None or matter.held_state or RUNG_LEVEL[rung] > matter.level):
            wanted.append((rung, reason))
        proposal, why = target_rung(interview_rules, state, ctx, today)
        if proposal and matter is not None and not matter.held_state:
            proposed = any(s.rung == Rung.INTERVIEW and s.round == matter.round for s in matter.steps.all())
            if not proposed:
                proposals[state.unit_id].append((state, why))
        for rung, reason in wanted:
            if dry_run:
                result.issued.append(Issued(state.key, rung, state.unit_id, state.what))
                continue
            issued = matter_escalate(actor=actor, state=state, rung=rung, reason=reason, today=today)
            if issued is not None:
                result.issued.append(issued)
    for unit_id, wanting in proposals.items():
        if dry_run:
            if not Interview.objects.filter(unit_id=unit_id, state__in=Interview.OPEN).exists():
                result.issued.append(Issued(wanting[0][0].key, Rung.INTERVIEW, unit_id, _proposal_what(wanting)))
            continue
        issued = interview_propose(actor=actor, unit_id=unit_id, wanting=wanting, today=today)
        if issued is not None:
            result.issued.append(issued)
    if not dry_run:
        open_keys = {s.key for s in states}
        for matter in EscalationMatter.objects.filter(resolved_on__isnull=True).exclude(key__in=open_keys):
            matter_resolve(actor=actor, matter=matter, today=today)
            result.resolved += 1
    return result
