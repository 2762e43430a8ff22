"""The midterm evaluation (中期评估报告) of a plan, built as of a date: plain data, no formatting.

``build(plan, as_of=D)`` reads only what had been recorded by the end of ``D`` (Asia/Shanghai):
the dashboard's figures (``reports.dashboards.build_dashboard`` over ``tasks.facts.gather_facts``,
so the counts of 二、总体评价 are the dashboard's as of the same date — one computation), the
accepted reports' text, indicator values and evidence as they stood when accepted, and the events
of supervisors' returns. Department drafts never enter it: ``gather_facts`` counts handed-in work,
and the text read here is that of accepted reports only.

The 督察 sections (coverage, 整改, open findings among the problems, findings closed on time per
department, 督办单 by colour) come from ``inspections.summary.midterm_figures`` as of the same
cut-off. The shape::

    {
        "coverage": [("督察覆盖部门", "45/66"), ...],          # label, value
        "rectification": [("发现问题", "32"), ("已整改销号", "28"), ...],
        "problems": [{"chapter_id": 3, "text": "…", "task_ids": [12, 13]}],  # open or repeated findings
        "departments": {department_id: {"findings": "5/6", "notices": {"red": 1, "yellow": 2}}},
    }

Formatters (``reports.midterm_pdf``, ``reports.midterm_docx``) render the returned dataclasses;
``to_json`` is what a 定稿 stores beside its files.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from inspections.summary import midterm_figures
from plans.models import Clause, Department, Event, Indicator, Plan
from plans.policy import SYSTEM
from reports.categories import DEFINITIONS, LABELS, ORDER, category
from reports.dashboards import Dashboard, DashboardTask, build_dashboard
from tasks.facts import end_of_day, gather_facts
from tasks.models import Evidence, ProgressReport, ProgressStatus, ReportState

NO_DATA = "暂无数据"
PRACTICES_PER_CHAPTER = 3
EVIDENCE_NAMES_PER_CLAUSE = 3


def rating_margin() -> float:
    """How far ahead of (or behind) the elapsed share an indicator may be and still be 基本符合预期."""
    return float(getattr(settings, "MIDTERM_RATING_MARGIN", 0.1))


# --- The data ----------------------------------------------------------------------------------


@dataclass
class TaskRef:
    task_id: int
    code: str
    clause_label: str
    title: str

    @property
    def name(self) -> str:
        return f"{self.clause_label}{self.title}"


@dataclass
class Footnote:
    number: int
    text: str
    tasks: list[TaskRef]


@dataclass
class Sentence:
    text: str
    footnote: int | None = None


@dataclass
class Problem:
    title: str
    cause: str
    sentences: list[Sentence]


@dataclass
class Recommendation:
    title: str
    text: str


@dataclass
class CategoryFigure:
    key: str
    label: str
    count: int
    definition: str


@dataclass
class MilestoneRow:
    clause_label: str
    phrase: str
    due_date: datetime.date
    state: str  # met | missed | pending
    tasks: list[TaskRef]

    @property
    def state_label(self) -> str:
        return {"met": "已按期完成", "missed": "未按期完成", "pending": "待核验（报告期未满）"}[self.state]


@dataclass
class Practice:
    clause_label: str
    department: str
    period: str
    text: str


@dataclass
class ChapterSection:
    label: str
    heading: str
    tasks: int
    clauses: int
    categories: list[CategoryFigure]
    completion_percent: int | None  # of the tasks that can complete (None: ongoing duties only)
    milestones_met: int
    milestones_missed: int
    practices: list[Practice]
    lagging: list[TaskRef]


@dataclass
class IndicatorRow:
    number: int
    indicator_id: int
    text: str
    clause_label: str
    kind: str  # 预期性 / 约束性
    unit: str
    baseline: Decimal | None
    baseline_year: int | None
    values: dict[int, Decimal | None]  # year → value reported for it (accepted)
    target: Decimal | None
    pace_target: Decimal | None  # 序时目标
    progress_percent: int | None  # 完成进度
    rating: str  # 已提前实现 / 快于预期 / 基本符合预期 / 滞后于预期 / 暂无数据
    trend: str  # 趋势判断


@dataclass
class ClauseRow:
    label: str
    heading: str
    chapter_label: str
    lead: list[str]
    support: list[str]
    status: str  # the category label
    light: str
    milestones_due: list[str]
    evidence: list[str]
    evidence_count: int


@dataclass
class DepartmentFigure:
    name: str
    lead_tasks: int
    reports_due: int
    reports_on_time: int
    on_time_percent: int
    milestones_due: int
    milestones_met: int
    returned: int
    findings: str  # findings closed on time, or 暂无数据
    notices: str  # notices by colour, or 暂无数据


@dataclass
class OutsideVoice:
    kind: str
    name: str
    held_on: datetime.date | None
    participants: int | None
    summary: str
    adopted: str
    file_name: str


@dataclass
class MidtermReport:
    plan_id: int
    plan_title: str
    start_year: int
    end_year: int
    as_of: datetime.date
    basis: str  # the clause that asks for the evaluation
    chapters_count: int
    clauses_count: int
    tasks_count: int
    categories: list[CategoryFigure]
    counted_tasks: int  # the completion denominator
    completion_percent: int  # weighted, ongoing duties left out
    elapsed_percent: int
    half_time_half_work: bool
    milestones_due: int
    milestones_met: int
    milestones_missed: int
    milestones_pending: int
    plan_milestones: list[MilestoneRow]
    chapters: list[ChapterSection]
    problems: list[Problem]
    footnotes: list[Footnote]
    recommendations: list[Recommendation]
    adjustment: str  # whether any plan content should be adjusted
    indicators: list[IndicatorRow]
    clauses: list[ClauseRow]
    departments: list[DepartmentFigure]
    inspections_coverage: list[tuple[str, str]]
    rectification: list[tuple[str, str]]
    outside_voices: list[OutsideVoice]
    summary: str  # 综述, drafted
    method_notes: list[str]  # 口径说明
    rating_margin: float
    participants: list[str] = field(default_factory=list)
    issuer: str = ""  # the cover's 上海市宝山区司法局: the plan's area's
    # The narrative a supervisor edited (None: the draft stands).
    edited_summary: str = ""
    edited_problems: str = ""
    edited_recommendations: str = ""

    @property
    def as_of_text(self) -> str:
        return f"{self.as_of.year}年{self.as_of.month}月{self.as_of.day}日"

    @property
    def title_lines(self) -> list[str]:
        """The title broken before its quoted part (“十四五”规划), which must not be split."""
        head, quote, tail = self.plan_title.partition("“")
        return [head, quote + tail] if quote and head else [self.plan_title]

    @property
    def category_counts(self) -> dict[str, int]:
        return {c.key: c.count for c in self.categories}


def to_json(report: MidtermReport) -> str:
    """The data a 定稿 was built from, as stable JSON (sorted keys)."""

    def default(value):
        if isinstance(value, datetime.date | Decimal):
            return str(value)
        raise TypeError(type(value))

    return json.dumps(dataclasses.asdict(report), ensure_ascii=False, sort_keys=True, indent=1, default=default)


# --- Building it ---------------------------------------------------------------------------------


def build(plan: Plan, *, as_of: datetime.date, narrative: dict | None = None, voices=()) -> MidtermReport:
    """The midterm evaluation of ``plan`` as recorded by the end of ``as_of``.

    ``narrative`` holds the supervisors' edits (``summary``, ``problems``, ``recommendations``;
    blank ones leave the draft); ``voices`` the outside sources (``OutsideVoice``) recorded by then."""
    dash = build_dashboard(plan, SYSTEM, as_of=as_of)
    facts = gather_facts(plan, as_of=as_of)
    cutoff = end_of_day(as_of)
    clauses = list(Clause.objects.filter(plan=plan).select_related("chapter").order_by("position"))
    clause_by_id = {c.pk: c for c in clauses}
    refs = {t.pk: _ref(t) for t in dash.tasks}
    tasks_by_clause: dict[int | None, list[DashboardTask]] = defaultdict(list)
    for t in dash.tasks:
        tasks_by_clause[facts.tasks[t.pk].clause_id].append(t)
    department_ids = {d for f in facts.facts.values() for d in f.lead_department_ids + f.supporting_department_ids}
    names = dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "name"))

    accepted = _accepted_reports(dash, facts, cutoff)
    evidence = _accepted_evidence(list(accepted), cutoff)
    inspections = midterm_figures(plan=plan, as_of=as_of)

    milestones = _milestone_figures(dash, as_of)
    plan_milestones = _plan_milestones(dash, as_of, refs, clause_by_id, facts)
    footnotes: list[Footnote] = []
    problems = _draft_problems(dash, facts, plan, cutoff, refs, clause_by_id, footnotes, inspections)
    recommendations, adjustment = _draft_recommendations(dash, problems, plan_milestones, facts, clause_by_id)

    categories = [CategoryFigure(key, label, count, DEFINITIONS[key]) for key, label, count in dash.categories]
    report = MidtermReport(
        plan_id=plan.pk,
        plan_title=plan.title,
        start_year=plan.start_year,
        end_year=plan.end_year,
        as_of=as_of,
        basis=_basis(clauses),
        chapters_count=len(dash.chapters),
        clauses_count=len(clauses),
        tasks_count=len(dash.tasks),
        categories=categories,
        counted_tasks=dash.categories.counted,
        completion_percent=dash.finite_percent,
        elapsed_percent=dash.elapsed_percent,
        half_time_half_work=dash.half_time_half_work,
        milestones_due=milestones["due"],
        milestones_met=milestones["met"],
        milestones_missed=milestones["missed"],
        milestones_pending=milestones["pending"],
        plan_milestones=plan_milestones,
        chapters=_chapters(dash, facts, accepted, names, refs, as_of),
        problems=problems,
        footnotes=footnotes,
        recommendations=recommendations,
        adjustment=adjustment,
        indicators=_indicators(plan, as_of, accepted, facts, clause_by_id, dash.elapsed),
        clauses=_clause_rows(clauses, tasks_by_clause, facts, names, evidence, as_of),
        departments=_departments(dash, inspections),
        inspections_coverage=[tuple(x) for x in inspections.get("coverage", [])],
        rectification=[tuple(x) for x in inspections.get("rectification", [])],
        outside_voices=list(voices),
        summary="",
        method_notes=_method_notes(plan, as_of),
        rating_margin=rating_margin(),
        participants=sorted({names[d] for d in department_ids}),
        issuer=plan.area.issuer,
    )
    report.summary = _draft_summary(report)
    narrative = narrative or {}
    report.edited_summary = (narrative.get("summary") or "").strip()
    report.edited_problems = (narrative.get("problems") or "").strip()
    report.edited_recommendations = (narrative.get("recommendations") or "").strip()
    return report


def _ref(t: DashboardTask) -> TaskRef:
    return TaskRef(t.pk, t.code, t.clause_label, t.title)


def _basis(clauses: list[Clause]) -> str:
    """The clause that asks for the midterm evaluation, named as the plan names it."""
    for clause in clauses:
        if "中期评估" in clause.heading or "中期评估" in clause.body:
            return f"{clause.label}{clause.heading}"
    return "规划实施中期评估的有关要求"


@dataclass
class _Accepted:
    """An accepted report as it stood when accepted (by the cut-off)."""

    id: int
    task_id: int
    department_id: int
    period_id: int
    progress_status: str
    narrative: str
    indicator_values: dict


def _accepted_reports(dash: Dashboard, facts, cutoff) -> dict[int, _Accepted]:
    """The lead departments' reports accepted as of the cut-off, with the text they were accepted with."""
    lead_ids = {
        r.id
        for t in dash.tasks
        for r in facts.facts[t.pk].reports
        if r.state == ReportState.ACCEPTED and r.department_id in facts.facts[t.pk].lead_department_ids
    }
    rows = (
        ProgressReport.history.filter(id__in=lead_ids, history_date__lt=cutoff, state=ReportState.ACCEPTED)
        .order_by("id", "history_date", "history_id")
        .values("id", "task_id", "department_id", "period_id", "progress_status", "narrative", "indicator_values")
    )
    latest = {}
    for row in rows:
        latest[row["id"]] = _Accepted(**row)
    return latest


def _accepted_evidence(report_ids: list[int], cutoff) -> dict[int, list[str]]:
    """Per accepted report, the names of its evidence files as of the cut-off."""
    latest: dict[int, dict] = {}
    for row in (
        Evidence.history.filter(report_id__in=report_ids, history_date__lt=cutoff)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_type", "report_id", "original_name", "removed_at")
    ):
        latest[row["id"]] = row
    by_report: dict[int, list[str]] = defaultdict(list)
    for row in latest.values():
        if row["history_type"] != "-" and row["removed_at"] is None:
            by_report[row["report_id"]].append(row["original_name"])
    return by_report


def _milestone_figures(dash: Dashboard, as_of) -> dict[str, int]:
    """Every milestone of every task due by the cut-off: met, missed, or awaiting the report that
    covers it (its grace period runs past the cut-off)."""
    out = {"due": 0, "met": 0, "missed": 0, "pending": 0}
    for t in dash.tasks:
        for m in t.status.milestones:
            if m.milestone.due_date > as_of:
                continue
            out["due"] += 1
            out[{"met": "met", "overdue": "missed", "upcoming": "pending"}[m.state]] += 1
    return out


def _plan_milestones(dash, as_of, refs, clause_by_id, facts) -> list[MilestoneRow]:
    """The plan's own dated deadlines due by the cut-off (not yearly duties nor yearly steps)."""
    rows: dict[tuple, MilestoneRow] = {}
    for t in dash.tasks:
        for m in t.status.milestones:
            ms = m.milestone
            if ms.recurring or ms.yearly_target or ms.due_date > as_of:
                continue
            state = {"met": "met", "overdue": "missed", "upcoming": "pending"}[m.state]
            key = (t.clause_label, ms.phrase, ms.due_date)
            if key in rows:
                rows[key].tasks.append(refs[t.pk])
                if state == "missed":
                    rows[key].state = "missed"
            else:
                rows[key] = MilestoneRow(t.clause_label, ms.phrase, ms.due_date, state, [refs[t.pk]])
    return sorted(rows.values(), key=lambda r: (r.due_date, r.clause_label))


def _chapter_of(task: DashboardTask, dash: Dashboard):
    return next((row for row in dash.chapters if row.tasks and task in row.tasks), None)


def _chapters(dash, facts, accepted, names, refs, as_of) -> list[ChapterSection]:
    by_task: dict[int, list[_Accepted]] = defaultdict(list)
    for report in accepted.values():
        by_task[report.task_id].append(report)
    period_order = {p.id: (p.start, p.label) for p in facts.periods}
    sections = []
    for row in dash.chapters:
        practices = []
        # The newest accepted account of each task, the completed ones first: 典型做法.
        candidates = []
        for t in row.tasks:
            reports = sorted(by_task.get(t.pk, []), key=lambda r: period_order[r.period_id][0])
            if reports and reports[-1].narrative.strip():
                latest = reports[-1]
                done = latest.progress_status == ProgressStatus.COMPLETED
                candidates.append((not done, -period_order[latest.period_id][0].toordinal(), t.clause_label, latest))
        for _, _, clause_label, report in sorted(candidates, key=lambda c: c[:3])[:PRACTICES_PER_CHAPTER]:
            practices.append(
                Practice(
                    clause_label,
                    names.get(report.department_id, ""),
                    period_order[report.period_id][1],
                    _first_sentences(report.narrative),
                )
            )
        met = missed = 0
        for t in row.tasks:
            for m in t.status.milestones:
                if m.milestone.due_date <= as_of:
                    met += m.state == "met"
                    missed += m.state == "overdue"
        finite = [t for t in row.tasks if not t.is_ongoing]
        sections.append(
            ChapterSection(
                label=row.chapter.label if row.chapter else "",
                heading=row.chapter.heading if row.chapter else "未分章任务",
                tasks=len(row.tasks),
                clauses=len({t.clause_label for t in row.tasks}),
                categories=[CategoryFigure(k, lbl, n, DEFINITIONS[k]) for k, lbl, n in row.categories],
                completion_percent=_percent(finite),
                milestones_met=met,
                milestones_missed=missed,
                practices=practices,
                lagging=[
                    refs[t.pk] for t in row.tasks if category(t.status.light, is_ongoing=t.is_ongoing) == "lagging"
                ],
            )
        )
    return sections


def _percent(finite) -> int | None:
    from_weights = sum((t.weight for t in finite), Decimal(0))
    if not from_weights:
        return None
    return round(100 * float(sum(Decimal(str(t.status.completion)) * t.weight for t in finite) / from_weights))


def _first_sentences(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", "", text)
    if len(text) <= limit:
        return text
    cut = text.rfind("。", 0, limit)
    return text[: cut + 1] if cut > 40 else text[:limit] + "……"


# --- 四、存在的主要问题 and 五、对策建议, drafted from the evidence ------------------------------


def _chapter_name(chapter) -> str:
    return f"第{chapter.label.rstrip('、')}章" if chapter else "未分章任务"


def _footnote(footnotes: list[Footnote], text: str, tasks: list[TaskRef]) -> int:
    footnotes.append(Footnote(len(footnotes) + 1, text, tasks))
    return len(footnotes)


def _by_chapter(dash: Dashboard, task_ids: set[int]) -> list[tuple[object, list[DashboardTask]]]:
    """The chapters holding any of ``task_ids``, in plan order, with those tasks."""
    return [
        (row.chapter, [t for t in row.tasks if t.pk in task_ids])
        for row in dash.chapters
        if any(t.pk in task_ids for t in row.tasks)
    ]


def _draft_problems(dash, facts, plan, cutoff, refs, clause_by_id, footnotes, inspections) -> list[Problem]:
    as_of = facts.today
    problems: list[Problem] = []

    # 1. Milestones missed by the cut-off.
    missed = {
        t.pk: [m.milestone for m in t.status.milestones if m.state == "overdue" and m.milestone.due_date <= as_of]
        for t in dash.tasks
    }
    missed = {k: v for k, v in missed.items() if v}
    if missed:
        sentences = []
        for chapter, group in _by_chapter(dash, set(missed)):
            parts = []
            for t in group:
                phrases = "、".join(sorted({m.phrase or f"{m.due_date:%Y年%m月%d日}" for m in missed[t.pk]}))
                parts.append(f"{t.clause_label}{t.title}（{phrases}）")
            text = f"{_chapter_name(chapter)}有{len(group)}项任务的时限节点逾期未完成：{'；'.join(parts)}。"
            sentences.append(Sentence(text, _footnote(footnotes, "逾期未完成节点的任务", [refs[t.pk] for t in group])))
        problems.append(
            Problem(
                "部分时限节点任务未能按期完成",
                "主要原因是部分牵头单位对规划确定的时间节点重视不够，年度工作安排与规划节点衔接不紧，"
                "跨部门事项协调推进机制有待健全。",
                sentences,
            )
        )

    # 2. Reports owed and not handed in (a red light), or handed in after their due date: the lag
    # the records show. A yellow light that only says the next report is due soon is no problem.
    periods = {p.id: p for p in facts.periods}
    late: dict[int, int] = defaultdict(int)
    for t in dash.tasks:
        for r in facts.facts[t.pk].reports:
            period = periods.get(r.period_id)
            first = r.first_submitted_at
            if period and first and period.due_date < as_of and timezone.localdate(first) > period.due_date:
                late[t.pk] += 1
        late[t.pk] += t.status.overdue_reports
    lagging = {task_id for task_id, n in late.items() if n and task_id not in missed}
    if lagging:
        sentences = []
        for chapter, group in _by_chapter(dash, lagging):
            count = sum(late[t.pk] for t in group)
            text = f"{_chapter_name(chapter)}有{len(group)}项任务共{count}期进展报告逾期报送或未报"
            text += f"（{'、'.join(t.clause_label for t in group)}）。"
            sentences.append(
                Sentence(text, _footnote(footnotes, "进展报告逾期报送或未报的任务", [refs[t.pk] for t in group]))
            )
        problems.append(
            Problem(
                "部分任务进展报送不够及时",
                "主要原因是个别单位日常推进和信息报送责任落实不到位，工作台账不健全，"
                "存在临近截止或逾期后集中报送的情况。",
                sentences,
            )
        )

    # 3. Reports a supervisor sent back (the event log, 司法局's returns only).
    returns = list(
        Event.objects.filter(
            plan=plan,
            verb__in=["report.return", "report.reopen"],
            audience=Event.Audience.OVERSIGHT,
            occurred_at__lt=cutoff,
        ).values_list("ref", flat=True)
    )
    returned_by_task: dict[int, int] = defaultdict(int)
    for ref in returns:
        if ref.startswith("task:") and ref[5:].isdigit() and int(ref[5:]) in refs:
            returned_by_task[int(ref[5:])] += 1
    if returned_by_task:
        sentences = []
        for chapter, group in _by_chapter(dash, set(returned_by_task)):
            count = sum(returned_by_task[t.pk] for t in group)
            text = f"{_chapter_name(chapter)}有{count}份进展报告经审核退回补充（涉及{len(group)}项任务）。"
            sentences.append(
                Sentence(text, _footnote(footnotes, "报告曾被司法局退回的任务", [refs[t.pk] for t in group]))
            )
        problems.append(
            Problem(
                "进展报告质量有待提高",
                "主要原因是部分报告以工作安排代替工作成效，佐证材料不充分，量化指标填报不完整。",
                sentences,
            )
        )

    # 4. Tasks not started.
    grey = {t.pk for t in dash.tasks if category(t.status.light, is_ongoing=t.is_ongoing) == "not_started"}
    if grey:
        sentences = []
        for chapter, group in _by_chapter(dash, grey):
            text = (
                f"{_chapter_name(chapter)}有{len(group)}项任务尚未启动（{'、'.join(t.clause_label for t in group)}）。"
            )
            sentences.append(Sentence(text, _footnote(footnotes, "尚未启动的任务", [refs[t.pk] for t in group])))
        problems.append(
            Problem(
                "少数任务尚未实质性启动",
                "主要原因是相关任务依赖上级部署或配套政策，责任单位等待观望，主动谋划不足。",
                sentences,
            )
        )

    # 5. Open or repeated findings of the inspections, when that app provides them.
    found = inspections.get("problems") or []
    if found:
        sentences = [
            Sentence(
                p["text"], _footnote(footnotes, "督察发现问题涉及的任务", [refs[i] for i in p["task_ids"] if i in refs])
            )
            for p in found
        ]
        problems.append(
            Problem(
                "督察发现问题整改不够到位",
                "主要原因是整改责任传导不到位，举一反三不够，个别问题反复出现。",
                sentences,
            )
        )
    return problems[:5]


def _draft_recommendations(dash, problems, plan_milestones, facts, clause_by_id) -> tuple[list[Recommendation], str]:
    lagging = [
        t
        for t in dash.tasks
        if t.status.light == "red" or category(t.status.light, is_ongoing=t.is_ongoing) == "not_started"
    ]
    clauses = "、".join(dict.fromkeys(t.clause_label for t in lagging)) or "各项任务"
    out = [
        Recommendation(
            "聚焦滞后任务，强化督促推进",
            f"对{clauses}等进展滞后或尚未启动的条款，由牵头单位逐项制定后半程推进计划，明确阶段目标、"
            "责任人和完成时限；区司法局实行清单化管理，按季度跟踪，对连续滞后的事项开展专项督察。",
        ),
        Recommendation(
            "压实报送责任，提升报告质量",
            "严格执行按季度报送制度，进展报告须写明工作成效、量化指标完成值并附佐证材料；"
            "对逾期未报、多次退回的单位予以通报，纳入法治政府建设考核。",
        ),
        Recommendation(
            "健全协同机制，推动重点改革落地",
            "对需要多部门协同的任务，由牵头单位召集配合单位建立会商机制，定期研究解决推进中的难点问题；"
            "将后半程重点任务纳入年度法治政府建设工作要点。",
        ),
    ]
    if any(p.title.startswith("督察") for p in problems):
        out.append(
            Recommendation(
                "抓好督察整改，建立长效机制",
                "对督察发现的问题逐项整改销号，举一反三，防止问题反弹回潮。",
            )
        )
    unmet = [m for m in plan_milestones if m.state == "missed"]
    if unmet:
        names = "、".join(f"{m.clause_label}（{m.phrase}）" for m in unmet)
        adjustment = (
            f"{names}的时限节点已逾期。建议牵头单位说明原因，报区政府同意后，对其完成时限作出调整或明确补救措施；"
            "其余目标任务总体可按规划推进，暂不作调整。"
        )
    else:
        adjustment = "规划确定的时限节点均已按期完成或尚未到期，目标任务总体可按规划推进，暂不需要调整规划内容。"
    return out, adjustment


# --- 附件1 主要指标完成情况表 ----------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parse_value(text) -> Decimal | None:
    """The number in a value a department typed (\"85\", \"85%\", \"4人\"), or None."""
    if text is None:
        return None
    match = _NUMBER.search(str(text).replace(",", ""))
    return Decimal(match.group()) if match else None


def rate(value, baseline, target, elapsed: float, margin: float) -> tuple[int | None, str]:
    """(完成进度 %, 评价) with r = (value − 基数) / (目标 − 基数) and e the elapsed share."""
    if value is None or target is None or baseline is None or target == baseline:
        return None, NO_DATA
    r = float((value - baseline) / (target - baseline))
    if r >= 1:
        label = "已提前实现"
    elif r >= elapsed + margin:
        label = "快于预期"
    elif r >= elapsed - margin:
        label = "基本符合预期"
    else:
        label = "滞后于预期"
    return round(r * 100), label


def trend(points: list[tuple[int, Decimal]], target, end_year: int) -> str:
    """趋势判断: a straight line through the yearly values (the baseline among them) carried to the
    plan's last year."""
    if target is None or len(points) < 2:
        return NO_DATA
    xs = [float(x) for x, _ in points]
    ys = [float(y) for _, y in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0
    projected = mean_y + slope * (end_year - mean_x)
    rising = float(target) >= ys[0]
    reached = projected >= float(target) if rising else projected <= float(target)
    shown = f"{projected:.1f}".rstrip("0").rstrip(".")
    if reached:
        return f"按当前进度，{end_year}年可达到目标（预计{shown}）"
    return f"按当前进度，{end_year}年难以达到目标（预计{shown}），需加快推进"


def _indicators(plan, as_of, accepted, facts, clause_by_id, elapsed) -> list[IndicatorRow]:
    indicators = list(Indicator.objects.filter(plan=plan).order_by("line", "pk"))
    periods = {p.id: p for p in facts.periods}
    # The value of each indicator for each year: the latest accepted report of that year naming it.
    per_year: dict[int, dict[int, tuple]] = defaultdict(dict)
    for report in accepted.values():
        period = periods.get(report.period_id)
        if period is None:
            continue
        for key, raw in (report.indicator_values or {}).items():
            if not str(key).isdigit() or (value := parse_value(raw)) is None:
                continue
            seen = per_year[int(key)].get(period.year)
            if seen is None or seen[0] < period.start:
                per_year[int(key)][period.year] = (period.start, value)
    margin = rating_margin()
    years = [y for y in plan.years if y <= as_of.year]
    rows = []
    for number, indicator in enumerate(indicators, start=1):
        values = {y: per_year[indicator.pk].get(y, (None, None))[1] for y in years}
        reported = [(y, v) for y, v in values.items() if v is not None]
        latest = reported[-1][1] if reported else None
        baseline = indicator.baseline
        pace = None
        if baseline is not None and indicator.target is not None:
            pace = (baseline + (indicator.target - baseline) * Decimal(str(elapsed))).quantize(Decimal("0.01"))
        progress, rating = rate(latest, baseline, indicator.target, elapsed, margin)
        points = [(indicator.baseline_year, baseline)] if baseline is not None and indicator.baseline_year else []
        points += reported
        clause = clause_by_id.get(indicator.clause_id)
        rows.append(
            IndicatorRow(
                number=number,
                indicator_id=indicator.pk,
                text=f"{clause.heading if clause else ''}：{indicator.text}" if clause else indicator.text,
                clause_label=clause.label if clause else "",
                kind=indicator.get_kind_display(),
                unit=indicator.unit,
                baseline=baseline,
                baseline_year=indicator.baseline_year,
                values=values,
                target=indicator.target,
                pace_target=pace,
                progress_percent=progress,
                rating=rating,
                trend="已实现目标" if rating == "已提前实现" else trend(points, indicator.target, plan.end_year),
            )
        )
    return rows


# --- 附件2, department figures, notes ---------------------------------------------------------------


def _clause_rows(clauses, tasks_by_clause, facts, names, evidence, as_of) -> list[ClauseRow]:
    accepted_by_task: dict[int, list[int]] = defaultdict(list)
    for t_id, f in facts.facts.items():
        for r in f.reports:
            if r.state == ReportState.ACCEPTED and r.id in evidence:
                accepted_by_task[t_id].append(r.id)
    severity = ["lagging", "not_started", "on_schedule", "ongoing", "completed"]
    rows = []
    for clause in clauses:
        tasks = tasks_by_clause.get(clause.pk, [])
        lead = sorted({names[d] for t in tasks for d in facts.facts[t.pk].lead_department_ids})
        support = sorted({names[d] for t in tasks for d in facts.facts[t.pk].supporting_department_ids} - set(lead))
        keys = [category(t.status.light, is_ongoing=t.is_ongoing) for t in tasks]
        worst = min(keys, key=severity.index) if keys else None
        lights = [t.status.light for t in tasks]
        due = []
        for t in tasks:
            for m in t.status.milestones:
                ms = m.milestone
                if ms.due_date <= as_of and not ms.recurring and not ms.yearly_target:
                    mark = {"met": "已完成", "overdue": "逾期", "upcoming": "待核验"}[m.state]
                    due.append(f"{ms.phrase or ms.due_date}（{mark}）")
        files = [name for t in tasks for rid in accepted_by_task.get(t.pk, []) for name in evidence[rid]]
        rows.append(
            ClauseRow(
                label=clause.label,
                heading=clause.heading,
                chapter_label=clause.chapter.label if clause.chapter else "",
                lead=lead,
                support=support,
                status=LABELS[worst] if worst else "未分解任务",
                light=lights[0] if len(set(lights)) == 1 else (min(lights, key=_light_rank) if lights else ""),
                milestones_due=list(dict.fromkeys(due)),
                evidence=list(dict.fromkeys(files))[:EVIDENCE_NAMES_PER_CLAUSE],
                evidence_count=len(files),
            )
        )
    return rows


def _light_rank(light: str) -> int:
    return ["red", "yellow", "grey", "green", "blue"].index(light)


def _departments(dash: Dashboard, inspections: dict) -> list[DepartmentFigure]:
    extra = inspections.get("departments") or {}
    out = []
    for row in dash.departments:
        mine = extra.get(row.department.pk) or extra.get(str(row.department.pk)) or {}
        notices = mine.get("notices")
        out.append(
            DepartmentFigure(
                name=row.department.name,
                lead_tasks=row.lead_tasks,
                reports_due=row.reports_due,
                reports_on_time=row.reports_on_time,
                on_time_percent=row.on_time_percent,
                milestones_due=row.milestones_due,
                milestones_met=row.milestones_met,
                returned=row.returned,
                findings=mine.get("findings") or NO_DATA,
                notices=(
                    "、".join(
                        f"{ {'red': '红', 'yellow': '黄', 'blue': '蓝'}.get(k, k) }色{v}份" for k, v in notices.items()
                    )
                    if notices
                    else "无"
                ),
            )
        )
    return out


def _method_notes(plan: Plan, as_of) -> list[str]:
    margin = round(rating_margin() * 100)
    notes = [f"{LABELS[key]}：{DEFINITIONS[key]}" for key in ORDER]
    notes += [
        "完成率：不含日常推进类任务，按任务权重加权；已完成任务计100%，其余按牵头单位最近一期经审核通过报告的完成百分比计。",
        f"时间进度：{plan.start_year}年1月1日至{plan.end_year}年12月31日规划期内，截至{as_of:%Y年%m月%d日}已经过的天数占比。",
        "“时间过半、任务过半”：完成率不低于时间进度即为实现。",
        "节点：规划原文确定的时限、任务分解表的完成时限、每年检查的持续性任务和经审核的年度目标节点；"
        "节点所在报告期的报送截止日已过且未完成的，计为未按期完成。",
        f"指标评价：完成进度 r=（当前值－基数）/（目标值－基数），时间进度为 e；r≥1 为已提前实现，"
        f"r≥e+{margin}% 为快于预期，r≥e－{margin}% 为基本符合预期，其余为滞后于预期。序时目标=基数＋（目标值－基数）×e。",
        "趋势判断：以基数和各年度完成值作直线拟合，推算规划末年的数值。",
        "数据来源：各单位报送并经区司法局审核通过的进展报告、年度目标及佐证材料；未提交或未审核通过的材料不纳入统计。",
    ]
    return notes


def _draft_summary(report: MidtermReport) -> str:
    counts = report.category_counts
    verdict = (
        "总体实现了“时间过半、任务过半”的目标" if report.half_time_half_work else "尚未实现“时间过半、任务过半”的目标"
    )
    return (
        f"规划实施以来，各责任单位按照规划确定的目标任务，扎实推进法治政府建设。截至{report.as_of_text}，"
        f"规划{report.clauses_count}条{report.tasks_count}项任务中，已完成{counts['completed']}项，"
        f"序时推进{counts['on_schedule']}项，进展滞后{counts['lagging']}项，未启动{counts['not_started']}项，"
        f"另有日常推进类任务{counts['ongoing']}项。不含日常推进类任务的加权完成率为{report.completion_percent}%，"
        f"时间进度为{report.elapsed_percent}%，{verdict}。截止日前到期的{report.milestones_due}个节点中，"
        f"按期完成{report.milestones_met}个，未按期完成{report.milestones_missed}个，"
        f"{report.milestones_pending}个待下一报告期核验。"
    )
