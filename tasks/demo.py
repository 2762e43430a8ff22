"""The demo: the 宝山 plan text and its 任务分解表 from fixtures/, and five years of progress on it,
written through the same actions as the UI with a clock set to when each step happened, so that the
history, the event log and the "as of" views show a past."""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from plans.demo import FIXTURES_DIR
from plans.departments import DepartmentDirectory
from plans.models import Area, Department, Membership, Plan
from plans.policy import SYSTEM
from plans.roles import Role, ensure_role_groups
from tasks.actions import (
    MilestoneInput,
    breakdown_import,
    plan_import,
    report_accept,
    report_confirm,
    report_return,
    report_save,
    report_submit,
    target_save,
)
from tasks.facts import invalidate_plan_facts
from tasks.models import Assignment, ProgressReport, ProgressStatus, Task
from tasks.plan_import import parse_source, read_source

DEMO_PLAN_FILE = FIXTURES_DIR / "baoshan-plan-2021-2025.txt"
DEMO_BREAKDOWN_FILE = FIXTURES_DIR / "baoshan-task-breakdown.csv"
NEVER_FINISHED = 4  # tasks whose reports stop in 2024: red on every dashboard afterwards
SEED = 2021
EVIDENCE_REPORTS = 12  # the demo staff's department's latest reports carry a scanned document


def _at(day: _dt.date, hour: int = 10) -> _dt.datetime:
    return _dt.datetime.combine(day, _dt.time(hour), tzinfo=_dt.timezone(_dt.timedelta(hours=8)))


@dataclass(frozen=True)
class DemoCast:
    """Who plays a district's demo: the 填报员 and 负责人 of one department (its reports carry the
    scanned documents) and the 司法局's supervisor who reviews everything."""

    staff: str = "staff"
    head: str = "head"
    supervisor: str = "supervisor"
    department: str = "区市场监管局"


BAOSHAN_CAST = DemoCast()


@dataclass(frozen=True)
class DemoPlanSource:
    """The plan text and 任务分解表 a district's demo imports."""

    name: str
    text: bytes
    breakdown: bytes
    breakdown_name: str


def baoshan_plan_source() -> DemoPlanSource:
    return DemoPlanSource(
        DEMO_PLAN_FILE.name, DEMO_PLAN_FILE.read_bytes(), DEMO_BREAKDOWN_FILE.read_bytes(), DEMO_BREAKDOWN_FILE.name
    )


def district_plan_source(short_name: str, slug: str) -> DemoPlanSource:
    """Another district's plan: the 宝山 text and 任务分解表 with the district's name in place of
    宝山's (the departments keep their names: each district has its own 区司法局)."""

    def swap(data: bytes) -> bytes:
        return data.decode("utf-8").replace("宝山", short_name).encode("utf-8")

    return DemoPlanSource(
        DEMO_PLAN_FILE.name.replace("baoshan", slug),
        swap(DEMO_PLAN_FILE.read_bytes()),
        swap(DEMO_BREAKDOWN_FILE.read_bytes()),
        DEMO_BREAKDOWN_FILE.name.replace("baoshan", slug),
    )


@transaction.atomic
def ensure_demo_plan(source: DemoPlanSource | None = None, *, area: Area | None = None) -> tuple[Plan, bool]:
    """The demo plan (``source`` in ``area``; the 宝山 one in the first district by default) and
    whether it was created now; a second call finds it and changes nothing. It is imported as the
    司法局 would have at the start of 2021, its 任务分解表 a month later, its departments resolved in
    its own district."""
    source_files = source or baoshan_plan_source()
    existing = Plan.objects.filter(source_name=source_files.name)
    if area is not None:
        existing = existing.filter(area=area)
    existing = existing.order_by("pk").first()
    if existing is not None:
        return existing, False
    directory = DepartmentDirectory(area=area) if area is not None else None
    text = read_source(source_files.text, source_files.name)
    plan = plan_import(
        actor=SYSTEM,
        parsed=parse_source(text, directory=directory),
        source=text,
        directory=directory,
        now=_at(_dt.date(2021, 1, 4), 9),
    )
    result = breakdown_import(
        actor=SYSTEM,
        plan=plan,
        data=source_files.breakdown,
        filename=source_files.breakdown_name,
        now=_at(_dt.date(2021, 1, 8), 9),
    )
    if not result.ok:
        raise RuntimeError(f"The demo 任务分解表 does not fit the demo plan: {result.errors[:3]}")
    return plan, True


def _pdf(text: str) -> bytes:
    """A tiny valid PDF (ASCII content) standing in for a scanned 佐证材料."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


NARRATIVES = [
    "已制定{year}年度工作方案，明确责任分工和时间节点，各项工作按计划推进。",
    "本期召开专题推进会{n}次，完成阶段性任务，形成工作台账。",
    "会同配合单位开展联合检查{n}次，发现问题已督促整改。",
    "完成相关制度文件修订，报区政府常务会议审议通过并印发实施。",
    "开展业务培训{n}场，覆盖执法人员{m}人次，培训考核合格率100%。",
]
PROBLEMS = ["部分街镇工作进度不平衡。", "专业人员力量仍显不足。", "信息化支撑有待加强。", ""]
RETURN_COMMENTS = ["进展情况过于简略，请补充具体数据。", "请补充佐证材料。", "完成比例与实际不符，请核实后重报。"]


@dataclass
class _Step:
    action: str  # save, submit, confirm, return, accept
    when: _dt.datetime
    comment: str = ""


@dataclass
class _PlannedReport:
    task: Task
    department: Department
    period: object
    data: dict
    steps: list[_Step]
    evidence: bool = False


@dataclass
class _PlannedTarget:
    task: Task
    department: Department
    year: int
    targets: str
    measures: str
    steps: list[_Step]
    milestones: list[MilestoneInput] = field(default_factory=list)


class _DemoWriter:
    """Plans every report and target with the dates of its steps, then plays the steps through the
    actions (tasks.actions) as the departments' staff and heads and the 司法局's supervisor."""

    def __init__(self, plan, rng: random.Random, cast: DemoCast = BAOSHAN_CAST):
        self.plan = plan
        self.cast = cast
        self.rng = rng
        self.reports: list[_PlannedReport] = []
        self.targets: list[_PlannedTarget] = []

    def _steps(self, created: _dt.date, submitted: _dt.date, *, returned: bool) -> list[_Step]:
        steps = [_Step("save", _at(created, 9)), _Step("submit", _at(submitted))]
        day = submitted + _dt.timedelta(days=1)
        steps.append(_Step("confirm", _at(day, 15)))
        if returned:
            day += _dt.timedelta(days=2)
            steps.append(_Step("return", _at(day, 11), self.rng.choice(RETURN_COMMENTS)))
            day += _dt.timedelta(days=3)
            steps.append(_Step("save", _at(day, 9)))
            steps.append(_Step("submit", _at(day)))
            day += _dt.timedelta(days=1)
            steps.append(_Step("confirm", _at(day, 15)))
        day += _dt.timedelta(days=self.rng.randint(2, 6))
        steps.append(_Step("accept", _at(day, 16)))
        return steps

    def report(self, task, department, period, *, status, percent, late_days=0, returned=False):
        submitted = period.due_date - _dt.timedelta(days=self.rng.randint(1, 8)) + _dt.timedelta(days=late_days)
        steps = self._steps(period.end - _dt.timedelta(days=5), submitted, returned=returned)
        text = self.rng.choice(NARRATIVES).format(
            year=period.year, n=self.rng.randint(1, 4), m=self.rng.randint(30, 200)
        )
        data = {
            "progress_status": status,
            "percent_complete": percent,
            "narrative": text,
            "problems": self.rng.choice(PROBLEMS),
            "next_steps": "继续按年度计划推进，加强督促检查。" if status != ProgressStatus.COMPLETED else "",
        }
        self.reports.append(_PlannedReport(task, department, period, data, steps))

    def target(self, task, department, year):
        day = _dt.date(year, 1, 20)
        self.targets.append(
            _PlannedTarget(
                task,
                department,
                year,
                targets=task.yearly_target or f"{year}年度按规划要求推进“{task.title}”。",
                measures="建立工作台账，按季度报送进展，年底开展自查。",
                steps=self._steps(day, day + _dt.timedelta(days=5), returned=False),
                milestones=[
                    MilestoneInput(_dt.date(year, 6, 30), "完成年度阶段性任务"),
                    MilestoneInput(_dt.date(year, 12, 31), "完成年度目标并自查总结"),
                ],
            )
        )

    def write(self) -> None:
        departments = {r.department for r in self.reports} | {t.department for t in self.targets}
        people = _department_people(departments, self.cast)
        supervisor = get_user_model().objects.get(username=self.cast.supervisor)
        own = people.get(Department.objects.get(area=self.plan.area_id, name=self.cast.department).pk)
        mine = sorted(
            (r for r in self.reports if own and r.department.pk == own[0].membership.department_id),
            key=lambda r: (-r.period.start.toordinal(), r.task.position),
        )
        for planned in mine[:EVIDENCE_REPORTS]:
            planned.evidence = True
        for planned in self.reports:
            self._play_report(planned, *people[planned.department.pk], supervisor)
        for planned in self.targets:
            self._play_target(planned, *people[planned.department.pk], supervisor)

    def _play_report(self, p: _PlannedReport, staff, head, supervisor) -> None:
        report = None
        for step in p.steps:
            if step.action == "save":
                files = [SimpleUploadedFile(*_evidence_file(p))] if p.evidence and report is None else []
                report = report_save(
                    actor=staff,
                    task=p.task,
                    period=p.period,
                    data=p.data,
                    version=report.version if report else None,
                    files=files,
                    now=step.when,
                )
            elif step.action == "submit":
                report = report_submit(actor=staff, report=report, now=step.when)
            elif step.action == "confirm":
                report = report_confirm(actor=head, report=report, now=step.when)
            elif step.action == "return":
                report = report_return(actor=supervisor, report=report, comment=step.comment, now=step.when)
            else:
                report = report_accept(actor=supervisor, report=report, now=step.when)

    def _play_target(self, p: _PlannedTarget, staff, head, supervisor) -> None:
        target = None
        for step in p.steps:
            if step.action == "save":
                target = target_save(
                    actor=staff,
                    task=p.task,
                    year=p.year,
                    targets=p.targets,
                    measures=p.measures,
                    indicator_targets={},
                    milestones=p.milestones,
                    version=target.version if target else None,
                    now=step.when,
                )
            elif step.action == "submit":
                target = report_submit(actor=staff, report=target, now=step.when)
            elif step.action == "confirm":
                target = report_confirm(actor=head, report=target, now=step.when)
            else:
                target = report_accept(actor=supervisor, report=target, now=step.when)


def _evidence_file(p: _PlannedReport) -> tuple[str, bytes, str]:
    name = f"{p.task.code}-进展情况说明.pdf"
    data = _pdf(f"Duban demo evidence: task {p.task.code}, {p.period.year}Q{p.period.index}")
    return name, data, "application/pdf"


def _department_people(departments, cast: DemoCast = BAOSHAN_CAST) -> dict[int, tuple]:
    """A 填报员 and a 负责人 for each department that reports: the cast's demo accounts for its
    department (区市场监管局), and for the others accounts without a password (an administrator sets
    one to use them)."""
    User = get_user_model()
    groups = ensure_role_groups()
    people = {}
    for department in sorted(departments, key=lambda d: d.pk):
        if department.name == cast.department:
            people[department.pk] = (User.objects.get(username=cast.staff), User.objects.get(username=cast.head))
            continue
        pair = []
        for suffix, role, title in (("staff", Role.STAFF, "联络员"), ("head", Role.HEAD, "分管负责人")):
            username = f"d{department.pk:03d}{suffix}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name=f"{department.short_name or department.name}{title}")
                user.set_unusable_password()
                user.save()
                user.groups.set([groups[role]])
                Membership.objects.create(user=user, department=department, title=title)
            pair.append(user)
        people[department.pk] = tuple(pair)
    return people


@transaction.atomic
def ensure_demo_progress(plan: Plan, *, cast: DemoCast = BAOSHAN_CAST, seed: int = SEED) -> bool:
    """Five years of progress on a demo plan, as it happened, played by ``cast`` (another ``seed``
    gives another district another story); False when it is already there."""
    if ProgressReport.objects.filter(task__plan=plan).exists():
        return False
    rng = random.Random(seed)
    writer = _DemoWriter(plan, rng, cast)
    periods = list(plan.periods.order_by("start"))
    tasks = list(
        Task.objects.filter(plan=plan, archived_at__isnull=True)
        .select_related("plan", "clause")
        .prefetch_related("assignments__department")
    )
    finite = [t for t in tasks if not t.is_ongoing]
    never_finished = set(rng.sample([t.pk for t in finite], min(NEVER_FINISHED, len(finite))))
    late = set(rng.sample([t.pk for t in tasks if t.pk not in never_finished], len(tasks) // 6))
    for task in tasks:
        leads = [a.department for a in task.assignments.all() if a.role == Assignment.Role.LEAD]
        supports = [a.department for a in task.assignments.all() if a.role == Assignment.Role.SUPPORT]
        if task.is_ongoing:
            last, done_at = len(periods), None
        elif task.pk in never_finished:
            last, done_at = rng.randint(12, 14), None  # stops reporting in 2024
        else:
            # Finished by its deadline (or sometime in the plan), reported quarterly until then.
            limit = next(
                (i for i, p in enumerate(periods) if task.deadline and p.end >= task.deadline), len(periods) - 1
            )
            done_at = rng.randint(max(0, limit - 4), limit)
            last = done_at + 1
        for index, period in enumerate(periods[:last]):
            if done_at is not None and index == done_at:
                status, percent = ProgressStatus.COMPLETED, 100
            elif task.is_ongoing:
                status, percent = ProgressStatus.ONGOING, None
            else:
                status = ProgressStatus.IN_PROGRESS
                percent = min(95, round(100 * (index + 1) / ((done_at or last) + 2)))
            late_days = rng.randint(3, 25) if task.pk in late and rng.random() < 0.3 else 0
            for department in leads:
                writer.report(
                    task,
                    department,
                    period,
                    status=status,
                    percent=percent,
                    late_days=late_days,
                    returned=rng.random() < 0.08,
                )
            if period.index == 4:  # supporting departments report their part once a year
                for department in supports:
                    writer.report(task, department, period, status=status, percent=percent)
        for year in plan.years:
            if leads and (task.is_ongoing or year <= periods[min(last, len(periods)) - 1].year):
                writer.target(task, leads[0], year)
    writer.write()
    invalidate_plan_facts(plan.pk)
    return True
