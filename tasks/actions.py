"""The named actions of tasks: every change to a progress report, a yearly target, evidence, a
task's departments or a plan's structure goes through one of these.

Each takes ``actor=`` (a user, or ``plans.policy.SYSTEM`` for commands, beat jobs and the demo),
asks the policy, changes rows inside one transaction, validates with ``full_clean``, writes exactly
one event and queues side effects on commit. ``now=`` is the clock: None means now; the demo and
imports of the past pass the time the action happened, and the rows, their history and the event
carry it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from notifications.actions import delivery_claim
from notifications.tasks import deliver
from plans import events
from plans.actions import department_alias_add
from plans.departments import DepartmentDirectory
from plans.locking import StaleError, check_version, save_if_version
from plans.models import Chapter, Clause, Department, Event, Indicator, Item, Milestone, Plan
from plans.parsing import ParsedPlan
from plans.policy import actor_for, can, require
from plans.uploads import check_upload
from tasks.breakdown import BreakdownResult, import_breakdown
from tasks.models import (
    HANDED_IN_STATES,
    Assignment,
    DeadlineExtension,
    Evidence,
    ImportClaim,
    ProgressReport,
    ReportingPeriod,
    ReportState,
    ReportTransitionError,
    ReviewedWork,
    Task,
    YearlyMilestone,
    YearlyTarget,
)
from tasks.plan_import import Corrections, SourceDocument, import_plan, revise_plan
from tasks.reminders import robots_of, task_label, task_url

EVIDENCE_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx"}
REPORT_FIELDS = ["progress_status", "percent_complete", "narrative", "problems", "next_steps", "indicator_values"]
STALE = "该内容已被他人修改。为避免覆盖，您的内容未保存，仍保留在页面上；请刷新后合并再保存。"


def _clock(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _user(actor):
    """The account to credit in ``updated_by`` and the history (None for the system actor)."""
    return actor if actor_for(actor).is_authenticated else None


def _work_event(work: ReviewedWork, verb: str, *, actor, audience: str, from_state: str, comment: str, now):
    kind = "report" if isinstance(work, ProgressReport) else "target"
    data = {"task": work.task.code}
    if isinstance(work, ProgressReport):
        data["period"] = work.period.label
    else:
        data["year"] = work.year
    return events.record(
        actor=actor,
        verb=f"{kind}.{verb}",
        subject=work,
        audience=audience,
        from_state=from_state,
        to_state=work.state,
        comment=comment,
        plan=work.task.plan_id,
        department=work.department_id,
        ref=f"task:{work.task_id}",
        data=data,
        occurred_at=now,
    )


# --- The review workflow, for progress reports and yearly targets alike -----------------------


@transaction.atomic
def _move(*, actor, work: ReviewedWork, to: str, action: str | None, comment: str, version, now) -> ReviewedWork:
    """One checked step of the workflow under a row lock: the table allows it, the policy allows
    the actor, the version is the one the user saw."""
    work = type(work).objects.select_for_update().select_related("task", *_related(work)).get(pk=work.pk)
    check_version(work, version, "该内容已被他人处理，请刷新页面后再操作。")
    move = work.action_for(to)
    if action is not None and move != action:
        raise ReportTransitionError(f"当前状态为“{work.get_state_display()}”，不能执行此操作。")
    if not can(actor, move, work):
        raise ReportTransitionError("您没有执行此操作的权限。")
    if to == ReportState.SUBMITTED and (problem := work.submission_problem()):
        raise ValidationError(problem)
    from_state = work.state
    now = _clock(now)
    work.set_state(to, user=_user(actor), comment=comment, now=now)
    work.updated_at = now
    events.stamp(work, actor=actor, now=now)
    work.save()
    if to == ReportState.ACCEPTED and isinstance(work, ProgressReport):
        # The files accepted with the report are now on record: removing one later only hides it.
        Evidence.objects.filter(report=work, was_accepted=False).update(was_accepted=True)
    # A head's return, or a submission taken back before the head acted, stays inside the
    # department; every other step is handed-in business.
    internal = move in {"return", "withdraw"} and from_state == ReportState.SUBMITTED
    audience = Event.Audience.DEPARTMENT if internal else Event.Audience.OVERSIGHT
    _work_event(work, move, actor=actor, audience=audience, from_state=from_state, comment=work.review_comment, now=now)
    return work


def _related(work) -> list[str]:
    return ["period"] if isinstance(work, ProgressReport) else []


def work_move(*, actor, work: ReviewedWork, to: str, comment: str = "", version: int | None = None, now=None):
    """The step a workflow button asks for (``to`` a state); the table names the action."""
    return _move(actor=actor, work=work, to=to, action=None, comment=comment, version=version, now=now)


def report_submit(*, actor, report, version=None, now=None):
    return _move(
        actor=actor, work=report, to=ReportState.SUBMITTED, action="submit", comment="", version=version, now=now
    )


def report_confirm(*, actor, report, version=None, now=None):
    return _move(
        actor=actor, work=report, to=ReportState.CONFIRMED, action="confirm", comment="", version=version, now=now
    )


def report_return(*, actor, report, comment: str, version=None, now=None):
    return _move(
        actor=actor, work=report, to=ReportState.RETURNED, action="return", comment=comment, version=version, now=now
    )


def report_accept(*, actor, report, comment: str = "", version=None, now=None):
    return _move(
        actor=actor, work=report, to=ReportState.ACCEPTED, action="accept", comment=comment, version=version, now=now
    )


def report_reopen(*, actor, report, comment: str, version=None, now=None):
    return _move(
        actor=actor, work=report, to=ReportState.RETURNED, action="reopen", comment=comment, version=version, now=now
    )


def report_withdraw(*, actor, report, version=None, now=None):
    """Take a hand-in back before the next step acts (a submission the head has not confirmed, a
    confirmation no supervisor has reviewed): it is the department's draft again."""
    return _move(
        actor=actor, work=report, to=ReportState.DRAFT, action="withdraw", comment="", version=version, now=now
    )


@transaction.atomic
def report_accept_many(*, actor, reports: Iterable[ProgressReport], comment: str = "", now=None) -> int:
    """批量审核通过 on the review queue: every report accepted with the same comment, each its own
    step with its own event, all of them or none (one refused report refuses the batch)."""
    accepted = 0
    for report in reports:
        report_accept(actor=actor, report=report, comment=comment, now=now)
        accepted += 1
    return accepted


# The same steps for yearly targets: the workflow is one.
target_submit, target_confirm, target_return, target_accept, target_reopen, target_withdraw = (
    report_submit,
    report_confirm,
    report_return,
    report_accept,
    report_reopen,
    report_withdraw,
)


# --- 延期申请: moving a task's own due date -------------------------------------------------------


@transaction.atomic
def extension_request(
    *, actor, task: Task, original_due: datetime.date, proposed_due: datetime.date, reason: str, now=None
) -> DeadlineExtension:
    """The department asks to move one of the task's due dates (``original_due``, as the task's
    page lists them) to ``proposed_due``, saying why; a supervisor decides."""
    require(actor, "request_extension", task, "只有承担此项任务的部门可以申请延期。")
    now = _clock(now)
    if not reason.strip():
        raise ValidationError("请填写延期理由。")
    if proposed_due <= original_due:
        raise ValidationError("申请延至的日期应晚于原时限。")
    department_id = actor_for(actor).department_id
    if DeadlineExtension.objects.filter(
        task=task, department_id=department_id, original_due=original_due, state=DeadlineExtension.State.REQUESTED
    ).exists():
        raise ValidationError("该时限已有待审批的延期申请。")
    extension = DeadlineExtension(
        task=task,
        department_id=department_id,
        original_due=original_due,
        proposed_due=proposed_due,
        reason=reason.strip(),
        requested_by=_user(actor),
        requested_at=now,
    )
    extension.full_clean()
    events.stamp(extension, actor=actor, now=now)
    extension.save()
    _extension_event(extension, "extension.request", actor=actor, from_state="", comment=extension.reason, now=now)
    return extension


@transaction.atomic
def extension_decide(*, actor, extension: DeadlineExtension, grant: bool, comment: str = "", now=None):
    """A supervisor grants or refuses a 延期申请. A grant moves the task's own due date
    (``Task.due_overrides``: lights, reminders and 督办 read it through the facts); the clause's
    milestone, shared with other tasks, stays as the plan wrote it."""
    extension = DeadlineExtension.objects.select_for_update().select_related("task").get(pk=extension.pk)
    require(actor, "decide", extension, "仅司法局督察人员可以审批待审批的延期申请。")
    if not grant and not comment.strip():
        raise ValidationError("不批准时请填写意见。")
    now = _clock(now)
    from_state = extension.state
    extension.state = DeadlineExtension.State.GRANTED if grant else DeadlineExtension.State.REFUSED
    extension.decision_comment = comment.strip()
    extension.decided_by = _user(actor)
    extension.decided_at = now
    events.stamp(extension, actor=actor, now=now)
    extension.save()
    if grant:
        task = Task.objects.select_for_update().get(pk=extension.task_id)
        overrides = dict(task.due_overrides)
        original = extension.original_due.isoformat()
        # A date already moved once is moved again from where the plan had it.
        for plan_date, moved in list(overrides.items()):
            if moved == original:
                original = plan_date
        overrides[original] = extension.proposed_due.isoformat()
        task.due_overrides = overrides
        task._change_reason = f"延期申请获批：{extension.reason[:80]}"
        events.stamp(task, actor=actor, now=now)
        task.save(update_fields=["due_overrides"])
    verb = "extension.grant" if grant else "extension.refuse"
    _extension_event(extension, verb, actor=actor, from_state=from_state, comment=extension.decision_comment, now=now)
    return extension


def _extension_event(extension: DeadlineExtension, verb: str, *, actor, from_state: str, comment: str, now):
    return events.record(
        actor=actor,
        verb=verb,
        subject=extension,
        audience=Event.Audience.OVERSIGHT,
        from_state=from_state,
        to_state=extension.state,
        comment=comment,
        plan=extension.task.plan_id,
        department=extension.department_id,
        ref=f"task:{extension.task_id}",
        data={
            "task": extension.task.code,
            "original_due": extension.original_due.isoformat(),
            "proposed_due": extension.proposed_due.isoformat(),
        },
        occurred_at=now,
    )


# --- Progress report drafts and evidence ------------------------------------------------------


def _ensure_reporter(actor, task: Task) -> int:
    """The actor's department id, when it may write a report on the task."""
    if not can(actor, "change_data"):
        raise PermissionDenied("只有本部门人员可以填写本部门的进展报告。")
    if not can(actor, "report", task):
        raise PermissionDenied("本部门不承担此项任务。")
    return actor_for(actor).department_id


def report_save(
    *,
    actor,
    task: Task,
    period: ReportingPeriod,
    data: dict,
    version: int | None,
    files: Iterable = (),
    now=None,
) -> ProgressReport:
    """Create the department's draft for the task and period, or save it if nobody else did since
    ``version`` was read; text and files are one change (a refused file saves nothing and leaves no
    file behind). Creating the draft is an event; later saves of its wording are in the history."""
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            report = _save_report_text(actor=actor, task=task, period=period, data=data, version=version, now=now)
            for uploaded in files:
                stored.append(evidence_add(actor=actor, report=report, uploaded=uploaded, now=now))
    except BaseException:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return report


def _save_report_text(*, actor, task, period, data, version, now) -> ProgressReport:
    department_id = _ensure_reporter(actor, task)
    now = _clock(now)
    values = {name: data[name] for name in REPORT_FIELDS if name in data}
    key = {"task": task, "department_id": department_id, "period": period}
    report, created = _write_draft(ProgressReport, actor=actor, key=key, values=values, version=version, now=now)
    if created:
        _work_event(
            report, "draft", actor=actor, audience=Event.Audience.DEPARTMENT, from_state="", comment="", now=now
        )
    return report


def _write_draft(model, *, actor, key: dict, values: dict, version: int | None, now) -> tuple[ReviewedWork, bool]:
    """Create the department's draft named by ``key``, or save ``values`` over it when nobody else
    saved it since ``version`` was read; returns the work and whether it was created."""
    what = model._meta.verbose_name
    work = model.objects.select_for_update().filter(**key).select_related("task").first()
    if work is None:
        if version not in (None, 0):
            raise StaleError(f"该{what}已被删除或尚未创建，请刷新页面。")
        work = model(**key, **values, updated_by=_user(actor), created_at=now, updated_at=now)
        work.full_clean(validate_constraints=False)
        events.stamp(work, actor=actor, now=now)
        try:
            with transaction.atomic():
                work.save()
        except IntegrityError as exc:
            # Someone else created it a moment ago: theirs stands, this one is refused.
            raise StaleError(f"该{what}刚被他人创建。为避免覆盖，您的内容未保存，仍保留在页面上。") from exc
        return work, True
    if not can(actor, "edit", work):
        raise ValidationError(f"{what}当前为“{work.get_state_display()}”，不能修改。")
    check_version(work, version, STALE, required=True)
    for name, value in values.items():
        setattr(work, name, value)
    work.updated_by = _user(actor)
    work.updated_at = now
    work.full_clean()
    work._change_reason = "保存"
    events.stamp(work, actor=actor, now=now)
    save_if_version(work, version=version, fields=[*values, "updated_by", "updated_at"], message=STALE)
    return work, False


@transaction.atomic
def evidence_add(*, actor, report: ProgressReport, uploaded, now=None) -> Evidence:
    """Check the file by its content and size, then store it with the department's draft. If the
    transaction rolls back, the caller deletes the stored file (report_save does)."""
    if not can(actor, "edit", report):
        raise PermissionDenied("只能向本部门可编辑的报告上传材料。")
    kind, data = check_upload(uploaded, kinds=EVIDENCE_KINDS)
    now = _clock(now)
    evidence = Evidence(
        report=report, original_name=uploaded.name[:255], kind=kind, size=len(data), uploaded_by=actor, uploaded_at=now
    )
    evidence.file.save(uploaded.name, ContentFile(data), save=False)
    try:
        events.stamp(evidence, actor=actor, now=now)
        evidence.save()
        events.record(
            actor=actor,
            verb="evidence.add",
            subject=evidence,
            audience=Event.Audience.DEPARTMENT,
            plan=report.task.plan_id,
            department=report.department_id,
            ref=f"task:{report.task_id}",
            data={"name": evidence.original_name, "report": report.pk},
            occurred_at=now,
        )
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence, now=None) -> None:
    """Take a file off the department's editable report. A file that was part of an accepted
    report is evidence of record: it is hidden (``removed_at``), its file stays, and the history
    still opens it. Only a file that never went through an acceptance is deleted with its file."""
    evidence = Evidence.objects.select_for_update().select_related("report__task").get(pk=evidence.pk)
    if not can(actor, "edit", evidence):
        raise PermissionDenied("不能删除此材料。")
    now = _clock(now)
    report = evidence.report
    stored = evidence.file
    kept = evidence.was_accepted
    events.record(
        actor=actor,
        verb="evidence.remove",
        subject=evidence,
        # Removing a file the 司法局 accepted is their business too: they see it in the history.
        audience=Event.Audience.OVERSIGHT if kept else Event.Audience.DEPARTMENT,
        plan=report.task.plan_id,
        department=report.department_id,
        ref=f"task:{report.task_id}",
        data={"name": evidence.original_name, "report": report.pk, "kept": kept},
        occurred_at=now,
    )
    events.stamp(evidence, actor=actor, now=now)
    if kept:
        evidence.removed_at = now
        evidence._change_reason = "删除（曾随报告审核通过，文件保留）"
        evidence.save(update_fields=["removed_at"])
        return
    evidence.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


# --- Yearly targets ---------------------------------------------------------------------------


@dataclass
class MilestoneInput:
    due_date: datetime.date
    description: str


@transaction.atomic
def target_save(
    *,
    actor,
    task: Task,
    year: int,
    targets: str,
    measures: str,
    indicator_targets: dict,
    milestones: list[MilestoneInput],
    version: int | None,
    now=None,
) -> YearlyTarget:
    """Create or save the lead department's draft of a yearly target and replace its dated steps;
    refused (stale) when someone saved it since ``version`` was read."""
    if not can(actor, "set_targets", task):
        raise PermissionDenied("只有牵头部门可以填报年度目标。")
    department_id = actor_for(actor).department_id
    if year not in task.plan.years:
        raise ValidationError(f"{year} 年不在规划期 {task.plan.start_year}–{task.plan.end_year} 内。")
    for m in milestones:
        if m.due_date.year != year:
            raise ValidationError(f"节点“{m.description}”的日期 {m.due_date} 不在 {year} 年内。")
    now = _clock(now)
    values = {"targets": targets, "measures": measures, "indicator_targets": indicator_targets}
    key = {"task": task, "department_id": department_id, "year": year}
    target, created = _write_draft(YearlyTarget, actor=actor, key=key, values=values, version=version, now=now)
    for old in target.milestones.all():
        events.stamp(old, actor=actor, now=now)
        old.delete()
    for m in milestones:  # one by one: each step gets its history record
        step = YearlyMilestone(target=target, due_date=m.due_date, description=m.description[:200])
        events.stamp(step, actor=actor, now=now)
        step.save()
    if created:
        _work_event(
            target, "draft", actor=actor, audience=Event.Audience.DEPARTMENT, from_state="", comment="", now=now
        )
    return target


# --- 催办 -------------------------------------------------------------------------------------


# A second manual 催办 of one task by one person within this time is refused (a double click, a
# page sent twice): the departments get one message, not two.
URGE_REPEAT_WINDOW = datetime.timedelta(minutes=10)


class UrgeRefused(Exception):
    """A 催办 that is not sent; the message says why."""


@transaction.atomic
def task_urge(*, actor, task: Task, note: str, now=None) -> int:
    """A supervisor's manual 催办 to the task's lead departments; returns the messages queued.
    Refused (UrgeRefused) when the same person urged the same task within URGE_REPEAT_WINDOW."""
    require(actor, "urge", task, "仅司法局督察人员可以催办。")
    now = _clock(now)
    # The task's row lock puts two quick 催办 of it one after the other: the second sees the first's event.
    task = Task.objects.select_for_update().get(pk=task.pk)
    user = _user(actor)
    if user is not None:
        recent = (
            Event.objects.filter(
                verb="task.urge",
                ref=f"task:{task.pk}",
                actor=user,
                occurred_at__gt=now - URGE_REPEAT_WINDOW,
                occurred_at__lte=now,
            )
            .order_by("-occurred_at")
            .first()
        )
        if recent is not None:
            minutes = max(1, round((recent.occurred_at + URGE_REPEAT_WINDOW - now).total_seconds() / 60))
            raise UrgeRefused(
                f"您在 {timezone.localtime(recent.occurred_at):%H:%M} 已催办过此任务，"
                f"{int(URGE_REPEAT_WINDOW.total_seconds() // 60)} 分钟内不重复催办（约 {minutes} 分钟后可再次催办）。"
            )
    sender = events.actor_name(_user(actor))
    claimed, departments = [], []
    for a in task.assignments.select_related("department").filter(role=Assignment.Role.LEAD):
        context = {
            "department": a.department.name,
            "task": task_label(task),
            "note": note,
            "sender": sender,
            "url": task_url(task),
        }
        # The department's contacts by mail, and its group robots (each a delivery of its own).
        key = f"urge:{task.pk}:{a.department_id}:{now.isoformat()}"
        targets = [(key, None)] if a.department.emails else []
        targets += [(f"{key}:robot:{robot.pk}", robot) for robot in robots_of(a.department)]
        for target_key, robot in targets:
            delivery = delivery_claim(
                actor=actor,
                key=target_key,
                template="urge",
                context=context,
                recipients=[] if robot else a.department.emails,
                department=a.department,
                ref=f"task:{task.pk}",
                robot=robot,
            )
            if delivery is not None:
                claimed.append(delivery.pk)
                if a.department.name not in departments:
                    departments.append(a.department.name)
    events.record(
        actor=actor,
        verb="task.urge",
        subject=task,
        audience=Event.Audience.OVERSIGHT,
        comment=note,
        plan=task.plan_id,
        ref=f"task:{task.pk}",
        data={"departments": departments},
        occurred_at=now,
    )
    transaction.on_commit(lambda: [deliver.delay(pk) for pk in claimed])
    return len(claimed)


# --- Plans and the 任务分解表 -------------------------------------------------------------------


def _backdate_history(models: Iterable, *, since: datetime.datetime, to: datetime.datetime | None) -> None:
    """Date the history records this action just wrote at the action's clock (imports of the past:
    the demo dates its plan in 2021, so that as-of views find the plan, tasks and assignments)."""
    if to is None:
        return
    for model in models:
        model.history.filter(history_date__gte=since).update(history_date=to)


@transaction.atomic
def plan_import(
    *,
    actor,
    parsed: ParsedPlan,
    source: SourceDocument,
    title: str | None = None,
    directory: DepartmentDirectory | None = None,
    corrections: Corrections | None = None,
    claim: str | None = None,
    now=None,
) -> Plan:
    """Write a new plan with its structure, tasks and periods: all of it, or nothing. ``claim``:
    the staged upload's token, confirmed once — a second confirmation raises AlreadyImported."""
    require(actor, "import_plan", message="仅司法局督察人员和管理员可以导入规划。")
    started = timezone.now()
    claimed = _claim_import(claim, actor=actor, now=now) if claim else None
    # The names a person mapped in the preview are remembered for the next import.
    for name, department_id in (corrections.departments if corrections else {}).items():
        # Only a department of the plan's own 市 or 区 learns the name.
        departments = Department.objects.in_jurisdiction(directory.area) if directory else Department.objects
        department = departments.filter(pk=department_id).first()
        if department is not None:
            department_alias_add(actor=actor, department=department, alias=name, now=now)
    plan = import_plan(parsed, source, title=title, directory=directory, corrections=corrections)
    if now is not None:
        Plan.objects.filter(pk=plan.pk).update(created_at=now)
    _backdate_history(_structure_models(), since=started, to=now)
    events.record(
        actor=actor,
        verb="plan.import",
        subject=plan,
        audience=Event.Audience.EVERYONE,
        plan=plan,
        data={"source": source.name, "clauses": plan.clauses.count(), "tasks": len(plan.created_tasks)},
        occurred_at=now,
    )
    if claimed is not None:
        ImportClaim.objects.filter(pk=claimed.pk).update(plan=plan)
    return plan


class AlreadyImported(Exception):
    """The staged upload was confirmed already (``plan`` is what it made, None while in progress)."""

    def __init__(self, plan: Plan | None):
        super().__init__("该文件已确认导入，未重复创建。")
        self.plan = plan


def _claim_import(token: str, *, actor, now) -> ImportClaim:
    try:
        with transaction.atomic():
            return ImportClaim.objects.create(token=token, claimed_by=_user(actor), claimed_at=_clock(now))
    except IntegrityError:
        existing = ImportClaim.objects.filter(token=token).select_related("plan").first()
        raise AlreadyImported(existing.plan if existing else None) from None


@transaction.atomic
def plan_revise(
    *,
    actor,
    plan: Plan,
    parsed: ParsedPlan,
    source: SourceDocument,
    directory: DepartmentDirectory | None = None,
    version: int | None = None,
    now=None,
):
    """Bring a stored plan to a revised text (see tasks.plan_import.revise_plan); returns the
    clause changes. ``version``: the plan's version the user previewed the revision against; a
    plan revised since (by someone else, or by a second confirmation of the same preview) is
    refused with StaleError. Tasks of removed clauses are archived with what was recorded on them."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    require(actor, "edit", plan, "仅司法局督察人员和管理员可以修订规划。")
    check_version(plan, version, "规划已在您预览之后被修订（可能是重复提交）。本次修订未写入，请重新上传并核对差异。")
    started = timezone.now()
    active_before = set(Task.objects.filter(plan=plan, archived_at__isnull=True).values_list("pk", flat=True))
    changes = revise_plan(plan, parsed, source, directory=directory)
    Plan.objects.filter(pk=plan.pk).update(version=plan.version + 1)
    plan.version += 1
    _backdate_history(_structure_models(), since=started, to=now)
    archived = list(
        Task.objects.filter(pk__in=active_before, archived_at__isnull=False).order_by("pk").values_list("pk", flat=True)
    )
    kinds = {}
    for change in changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1
    events.record(
        actor=actor,
        verb="plan.revise",
        subject=plan,
        audience=Event.Audience.EVERYONE,
        plan=plan,
        data={"source": source.name, "changes": kinds, "archived_tasks": archived},
        occurred_at=now,
    )
    return changes


@transaction.atomic
def breakdown_import(
    *,
    actor,
    plan: Plan,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    grid=None,
    confirm_removals: bool = False,
    now=None,
) -> BreakdownResult:
    """Check a 任务分解表 and, when every row is valid (and not a dry run), set the tasks' lead and
    supporting departments, deadlines and yearly targets from it. ``grid``: the table as already
    read at upload (tasks.breakdown.read_grid), so that it is not read again. A table that takes
    departments off tasks writes nothing unless ``confirm_removals`` (the preview lists them and
    what becomes of their reports)."""
    require(actor, "edit", plan, "仅司法局督察人员和管理员可以导入任务分解表。")
    started = timezone.now()
    result = import_breakdown(plan, data, filename, dry_run=dry_run, grid=grid, confirm_removals=confirm_removals)
    if dry_run or not result.applied:
        return result
    _backdate_history([Task, Assignment], since=started, to=now)
    events.record(
        actor=actor,
        verb="plan.breakdown",
        subject=plan,
        audience=Event.Audience.EVERYONE,
        plan=plan,
        data={
            "source": filename,
            "rows": len(result.rows),
            "updated": result.updated,
            "created": result.created,
            "removed": [removal.to_dict() for removal in result.removals],
        },
        occurred_at=now,
    )
    return result


@transaction.atomic
def plan_mark_current(*, actor, plan: Plan, now=None) -> Plan:
    """Make ``plan`` the one every page of its area opens on by default (the area's previous
    current plan stops being it)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    require(actor, "mark_current", plan, "仅司法局督察人员和管理员可以设定当前规划，归档的规划不能设为当前规划。")
    now = _clock(now)
    previous = Plan.objects.filter(is_current=True, area_id=plan.area_id).exclude(pk=plan.pk).first()
    if previous is not None:
        previous.is_current = False
        events.stamp(previous, actor=actor, now=now)
        previous.save(update_fields=["is_current"])
    plan.is_current = True
    events.stamp(plan, actor=actor, now=now)
    plan.save(update_fields=["is_current"])
    events.record(
        actor=actor,
        verb="plan.mark_current",
        subject=plan,
        audience=Event.Audience.EVERYONE,
        plan=plan,
        data={"previous": previous.title if previous else ""},
        occurred_at=now,
    )
    return plan


@transaction.atomic
def plan_archive(*, actor, plan: Plan, now=None) -> Plan:
    """Hide ``plan`` from the pickers and stop it being current; its tasks, reports and events stay."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    require(actor, "archive", plan, "仅司法局督察人员和管理员可以归档规划。")
    now = _clock(now)
    plan.archived_at = now
    plan.is_current = False
    events.stamp(plan, actor=actor, now=now)
    plan.save(update_fields=["archived_at", "is_current"])
    events.record(
        actor=actor, verb="plan.archive", subject=plan, audience=Event.Audience.EVERYONE, plan=plan, occurred_at=now
    )
    return plan


def _structure_models():
    return [Plan, Chapter, Clause, Item, Milestone, Indicator, Task, Assignment, ReportingPeriod]


# --- A task's departments, deadline and weight ----------------------------------------------


@dataclass
class RemovedDepartment:
    """A department taken off a task, and the work it has recorded there (which stays). Only
    handed-in work is counted: a department's drafts are its own (plans.policy), so they are only
    said to exist."""

    department_id: int
    name: str
    reports: dict[str, int]  # state label -> count, handed-in reports
    targets: int  # handed-in yearly targets
    unfinished: bool  # drafts or returned work it can no longer edit or submit

    def as_dict(self) -> dict:
        return {"department": self.name, "reports": self.reports, "targets": self.targets}


class RemovalNotConfirmed(ValidationError):
    """Departments with recorded work would be taken off the task without the user having seen what
    happens to that work."""

    def __init__(self, removed: list[RemovedDepartment]):
        self.removed = removed
        super().__init__("移除的部门已有进展报告或年度目标，请先核对处理方式再确认。")


def removal_effects(task: Task, department_ids: Iterable[int]) -> list[RemovedDepartment]:
    """What taking the departments ``department_ids`` off ``task`` leaves behind: their reports and
    yearly targets, all kept on the task's record. Handed-in ones can still be confirmed and
    reviewed; drafts and returned ones can no longer be edited or submitted (ProgressReportPolicy
    asks for the assignment). Departments with nothing recorded are left out."""
    department_ids = set(department_ids)
    if not department_ids:
        return []
    counts: dict[int, dict[str, int]] = {}
    unfinished: set[int] = set()
    targets: dict[int, int] = {}
    for model in (ProgressReport, YearlyTarget):
        rows = model.objects.filter(task=task, department_id__in=department_ids).values_list("department_id", "state")
        for department_id, state in rows:
            if state not in HANDED_IN_STATES:
                unfinished.add(department_id)
            elif model is YearlyTarget:
                targets[department_id] = targets.get(department_id, 0) + 1
            else:
                label = ReportState(state).label
                counts.setdefault(department_id, {})
                counts[department_id][label] = counts[department_id].get(label, 0) + 1
    names = dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "name"))
    return [
        RemovedDepartment(pk, names[pk], counts.get(pk, {}), targets.get(pk, 0), pk in unfinished)
        for pk in sorted(department_ids, key=lambda pk: names[pk])
        if counts.get(pk) or targets.get(pk) or pk in unfinished
    ]


def _names(department_ids: Iterable[int], names: dict[int, str]) -> str:
    return "、".join(sorted(names[pk] for pk in department_ids)) or "—"


@transaction.atomic
def task_update(
    *,
    actor,
    task: Task,
    lead_ids: Iterable[int],
    support_ids: Iterable[int],
    deadline: datetime.date | None,
    weight,
    version: int | None,
    confirm_removal: Iterable[int] = (),
    now=None,
) -> Task:
    """A supervisor sets a task's lead and supporting departments, its deadline and its weight.

    Refused with StaleError when the task was changed since ``version`` was read, and with
    RemovalNotConfirmed when a department with reports or yearly targets on the task would be taken
    off without its id in ``confirm_removal`` (the departments whose removal the user was shown):
    its work stays on the task's record either way (never deleted), but the user must have been
    told what happens to it."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    require(actor, "edit", task, "仅司法局督察人员和管理员可以调整任务。")
    check_version(
        task, version, "该任务已被他人修改。为避免覆盖，您的修改未保存；请刷新页面后重新调整。", required=True
    )
    lead, support = set(lead_ids), set(support_ids) - set(lead_ids)  # lead wins when named both ways
    # Departments of the plan's own 市 or 区 only (or ones already on the task).
    known = set(
        Department.objects.filter(pk__in=lead | support)
        .filter(Q(area__jurisdiction_id=task.plan.area.jurisdiction_id) | Q(assignments__task=task))
        .values_list("pk", flat=True)
    )
    if known != lead | support:
        raise ValidationError("所选部门不存在。")
    now = _clock(now)
    before = {a.department_id: a.role for a in task.assignments.all()}
    after = {**dict.fromkeys(support, Assignment.Role.SUPPORT), **dict.fromkeys(lead, Assignment.Role.LEAD)}
    removed = removal_effects(task, set(before) - set(after))
    if {r.department_id for r in removed} - set(confirm_removal):
        raise RemovalNotConfirmed(removed)
    names = dict(Department.objects.filter(pk__in=set(before) | set(after)).values_list("pk", "name"))
    changes = []
    for role, label in ((Assignment.Role.LEAD, "牵头单位"), (Assignment.Role.SUPPORT, "配合单位")):
        old = {pk for pk, r in before.items() if r == role}
        new = {pk for pk, r in after.items() if r == role}
        if old != new:
            changes.append({"field": label, "before": _names(old, names), "after": _names(new, names)})
    for assignment in task.assignments.all():
        role = after.get(assignment.department_id)
        events.stamp(assignment, actor=actor, now=now)
        if role is None:
            assignment.delete()
        elif role != assignment.role:
            assignment.role = role
            assignment.save(update_fields=["role"])
    for department_id, role in after.items():
        if department_id not in before:
            assignment = Assignment(task=task, department_id=department_id, role=role)
            events.stamp(assignment, actor=actor, now=now)
            assignment.save()
    fields = []
    if deadline != task.deadline:
        changes.append({"field": "完成时限", "before": _date(task.deadline), "after": _date(deadline)})
        task.deadline = deadline
        task.deadline_phrase = "" if deadline is None else "调整后的完成时限"
        fields += ["deadline", "deadline_phrase"]
    weight = Decimal(str(weight))
    if weight != task.weight:
        changes.append({"field": "权重", "before": _number(task.weight), "after": _number(weight)})
        task.weight = weight
        fields.append("weight")
    if not changes:
        return task
    task.full_clean(validate_unique=False, validate_constraints=True)
    task._change_reason = "调整任务"
    events.stamp(task, actor=actor, now=now)
    save_if_version(task, version=task.version, fields=fields, message="该任务已被他人修改，请刷新页面。")
    events.record(
        actor=actor,
        verb="task.edit",
        subject=task,
        audience=Event.Audience.EVERYONE,
        plan=task.plan_id,
        ref=f"task:{task.pk}",
        data={"changes": changes, "removed": [r.as_dict() for r in removed]},
        occurred_at=now,
    )
    return task


def _date(value: datetime.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "未定"


def _number(value) -> str:
    return f"{Decimal(value).normalize():f}"
