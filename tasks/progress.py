"""Progress reporting: periods, drafts with optimistic saving, the review workflow and evidence.

Every change that touches a report goes through one of these functions, inside a transaction.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F

from plans.models import Plan
from plans.policy import actor_for, can
from plans.uploads import check_upload
from tasks.models import Evidence, ProgressReport, ReportingPeriod, ReportState, ReportTransitionError, Task

EVIDENCE_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx"}
PERIOD_MONTHS = {Plan.Cadence.MONTHLY: 1, Plan.Cadence.QUARTERLY: 3, Plan.Cadence.HALF_YEARLY: 6}


class StaleReportError(Exception):
    """Someone else saved the report since this user opened it."""


# --- Periods ---------------------------------------------------------------------------------


def period_label(year: int, index: int, months: int) -> str:
    if months == 3:
        return f"{year}年第{'一二三四'[index - 1]}季度"
    if months == 6:
        return f"{year}年{'上下'[index - 1]}半年"
    return f"{year}年{index}月"


def generate_periods(plan: Plan) -> list[ReportingPeriod]:
    """Create the plan's periods for each of its years (idempotent); returns all of them in order."""
    months = PERIOD_MONTHS[plan.report_cadence]
    existing = {(p.year, p.index): p for p in plan.periods.all()}
    new = []
    for year in plan.years:
        for index in range(1, 12 // months + 1):
            if (year, index) in existing:
                continue
            first_month = (index - 1) * months + 1
            last_month = first_month + months - 1
            end = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
            new.append(
                ReportingPeriod(
                    plan=plan,
                    year=year,
                    index=index,
                    label=period_label(year, index, months),
                    start=datetime.date(year, first_month, 1),
                    end=end,
                    due_date=end + datetime.timedelta(days=plan.report_due_days),
                )
            )
    ReportingPeriod.objects.bulk_create(new)
    return list(plan.periods.order_by("start"))


def current_period(plan: Plan, today: datetime.date) -> ReportingPeriod | None:
    """The period being reported now: the earliest whose due date has not passed; after the plan's
    end, its last period."""
    periods = plan.periods.order_by("start")
    return (
        periods.filter(due_date__gte=today, start__lte=today).first()
        or periods.filter(end__lt=today).order_by("-start").first()
        or periods.first()
    )


# --- Drafts ------------------------------------------------------------------------------------

REPORT_FIELDS = ["progress_status", "percent_complete", "narrative", "problems", "next_steps", "indicator_values"]


@dataclass
class ReportKey:
    task: Task
    department_id: int
    period: ReportingPeriod


def ensure_reporter(user, key: ReportKey) -> None:
    """Only the department's own members write its report, and only for a task it is assigned to."""
    if not can(user, "change_data") or actor_for(user).department_id != key.department_id:
        raise PermissionDenied("只有本部门人员可以填写本部门的进展报告。")
    if not can(user, "report", key.task):
        raise PermissionDenied("本部门不承担此项任务。")


@transaction.atomic
def save_report(*, key: ReportKey, user, data: dict, version: int | None) -> ProgressReport:
    """Create the draft, or save it if nobody else did since ``version`` was read.

    Raises StaleReportError when the stored version moved on: the caller keeps the user's text on
    the page and nothing is overwritten."""
    ensure_reporter(user, key)
    values = {name: data[name] for name in REPORT_FIELDS if name in data}
    report = (
        ProgressReport.objects.select_for_update()
        .filter(task=key.task, department_id=key.department_id, period=key.period)
        .first()
    )
    if report is None:
        if version not in (None, 0):
            raise StaleReportError("该报告已被删除或尚未创建，请刷新页面。")
        report = ProgressReport(task=key.task, department_id=key.department_id, period=key.period, updated_by=user)
        for name, value in values.items():
            setattr(report, name, value)
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:
            # Someone else created this report a moment ago: theirs stands, this one is refused.
            raise StaleReportError("该报告刚被他人创建。为避免覆盖，您的内容未保存，仍保留在页面上。") from exc
        return report
    if not report.is_editable:
        raise ValidationError(f"报告当前为“{report.get_state_display()}”，不能修改。")
    if version != report.version:
        raise StaleReportError("该报告已被他人修改。为避免覆盖，您的内容未保存，仍保留在页面上；请刷新后合并再保存。")
    for name, value in values.items():
        setattr(report, name, value)
    report.updated_by = user
    report.full_clean()
    # The version check again in the UPDATE itself, so that a racing save cannot slip through.
    updated = ProgressReport.objects.filter(pk=report.pk, version=version).update(
        **values, updated_by=user, version=F("version") + 1, updated_at=datetime.datetime.now(tz=datetime.UTC)
    )
    if updated != 1:
        raise StaleReportError("该报告已被他人修改。为避免覆盖，您的内容未保存，仍保留在页面上。")
    report.refresh_from_db()
    # QuerySet.update writes no history: record this save explicitly.
    report._change_reason = "保存"
    report.save(update_fields=["updated_at"])
    return report


@transaction.atomic
def move_report(*, report, user, to: str, comment: str = "", version: int | None = None):
    """Submit, confirm, accept, return or reopen a progress report or a yearly target: one checked
    step of the workflow, under a row lock."""
    work = type(report).objects.select_for_update().get(pk=report.pk)
    if version is not None and version != work.version:
        raise StaleReportError("该内容已被他人处理，请刷新页面后再操作。")
    if not can(user, work.action_for(to), work):
        raise ReportTransitionError("您没有执行此操作的权限。")
    if to == ReportState.SUBMITTED and (problem := work.submission_problem()):
        raise ValidationError(problem)
    work.set_state(to, user=user, comment=comment)
    work.save()
    return work


# --- Evidence --------------------------------------------------------------------------------


def add_evidence(*, report: ProgressReport, uploaded, user) -> Evidence:
    """Check the file by its content and size, then store it. Call inside a transaction: if it
    rolls back, the stored file is deleted too (see save_report_with_evidence)."""
    if not can(user, "edit", report):
        raise PermissionDenied("只能向本部门可编辑的报告上传材料。")
    kind, data = check_upload(uploaded, kinds=EVIDENCE_KINDS)
    evidence = Evidence(report=report, original_name=uploaded.name[:255], kind=kind, size=len(data), uploaded_by=user)
    evidence.file.save(uploaded.name, ContentFile(data), save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def save_report_with_evidence(*, key: ReportKey, user, data: dict, version: int | None, files) -> ProgressReport:
    """Text and files as one change: a refused file saves nothing and leaves no file behind."""
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            report = save_report(key=key, user=user, data=data, version=version)
            for uploaded in files:
                stored.append(add_evidence(report=report, uploaded=uploaded, user=user))
    except BaseException:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return report


@transaction.atomic
def remove_evidence(*, evidence: Evidence, user) -> None:
    if not Evidence.objects.editable_by(user).filter(pk=evidence.pk).exists():
        raise PermissionDenied("不能删除此材料。")
    stored = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


# --- Timeline --------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    when: datetime.datetime
    who: str
    department: str
    period: str
    state_label: str
    comment: str


def report_timeline(reports) -> list[TimelineEntry]:
    """Every workflow step of these (already permission-scoped) reports, oldest first, from their
    history: creation and each change of state, with who and when."""
    reports = {r.pk: r for r in reports}
    records = (
        ProgressReport.history.filter(id__in=list(reports))
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    entries, last_state = [], {}
    for record in records:
        if last_state.get(record.id) == record.state:
            continue
        last_state[record.id] = record.state
        report = reports[record.id]
        user = record.history_user
        entries.append(
            TimelineEntry(
                when=record.history_date,
                # Work recorded without an account (imported history) is credited to its department.
                who=(user.get_full_name() or user.username) if user else report.department.name,
                department=report.department.name,
                period=report.period.label,
                state_label="创建草稿" if record.history_type == "+" else ReportState(record.state).label,
                comment=record.review_comment if record.state == ReportState.RETURNED else "",
            )
        )
    return sorted(entries, key=lambda e: e.when)
