"""The annual 法治政府建设年度报告 of the district (the whole plan) or of one department, for year Y:
plain data, no formatting (``reports.annual_docx`` and ``reports.annual_pdf`` render it).

One number, one meaning: the figures count the reporting periods that ended by Y-12-31 with what
was recorded by the day the report is generated — ``gather_facts(plan, periods_through=Y-12-31)``,
because the fourth quarter's reports arrive in January — and the 口径说明 says so.

Only accepted work is quoted: the 主要举措和成效 are the first sentences of the year's accepted
progress reports (a draft's, a submitted or a returned report's text never enters), 存在的不足和原因
are counts drawn from the evidence (missed milestones, reports the 司法局 returned, red 督办单,
open 督察 findings — never a finding's description), each sentence footnoted to its sources as in the
midterm report. 第一责任人履职 comes from the form the unit fills (``DutyRecord``); the district's
adds up the departments' that were accepted. Each section a person rewrote replaces the drafted one.

``annual_reports_due_for(user, today)`` says which annual reports a user owes or must review (the
to-do centre lists them); ``owing_departments(plan, year)`` who owes one at all.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from inspections.summary import annual_figures
from plans.models import Chapter, Clause, Department, Event, Milestone, Plan
from plans.policy import actor_for, can
from reports.annual_models import AnnualReport, DutyRecord
from reports.categories import category
from reports.midterm import Sentence, TaskRef, _first_sentences
from tasks.facts import RECORDS_TZ, gather_facts
from tasks.models import Assignment, ProgressReport, ProgressStatus, ReportState, YearlyTarget

DUE_MONTH_DAY = (3, 31)  # the report of year Y is due by 31 March of Y+1
REMIND_FROM = (3, 1)  # and reminded of from 1 March
PRACTICES_PER_CHAPTER = 3


def headings(year: int, *, district: bool) -> dict[str, str]:
    """The section headings, by key, in the order the seeds print them (五 only when filled)."""
    if district:
        return {
            "achievements": f"一、{year}年推进法治政府建设的主要举措和成效",
            "shortcomings": "二、存在的不足和原因",
            "duty": "三、党政主要负责人履行推进法治建设第一责任人职责情况",
            "arrangements": f"四、{year + 1}年推进法治政府建设的主要安排",
            "other": "五、其他需要报告的情况",
        }
    return {
        "achievements": f"一、{year}年推进法治政府建设的主要举措和成效",
        "shortcomings": "二、存在的不足和原因",
        "arrangements": f"三、{year + 1}年推进法治政府建设的主要安排",
    }


# --- The data ----------------------------------------------------------------------------------


@dataclass
class Footnote:
    number: int
    text: str
    sources: list[str]  # the tasks, 督办单 or campaigns a sentence rests on


@dataclass
class Block:
    """A subheading ("h") or a paragraph ("p") of sentences, each possibly footnoted."""

    kind: str
    sentences: list[Sentence]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)


@dataclass
class Section:
    key: str
    heading: str
    blocks: list[Block]
    edited: bool = False


@dataclass
class Headline:
    """The figures the report quotes, each counted as the 口径说明 says."""

    tasks: int  # tasks in scope (lead or supporting, for a department)
    completed: int  # tasks whose completion was accepted (completed light), periods through Y-12-31
    milestones_due: int  # milestones due within the year
    milestones_met: int
    milestones_missed: int
    reports_accepted: int  # progress reports of the year's periods accepted by the 司法局
    reports_returned: int  # reports the 司法局 returned during the year
    indicator_values: int  # indicator values reported in the year's accepted reports
    inspections: int  # units inspected during the year
    findings_found: int
    findings_closed: int  # findings closed (销号) during the year
    findings_open: int  # findings still open at the year's end
    red_notices: int  # red 督办单 issued during the year


@dataclass
class AnnualReportData:
    plan_id: int
    plan_title: str
    year: int
    department_id: int | None
    scope_name: str  # 宝山区 or the department
    generated_on: datetime.date
    headline: Headline
    sections: list[Section]
    footnotes: list[Footnote]
    method_notes: list[str]  # 口径说明
    draft: bool = True

    @property
    def is_district(self) -> bool:
        return self.department_id is None

    @property
    def title(self) -> str:
        return f"{self.scope_name}{self.year}年法治政府建设工作情况报告"

    @property
    def headings(self) -> list[str]:
        return [s.heading for s in self.sections]


def to_json(report: AnnualReportData) -> str:
    def default(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        raise TypeError(type(value))

    return json.dumps(dataclasses.asdict(report), ensure_ascii=False, sort_keys=True, indent=1, default=default)


# --- Building it -------------------------------------------------------------------------------


def district_name(plan: Plan) -> str:
    """宝山区 from 宝山区全面推进法治政府建设“十四五”规划; 全区 when the title names no district."""
    head = plan.title.split("全面")[0].split("法治")[0]
    return head if head.endswith(("区", "县", "市")) and len(head) <= 8 else "全区"


def build(
    plan: Plan,
    *,
    year: int,
    department: Department | None = None,
    report: AnnualReport | None = None,
    today: datetime.date | None = None,
) -> AnnualReportData:
    """The year's report of the district (``department`` None) or of one department; ``report``
    (the stored one) brings the rewritten sections and the 第一责任人履职 form."""
    today = today or timezone.localdate()
    through = datetime.date(year, 12, 31)
    facts = gather_facts(plan, periods_through=through, today=today)
    in_scope = [
        t
        for t, f in facts.facts.items()
        if department is None or department.pk in f.lead_department_ids + f.supporting_department_ids
    ]
    refs = {}
    clauses = {c.pk: c for c in Clause.objects.filter(plan=plan)}
    for t in in_scope:
        clause = clauses.get(facts.tasks[t].clause_id)
        refs[t] = TaskRef(t, facts.tasks[t].code, clause.label if clause else "", facts.tasks[t].title)
    chapters = list(Chapter.objects.filter(plan=plan).order_by("number"))
    chapter_of = {
        t: (clauses[facts.tasks[t].clause_id].chapter_id if facts.tasks[t].clause_id in clauses else None)
        for t in in_scope
    }
    year_periods = {p.id for p in facts.periods if p.year == year}
    statuses = {t: facts.status(t) for t in in_scope}

    def counts(task_id: int, report_fact) -> bool:
        """A report counts for the scope: the lead's for the district, the department's own for it."""
        return report_fact.period_id in year_periods and (
            report_fact.department_id == department.pk
            if department is not None
            else report_fact.department_id in facts.facts[task_id].lead_department_ids
        )

    accepted_ids = [
        r.id
        for task_id in in_scope
        for r in facts.facts[task_id].reports
        if r.state == ReportState.ACCEPTED and counts(task_id, r)
    ]
    accepted = list(
        ProgressReport.objects.filter(pk__in=accepted_ids, state=ReportState.ACCEPTED)
        .select_related("department", "period")
        .order_by("period__start", "pk")
    )
    milestones = _year_milestones(statuses, year)
    returned = _returned(plan, year, department, set(in_scope))
    inspections = annual_figures(plan=plan, year=year, department=department)
    headline = Headline(
        tasks=len(in_scope),
        completed=sum(1 for t in in_scope if statuses[t].light == "blue"),
        milestones_due=sum(len(v) for v in milestones.values()),
        milestones_met=sum(1 for v in milestones.values() for m in v if m.state == "met"),
        milestones_missed=sum(1 for v in milestones.values() for m in v if m.state == "overdue"),
        reports_accepted=len(accepted),
        reports_returned=sum(returned.values()),
        indicator_values=sum(len(r.indicator_values or {}) for r in accepted),
        inspections=inspections["inspections"],
        findings_found=inspections["found"],
        findings_closed=inspections["closed"],
        findings_open=inspections["open"],
        red_notices=len(inspections["red_notices"]),
    )
    scope_name = district_name(plan) if department is None else department.name
    heading_names = headings(year, district=department is None)
    footnotes: list[Footnote] = []
    duty = _duty_record(report)
    drafted = {
        "achievements": _achievements(
            scope_name, year, headline, chapters, in_scope, chapter_of, statuses, accepted, refs, duty, department
        ),
        "shortcomings": _shortcomings(
            year, in_scope, chapter_of, chapters, milestones, returned, inspections, refs, footnotes
        ),
        "arrangements": _arrangements(plan, year, in_scope, statuses, refs, department, facts),
    }
    if department is None:
        drafted["duty"] = _district_duty(plan, year, duty)
    sections = []
    for key, heading in heading_names.items():
        own = report.section(key).strip() if report is not None else ""
        if key == "other":
            if own:
                sections.append(Section(key, heading, _paragraphs(own), edited=True))
            continue
        if own:
            sections.append(Section(key, heading, _paragraphs(own), edited=True))
        else:
            sections.append(Section(key, heading, drafted[key]))
    # A footnote only counts when its section was not rewritten.
    if any(s.key == "shortcomings" and s.edited for s in sections):
        footnotes = []
    return AnnualReportData(
        plan_id=plan.pk,
        plan_title=plan.title,
        year=year,
        department_id=department.pk if department else None,
        scope_name=scope_name,
        generated_on=today,
        headline=headline,
        sections=sections,
        footnotes=footnotes,
        method_notes=_method_notes(year, today, department),
        draft=report is None or not report.is_published,
    )


def _paragraphs(text: str) -> list[Block]:
    return [Block("p", [Sentence(line.strip())]) for line in text.splitlines() if line.strip()]


def _duty_record(report: AnnualReport | None) -> DutyRecord | None:
    if report is None or report.pk is None:
        return None
    return DutyRecord.objects.filter(report=report).first()


def _year_milestones(statuses, year: int) -> dict[int, list]:
    """Per task, its milestones due within the year, with their state."""
    out: dict[int, list] = {}
    for task_id, status in statuses.items():
        due = [m for m in status.milestones if m.milestone.due_date.year == year]
        if due:
            out[task_id] = due
    return out


def _returned(plan: Plan, year: int, department: Department | None, task_ids: set[int]) -> dict[int, int]:
    """Per task, how many times the 司法局 returned a report of it during the year (the event log)."""
    start = datetime.datetime(year, 1, 1, tzinfo=RECORDS_TZ)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=RECORDS_TZ)
    events = Event.objects.filter(
        plan=plan,
        verb__in=["report.return", "report.reopen"],
        audience=Event.Audience.OVERSIGHT,
        occurred_at__gte=start,
        occurred_at__lt=end,
    )
    if department is not None:
        events = events.filter(department=department)
    out: dict[int, int] = defaultdict(int)
    for ref in events.values_list("ref", flat=True):
        if ref.startswith("task:") and ref[5:].isdigit() and int(ref[5:]) in task_ids:
            out[int(ref[5:])] += 1
    return dict(out)


def _chapter_title(chapter: Chapter | None) -> str:
    return chapter.heading.rstrip("。") if chapter else "其他任务"


def _achievements(
    scope_name, year, h: Headline, chapters, in_scope, chapter_of, statuses, accepted, refs, duty, department
):
    blocks = [
        Block(
            "p",
            [
                Sentence(
                    f"{year}年，{scope_name}深入学习贯彻习近平法治思想，对照规划确定的目标任务，扎实推进法治政府建设。"
                    f"本报告统计期间为{year}年1月1日至{year}年12月31日。"
                ),
                Sentence(
                    f"承担的{h.tasks}项规划任务中，已完成{h.completed}项；年内到期的{h.milestones_due}个时限节点，"
                    f"按期完成{h.milestones_met}个；经审核通过的进展报告{h.reports_accepted}份，"
                    + (f"报送指标完成值{h.indicator_values}项；" if h.indicator_values else "")
                    + f"年内开展督察{h.inspections}家次，整改销号督察发现问题{h.findings_closed}个。"
                ),
            ],
        )
    ]
    number = 0
    if department is not None and duty is not None and duty.is_filled:
        number += 1
        blocks.append(Block("h", [Sentence(f"（{_cn(number)}）主要负责人履行推进法治建设第一责任人职责")]))
        blocks.append(Block("p", [Sentence(_duty_sentence(duty, "本单位主要负责人"))]))
    order = {t: i for i, t in enumerate(in_scope)}  # plan order
    by_chapter: dict[int | None, list[ProgressReport]] = defaultdict(list)
    for r in accepted:
        by_chapter[chapter_of.get(r.task_id)].append(r)
    tasks_by_chapter: dict[int | None, list[int]] = defaultdict(list)
    for t in in_scope:
        tasks_by_chapter[chapter_of.get(t)].append(t)
    for chapter in [*chapters, None]:
        key = chapter.pk if chapter else None
        reports = by_chapter.get(key, [])
        if not reports:
            continue
        number += 1
        tasks = tasks_by_chapter.get(key, [])
        done = sum(1 for t in tasks if statuses[t].light == "blue")
        blocks.append(Block("h", [Sentence(f"（{_cn(number)}）{_chapter_title(chapter)}")]))
        sentences = [Sentence(f"本部分{len(tasks)}项任务中已完成{done}项，年内经审核通过的进展报告{len(reports)}份。")]
        # The newest accepted account of each task, completed ones first.
        latest: dict[int, ProgressReport] = {}
        for r in reports:
            if r.narrative.strip():
                latest[r.task_id] = r
        chosen = sorted(
            latest.values(),
            key=lambda r: (r.progress_status != ProgressStatus.COMPLETED, -r.period.start.toordinal(), r.task_id),
        )[:PRACTICES_PER_CHAPTER]
        for r in sorted(chosen, key=lambda r: order[r.task_id]):
            who = "" if department is not None else f"{r.department.name}"
            sentences.append(
                Sentence(f"{refs[r.task_id].clause_label}{who}：{_closed(_first_sentences(r.narrative, 120))}")
            )
        blocks.append(Block("p", sentences))
    return blocks


def _shortcomings(year, in_scope, chapter_of, chapters, milestones, returned, inspections, refs, footnotes):
    blocks: list[Block] = []
    chapter_by_id = {c.pk: c for c in chapters}

    def note(text: str, sources: list[str]) -> int:
        footnotes.append(Footnote(len(footnotes) + 1, text, sources))
        return len(footnotes)

    def task_names(task_ids) -> list[str]:
        return [refs[t].name for t in sorted(task_ids)]

    number = 0
    missed = {t: [m for m in ms if m.state == "overdue"] for t, ms in milestones.items()}
    missed = {t: v for t, v in missed.items() if v}
    if missed:
        number += 1
        blocks.append(Block("h", [Sentence(f"（{_cn(number)}）部分时限节点未能按期完成")]))
        sentences = []
        groups: dict[int | None, list[int]] = defaultdict(list)
        for t in missed:
            groups[chapter_of.get(t)].append(t)
        for chapter_id, group in groups.items():
            chapter = chapter_by_id.get(chapter_id)
            phrases = "；".join(
                f"{refs[t].clause_label}（{'、'.join(sorted({m.milestone.phrase or str(m.milestone.due_date) for m in missed[t]}))}）"
                for t in sorted(group)
            )
            text = f"“{_chapter_title(chapter)}”部分有{len(group)}项任务的{year}年时限节点逾期未完成：{phrases}。"
            sentences.append(Sentence(text, note("逾期未完成节点的任务", task_names(group))))
        sentences.append(Sentence("主要原因是年度工作安排与规划节点衔接不够紧密，跨部门事项协调推进机制有待健全。"))
        blocks.append(Block("p", sentences))
    if returned:
        number += 1
        blocks.append(Block("h", [Sentence(f"（{_cn(number)}）进展报告质量有待提高")]))
        text = f"年内有{sum(returned.values())}份进展报告经区司法局审核退回补充，涉及{len(returned)}项任务。"
        blocks.append(
            Block(
                "p",
                [
                    Sentence(text, note("报告被区司法局退回的任务", task_names(returned))),
                    Sentence("主要原因是部分报告以工作安排代替工作成效，佐证材料不充分，量化指标填报不完整。"),
                ],
            )
        )
    red = inspections["red_notices"]
    open_findings = inspections["open"]
    if red or open_findings:
        number += 1
        blocks.append(Block("h", [Sentence(f"（{_cn(number)}）督察督办事项整改不够到位")]))
        sentences = []
        if red:
            sources = [num + (f"（{refs[t].name}）" if t in refs else "") for num, t in red]
            sentences.append(Sentence(f"年内被签发红色督办单{len(red)}份。", note("红色督办单", sources)))
        if open_findings:
            sentences.append(
                Sentence(
                    f"截至{year}年12月31日，尚有{open_findings}个督察发现问题未整改销号。",
                    note("督察发现问题", [f"截至{year}年底未销号的问题{open_findings}个（见整改台账）"]),
                )
            )
        sentences.append(Sentence("主要原因是整改责任传导不到位，举一反三不够，个别问题反复出现。"))
        blocks.append(Block("p", sentences))
    if not blocks:
        blocks.append(
            Block(
                "p",
                [
                    Sentence(
                        f"{year}年规划任务推进总体顺利，未发现逾期节点、退回报告和督办事项。"
                        "但对照法治政府建设示范创建要求，工作的系统性和创新性仍有提升空间。"
                    )
                ],
            )
        )
    return blocks


def _duty_sentence(duty: DutyRecord, who: str) -> str:
    text = (
        f"{who}主持召开会议专题研究法治建设{duty.meetings_chaired}次，组织集体学法{duty.learning_sessions}次，"
        f"重大行政决策经合法性审查{duty.decisions_reviewed}件，规范性文件经合法性审核{duty.documents_reviewed}件，"
        f"负责人出庭应诉{duty.court_appearances}次。"
    )
    if duty.notes.strip():
        text += duty.notes.strip()
    return text


def _district_duty(plan: Plan, year: int, duty: DutyRecord | None) -> list[Block]:
    blocks = []
    if duty is not None and duty.is_filled:
        blocks.append(Block("p", [Sentence(_duty_sentence(duty, "区政府主要负责人"))]))
    else:
        blocks.append(
            Block(
                "p",
                [Sentence("（请填写“第一责任人履职情况”表：区政府主要负责人主持会议、组织学法、审查决策等情况。）")],
            )
        )
    departments = DutyRecord.objects.filter(
        report__plan=plan,
        report__year=year,
        report__department__isnull=False,
        report__state__in=[AnnualReport.State.ACCEPTED, AnnualReport.State.PUBLISHED],
    )
    rows = list(departments)
    if rows:
        total = {f: sum(getattr(r, f) for r in rows) for f in DutyRecord.FIGURES}
        blocks.append(
            Block(
                "p",
                [
                    Sentence(
                        f"报送年度报告并经审核通过的{len(rows)}个部门，其主要负责人共主持召开会议专题研究法治建设"
                        f"{total['meetings_chaired']}次，组织集体学法{total['learning_sessions']}次，"
                        f"重大行政决策经合法性审查{total['decisions_reviewed']}件，规范性文件经合法性审核"
                        f"{total['documents_reviewed']}件，负责人出庭应诉{total['court_appearances']}次。"
                    )
                ],
            )
        )
    return blocks


def _arrangements(plan, year, in_scope, statuses, refs, department, facts) -> list[Block]:
    lagging = [
        t
        for t in in_scope
        if any(m.state == "overdue" and m.milestone.due_date.year <= year for m in statuses[t].milestones)
        or category(statuses[t].light, is_ongoing=facts.tasks[t].is_ongoing) == "not_started"
    ]
    clause_labels = list(
        dict.fromkeys(refs[t].clause_label for t in sorted(lagging, key=lambda t: refs[t].clause_label))
    )
    blocks = []
    if clause_labels:
        blocks.append(
            Block(
                "p",
                [
                    Sentence(
                        f"聚焦滞后任务。对{'、'.join(clause_labels[:12])}{'等' if len(clause_labels) > 12 else ''}"
                        "进展滞后或尚未启动的条款，逐项明确推进措施、责任人和完成时限，按季度跟踪督促。"
                    )
                ],
            )
        )
    clause_ids = {facts.tasks[t].clause_id for t in in_scope}
    upcoming = (
        Milestone.objects.filter(plan=plan, clause_id__in=clause_ids, due_date__year=year + 1, recurring="")
        .select_related("clause")
        .order_by("due_date", "clause__position")
    )
    seen = list(dict.fromkeys(f"{m.clause.label}{m.phrase or m.due_date}" for m in upcoming if m.clause_id))
    if seen:
        blocks.append(Block("p", [Sentence(f"抓好{year + 1}年到期的规划节点：{'；'.join(seen)}。")]))
    targets = YearlyTarget.objects.filter(task_id__in=in_scope, year=year + 1, state=ReportState.ACCEPTED)
    if department is not None:
        targets = targets.filter(department=department)
    targets = list(targets.order_by("task__position"))
    if targets:
        blocks.append(
            Block(
                "p",
                [Sentence(f"落实经审核的{year + 1}年度目标{len(targets)}项。")]
                + [
                    Sentence(f"{refs[t.task_id].clause_label}：{_closed(_first_sentences(t.targets, 60))}")
                    for t in targets[:5]
                ],
            )
        )
    blocks.append(
        Block(
            "p",
            [
                Sentence(
                    "持续压实法治建设责任，严格执行按季度报送制度，进展报告写明工作成效、量化指标完成值并附佐证材料；"
                    "对督察发现的问题逐项整改销号，举一反三，建立长效机制。"
                )
            ],
        )
    )
    return blocks


def _method_notes(year: int, today: datetime.date, department) -> list[str]:
    scope = "本部门牵头或配合的任务" if department is not None else "规划的全部任务"
    return [
        f"统计期间：{year}年1月1日至12月31日。统计截至{year}年12月31日结束的各报告期，"
        f"以本报告生成之日（{today:%Y年%m月%d日}）系统记录为准（第四季度报告于次年1月报送）。",
        f"任务数：{scope}（不含已撤销任务）。",
        "已完成：牵头单位报告“已完成”且经区司法局审核通过的任务（蓝灯），日常推进类任务不计为完成。",
        f"时限节点：{year}年内到期的规划时限、任务分解表完成时限、持续性任务的年度检查和经审核的年度目标节点；"
        "所在报告期报送截止日已过仍未完成的，计为未按期完成。",
        "经审核通过的进展报告：报告期在统计期间内、经区司法局审核通过的报告"
        + ("（本部门报送的）" if department is not None else "（牵头单位报送的）")
        + "；草稿、已提交待审核和被退回的报告不计入，也不引用其内容。",
        "退回：区司法局在统计期间内退回或重新打开进展报告的次数（部门负责人退回的不计）。",
        "督察：统计期间内完成督察的单位家次；销号：统计期间内整改销号的督察发现问题；"
        f"未销号：截至{year}年12月31日尚未销号的问题。红色督办单：统计期间内签发的红色督办单。",
    ]


def _closed(text: str) -> str:
    """A quoted sentence ends with a full stop, so the next one does not run into it."""
    return text if text.endswith(("。", "；", "！", "……")) else text.rstrip("，,;；") + "。"


def _cn(n: int) -> str:
    digits = "一二三四五六七八九十"
    if n <= 10:
        return digits[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens - 1]) + "十" + ("" if ones == 0 else digits[ones - 1])


# --- Who owes one, and what a user must do ---------------------------------------------------------


def due_date(year: int) -> datetime.date:
    return datetime.date(year + 1, *DUE_MONTH_DAY)


def owing_departments(plan: Plan, year: int) -> list[Department]:
    """Every department with a lead or supporting task of the plan that year (tasks not archived
    before the year began)."""
    start = datetime.datetime(year, 1, 1, tzinfo=RECORDS_TZ)
    ids = (
        Assignment.objects.filter(task__plan=plan)
        .filter(Q(task__archived_at__isnull=True) | Q(task__archived_at__gte=start))
        .values_list("department_id", flat=True)
        .distinct()
    )
    return list(Department.objects.filter(pk__in=ids, is_active=True).order_by("name"))


@dataclass
class AnnualDue:
    """One annual report a user has to act on: ``what`` is write / confirm / submit / review / publish."""

    plan_id: int
    year: int
    department_id: int | None
    scope_name: str
    what: str
    state: str
    due_date: datetime.date
    url: str
    overdue: bool = False
    report_id: int | None = field(default=None)

    @property
    def label(self) -> str:
        return {
            "write": "撰写",
            "confirm": "确认",
            "submit": "报送",
            "review": "审核",
            "publish": "公开",
        }[self.what] + f"{self.scope_name}{self.year}年法治政府建设年度报告"


def report_year(today: datetime.date) -> int:
    """The year whose report is being written: last year's."""
    return today.year - 1


def annual_reports_due_for(user, today: datetime.date) -> list[AnnualDue]:
    """What annual reports ``user`` owes or must review on ``today``: a department member the
    department's report of last year (to write, its head to confirm, then to submit); a supervisor
    the submitted ones to review and the district's to publish. Plans whose years do not include
    last year ask nothing."""
    actor = actor_for(user)
    year = report_year(today)
    out: list[AnnualDue] = []
    # A fixed number of queries however many plans: the plans, their reports of the year, and the
    # plans in which the user's department owes one.
    # The user's own 市 or 区: a district reviews and publishes its own reports, the city none of a district's.
    plans = [p for p in Plan.objects.filter(archived_at__isnull=True).in_own_jurisdiction(actor) if year in p.years]
    by_plan: dict[int, dict] = defaultdict(dict)
    for r in AnnualReport.objects.filter(plan__in=plans, year=year).select_related("department"):
        by_plan[r.plan_id][r.department_id] = r
    owing_plans: set[int] = set()
    department = None
    if actor.is_department_member and not actor.reviews_work and plans:
        start = datetime.datetime(year, 1, 1, tzinfo=RECORDS_TZ)
        owing_plans = set(
            Assignment.objects.filter(task__plan__in=plans, department_id=actor.department_id)
            .filter(department__is_active=True)
            .filter(Q(task__archived_at__isnull=True) | Q(task__archived_at__gte=start))
            .values_list("task__plan_id", flat=True)
            .distinct()
        )
        if owing_plans:
            department = Department.objects.get(pk=actor.department_id)
    for plan in plans:
        stored = by_plan[plan.pk]
        url = reverse("reports:annual_list") + f"?plan={plan.pk}&year={year}"
        due = due_date(year)
        if department is not None and plan.pk in owing_plans:
            report = stored.get(department.pk)
            state = report.state if report else ""
            what = ""
            if state in ("", "draft", "returned"):
                what = "confirm" if actor.heads(department.pk) and report is not None else "write"
            elif state == "confirmed":
                what = "submit"
            if what:
                out.append(
                    AnnualDue(
                        plan.pk,
                        year,
                        department.pk,
                        department.name,
                        what,
                        state,
                        due,
                        url if report is None else reverse("reports:annual_detail", args=[report.pk]),
                        today > due,
                        report.pk if report else None,
                    )
                )
        if actor.reviews_work:
            for report in stored.values():
                if report.department_id and report.state == AnnualReport.State.SUBMITTED:
                    out.append(
                        AnnualDue(
                            plan.pk,
                            year,
                            report.department_id,
                            report.department.name,
                            "review",
                            report.state,
                            due,
                            reverse("reports:annual_detail", args=[report.pk]),
                            False,
                            report.pk,
                        )
                    )
            district = stored.get(None)
            if district is None or district.state == AnnualReport.State.DRAFT:
                out.append(
                    AnnualDue(
                        plan.pk,
                        year,
                        None,
                        district_name(plan),
                        "publish",
                        district.state if district else "",
                        due,
                        url if district is None else reverse("reports:annual_detail", args=[district.pk]),
                        today > due,
                        district.pk if district else None,
                    )
                )
    return out


def overview(plan: Plan, year: int, user) -> dict:
    """The annual page's table: each owing department with its report's state (the ones the user
    may see), and those that have not submitted."""
    visible = {
        r.department_id: r
        for r in AnnualReport.objects.visible_to(user).filter(plan=plan, year=year).select_related("department")
    }
    rows = []
    for department in owing_departments(plan, year):
        report = visible.get(department.pk)
        # A department's unsubmitted draft is its own business: others see "not submitted".
        rows.append({"department": department, "report": report})
    handed_in = {"submitted", "accepted", "published"}
    all_states = dict(
        AnnualReport.objects.filter(plan=plan, year=year, department__isnull=False).values_list(
            "department_id", "state"
        )
    )
    not_submitted = [r["department"] for r in rows if all_states.get(r["department"].pk) not in handed_in]
    return {
        "rows": rows,
        "district": visible.get(None),
        "not_submitted": not_submitted,
        "can_create": can(user, "create", AnnualReport),
    }
