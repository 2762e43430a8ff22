"""The demo plan: the 宝山 plan text and its 任务分解表 from fixtures/, imported once."""

from __future__ import annotations

from django.db import transaction

from plans.demo import FIXTURES_DIR
from plans.models import Plan
from tasks.breakdown import import_breakdown
from tasks.plan_import import import_plan, parse_source, read_source

DEMO_PLAN_FILE = FIXTURES_DIR / "baoshan-plan-2021-2025.txt"
DEMO_BREAKDOWN_FILE = FIXTURES_DIR / "baoshan-task-breakdown.csv"


@transaction.atomic
def ensure_demo_plan() -> tuple[Plan, bool]:
    """The demo plan and whether it was created now; a second call finds it and changes nothing."""
    existing = Plan.objects.filter(source_name=DEMO_PLAN_FILE.name).order_by("pk").first()
    if existing is not None:
        return existing, False
    source = read_source(DEMO_PLAN_FILE.read_bytes(), DEMO_PLAN_FILE.name)
    plan = import_plan(parse_source(source), source)
    result = import_breakdown(plan, DEMO_BREAKDOWN_FILE.read_bytes(), DEMO_BREAKDOWN_FILE.name)
    if not result.ok:
        raise RuntimeError(f"The demo 任务分解表 does not fit the demo plan: {result.errors[:3]}")
    return plan, True


# --- Demo progress with a past ---------------------------------------------------------------

import datetime as _dt  # noqa: E402
import random  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402

from tasks.models import (  # noqa: E402
    Assignment,
    Evidence,
    ProgressReport,
    ProgressStatus,
    ReportState,
    Task,
    YearlyMilestone,
    YearlyTarget,
)

NEVER_FINISHED = 4  # tasks whose reports stop in 2024: red on every dashboard afterwards
SEED = 2021


def _at(day: _dt.date, hour: int = 10) -> _dt.datetime:
    return _dt.datetime.combine(day, _dt.time(hour), tzinfo=_dt.timezone(_dt.timedelta(hours=8)))


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
    state: str
    when: _dt.datetime
    user_id: int | None
    comment: str = ""


class _DemoWriter:
    """Builds reports, targets and their history in memory, then writes them in a few bulk inserts."""

    def __init__(self, plan, rng: random.Random):
        self.plan = plan
        self.rng = rng
        users = {
            u.username: u.pk for u in get_user_model().objects.filter(username__in=["staff", "head", "supervisor"])
        }
        self.supervisor_id = users.get("supervisor")
        self.market_users = (users.get("staff"), users.get("head"))
        self.reports: list[tuple[ProgressReport, list[_Step]]] = []
        self.targets: list[tuple[YearlyTarget, list[_Step], list[tuple[_dt.date, str]]]] = []

    def _authors(self, department) -> tuple[int | None, int | None]:
        return self.market_users if department.name == "区市场监管局" else (None, None)

    def _steps(self, department, created: _dt.date, submitted: _dt.date, *, returned: bool) -> list[_Step]:
        staff, head = self._authors(department)
        steps = [_Step(ReportState.DRAFT, _at(created, 9), staff), _Step(ReportState.SUBMITTED, _at(submitted), staff)]
        day = submitted + _dt.timedelta(days=1)
        steps.append(_Step(ReportState.CONFIRMED, _at(day, 15), head))
        if returned:
            day += _dt.timedelta(days=2)
            steps.append(
                _Step(ReportState.RETURNED, _at(day, 11), self.supervisor_id, self.rng.choice(RETURN_COMMENTS))
            )
            day += _dt.timedelta(days=3)
            steps.append(_Step(ReportState.SUBMITTED, _at(day), staff))
            day += _dt.timedelta(days=1)
            steps.append(_Step(ReportState.CONFIRMED, _at(day, 15), head))
        day += _dt.timedelta(days=self.rng.randint(2, 6))
        steps.append(_Step(ReportState.ACCEPTED, _at(day, 16), self.supervisor_id))
        return steps

    def report(self, task, department, period, *, status, percent, late_days=0, returned=False):
        submitted = period.due_date - _dt.timedelta(days=self.rng.randint(1, 8)) + _dt.timedelta(days=late_days)
        steps = self._steps(department, period.end - _dt.timedelta(days=5), submitted, returned=returned)
        text = self.rng.choice(NARRATIVES).format(
            year=period.year, n=self.rng.randint(1, 4), m=self.rng.randint(30, 200)
        )
        report = ProgressReport(
            task=task,
            department=department,
            period=period,
            state=ReportState.ACCEPTED,
            progress_status=status,
            percent_complete=percent,
            narrative=text,
            problems=self.rng.choice(PROBLEMS),
            next_steps="继续按年度计划推进，加强督促检查。" if status != ProgressStatus.COMPLETED else "",
            version=len(steps),
            review_comment="",
            created_at=steps[0].when,
            updated_at=steps[-1].when,
            submitted_at=[s.when for s in steps if s.state == ReportState.SUBMITTED][-1],
            first_submitted_at=next(s.when for s in steps if s.state == ReportState.SUBMITTED),
            confirmed_at=[s.when for s in steps if s.state == ReportState.CONFIRMED][-1],
            reviewed_at=steps[-1].when,
            updated_by_id=steps[-1].user_id,
        )
        self.reports.append((report, steps))
        return report

    def target(self, task, department, year):
        day = _dt.date(year, 1, 20)
        steps = self._steps(department, day, day + _dt.timedelta(days=5), returned=False)
        target = YearlyTarget(
            task=task,
            department=department,
            year=year,
            state=ReportState.ACCEPTED,
            targets=task.yearly_target or f"{year}年度按规划要求推进“{task.title}”。",
            measures="建立工作台账，按季度报送进展，年底开展自查。",
            version=len(steps),
            created_at=steps[0].when,
            updated_at=steps[-1].when,
            submitted_at=steps[1].when,
            first_submitted_at=steps[1].when,
            confirmed_at=steps[2].when,
            reviewed_at=steps[-1].when,
            updated_by_id=steps[-1].user_id,
        )
        milestones = [(_dt.date(year, 6, 30), "完成年度阶段性任务"), (_dt.date(year, 12, 31), "完成年度目标并自查总结")]
        self.targets.append((target, steps, milestones))

    def write(self) -> None:
        ProgressReport.objects.bulk_create([r for r, _ in self.reports])
        ProgressReport.objects.bulk_update([r for r, _ in self.reports], ["created_at", "updated_at"])
        self._write_history(ProgressReport, self.reports)
        YearlyTarget.objects.bulk_create([t for t, _, _ in self.targets])
        YearlyTarget.objects.bulk_update([t for t, _, _ in self.targets], ["created_at", "updated_at"])
        self._write_history(YearlyTarget, [(t, s) for t, s, _ in self.targets])
        steps = [YearlyMilestone(target=t, due_date=d, description=text) for t, _, ms in self.targets for d, text in ms]
        YearlyMilestone.objects.bulk_create(steps)
        first_step = {t.pk: s[0].when for t, s, _ in self.targets}
        YearlyMilestone.history.model.objects.bulk_create(
            YearlyMilestone.history.model(
                id=m.pk,
                target_id=m.target_id,
                due_date=m.due_date,
                description=m.description,
                history_date=first_step[m.target_id],
                history_type="+",
                history_change_reason="演示数据",
            )
            for m in steps
        )

    @staticmethod
    def _write_history(model, rows) -> None:
        """One historical record per workflow step, dated when it happened (simple-history's
        history_date), so that "as of" views see the past as it was."""
        historical = model.history.model
        names = [f.attname for f in model._meta.concrete_fields]
        records = []
        for obj, steps in rows:
            values = {name: getattr(obj, name) for name in names}
            for index, step in enumerate(steps):
                so_far = steps[: index + 1]

                def last(state, so_far=so_far):
                    return max((s.when for s in so_far if s.state == state), default=None)

                submissions = [s.when for s in so_far if s.state == ReportState.SUBMITTED]
                reviewed = [w for w in (last(ReportState.RETURNED), last(ReportState.ACCEPTED)) if w]
                state_values = {
                    **values,
                    "state": step.state,
                    "review_comment": step.comment,
                    "version": index + 1,
                    "updated_at": step.when,
                    "updated_by_id": step.user_id,
                    # Each record shows the work as it stood at that step, not as it ended.
                    "submitted_at": last(ReportState.SUBMITTED),
                    "first_submitted_at": submissions[0] if submissions else None,
                    "confirmed_at": last(ReportState.CONFIRMED),
                    "reviewed_at": max(reviewed, default=None),
                    "returned_by_reviewer": step.state == ReportState.RETURNED,
                }
                records.append(
                    historical(
                        **state_values,
                        history_date=step.when,
                        history_type="+" if index == 0 else "~",
                        history_user_id=step.user_id,
                        history_change_reason=step.comment or ReportState(step.state).label,
                    )
                )
        historical.objects.bulk_create(records, batch_size=500)


@transaction.atomic
def ensure_demo_progress(plan: Plan) -> bool:
    """Five years of progress on the demo plan, as it happened; False when it is already there."""
    if ProgressReport.objects.filter(task__plan=plan).exists():
        return False
    rng = random.Random(SEED)
    writer = _DemoWriter(plan, rng)
    periods = list(plan.periods.order_by("start"))
    tasks = list(Task.objects.filter(plan=plan, archived_at__isnull=True).prefetch_related("assignments__department"))
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
    _attach_evidence(plan)
    _date_the_plan_content(plan)
    return True


def _date_the_plan_content(plan: Plan) -> None:
    """The demo plan was imported just now, but its progress runs from 2021: date the history of
    its tasks, assignments and milestones to the plan's start, so that "as of" a past day finds
    them, as it would for a plan imported when it began."""
    from plans.models import Milestone
    from tasks.facts import invalidate_plan_facts

    start = _at(_dt.date(plan.start_year, 1, 1), 9)
    tasks = Task.objects.filter(plan=plan).values("pk")
    Task.history.filter(plan_id=plan.pk).update(history_date=start)
    Assignment.history.filter(task_id__in=tasks).update(history_date=start)
    Milestone.history.filter(plan_id=plan.pk).update(history_date=start)
    invalidate_plan_facts(plan.pk)  # the bulk writes above sent no signals


def _attach_evidence(plan) -> None:
    """Scanned documents on the demo staff account's own department's latest reports (uploads are
    a department's own), so that downloads have something to show."""
    uploader = get_user_model().objects.filter(username="staff", membership__isnull=False).first()
    if uploader is None:
        return
    reports = list(
        ProgressReport.objects.filter(task__plan=plan, department_id=uploader.membership.department_id)
        .select_related("task", "period")
        .order_by("-period__start", "task__position")[:12]
    )
    for report in reports:
        name = f"{report.task.code}-进展情况说明.pdf"
        evidence = Evidence(report=report, original_name=name, kind="pdf", uploaded_by=uploader)
        data = _pdf(f"Duban demo evidence: task {report.task.code}, {report.period.year}Q{report.period.index}")
        evidence.size = len(data)
        evidence.file.save(name, ContentFile(data), save=False)
        evidence.save()
        Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=report.first_submitted_at)
        Evidence.history.filter(id=evidence.pk).update(history_date=report.first_submitted_at)
