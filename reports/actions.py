"""The named actions of reports: creating a midterm evaluation, generating its draft, finalizing
it (定稿), and recording an outside voice. Each asks the policy and writes one event (see
tasks.actions for the pattern); generating a draft's files is not a change of state and writes none."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Callable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from notifications.actions import delivery_claim
from notifications.models import Robot
from notifications.tasks import deliver
from plans import events
from plans.models import Event, Plan
from plans.policy import actor_for, require
from plans.uploads import check_upload
from reports import midterm
from reports.digest import SHARED_RUN, build_digest, mail_context, subject_for, week_ending_before, week_key
from reports.handoff import SETTING_OF
from reports.midterm_docx import render_docx
from reports.midterm_pdf import render_pdf
from reports.models import Digest, DigestScope, DigestSettings, EvaluationSource, HandoffChannel, MidtermEvaluation

SOURCE_KINDS = {"pdf", "docx", "xlsx"}


def _user(actor):
    return actor if actor_for(actor).is_authenticated else None


def _event(evaluation: MidtermEvaluation, verb: str, *, actor, from_state: str, now, data=None) -> Event:
    return events.record(
        actor=actor,
        verb=verb,
        subject=evaluation,
        audience=Event.Audience.OVERSIGHT,
        from_state=from_state,
        to_state=evaluation.state,
        plan=evaluation.plan_id,
        ref=f"midterm:{evaluation.pk}",
        data={"as_of": evaluation.as_of.isoformat(), **(data or {})},
        occurred_at=now,
    )


@transaction.atomic
def midterm_create(*, actor, plan: Plan, as_of: datetime.date, now=None) -> MidtermEvaluation:
    """Start an edition of the plan's midterm evaluation as of ``as_of`` (a draft); the narrative
    is carried over from the newest earlier edition of the plan, so a new version starts from the last."""
    # Asked of the new edition, so that the plan's area decides too: a district's own supervisors only.
    require(actor, "create", MidtermEvaluation(plan=plan), "仅本区司法局督察人员可以生成中期评估报告。")
    if as_of > timezone.localdate():
        raise ValueError("数据截止日不能晚于今天。")
    previous = MidtermEvaluation.objects.filter(plan=plan).order_by("-created_at", "-pk").first()
    evaluation = MidtermEvaluation(
        plan=plan,
        as_of=as_of,
        created_by=_user(actor),
        created_at=now or timezone.now(),
        **({k: getattr(previous, k) for k in ("summary", "problems", "recommendations")} if previous else {}),
    )
    evaluation.full_clean()
    events.stamp(evaluation, actor=actor, now=now)
    evaluation.save()
    _event(evaluation, "midterm.create", actor=actor, from_state="", now=now)
    return evaluation


def midterm_edit(*, actor, evaluation: MidtermEvaluation, summary: str, problems: str, recommendations: str, now=None):
    """Save a supervisor's wording of the narrative (综述, 问题, 建议). Wording is not a change of
    state: the history keeps it, no event is written."""
    require(actor, "edit", evaluation, "定稿后不能再修改；请生成新的版本。")
    evaluation.summary, evaluation.problems, evaluation.recommendations = summary, problems, recommendations
    evaluation.version += 1
    events.stamp(evaluation, actor=actor, now=now)
    evaluation.save(update_fields=["summary", "problems", "recommendations", "version"])
    return evaluation


def voices_for(plan_id: int, as_of: datetime.date) -> list[midterm.OutsideVoice]:
    """The outside sources recorded for the plan, held by the cut-off."""
    return [
        midterm.OutsideVoice(
            kind=s.get_kind_display(),
            name=s.name,
            held_on=s.held_on,
            participants=s.participants,
            summary=s.summary,
            adopted=s.adopted,
            file_name=s.original_name,
        )
        for s in EvaluationSource.objects.filter(plan_id=plan_id, held_on__lte=as_of).order_by("held_on", "pk")
    ]


def render_files(
    evaluation: MidtermEvaluation, *, draft: bool, progress: Callable[[str, int], None]
) -> tuple[bytes, bytes, bytes]:
    """(pdf, docx, json) of the edition, built from what was recorded by its cut-off."""
    progress("汇总数据", 10)
    report = midterm.build(
        evaluation.plan,
        as_of=evaluation.as_of,
        narrative=evaluation.narrative(),
        voices=voices_for(evaluation.plan_id, evaluation.as_of),
    )
    data = midterm.to_json(report).encode()
    pdf = render_pdf(report, draft=draft, progress=progress)
    progress("生成Word文档", 90)
    docx = render_docx(report, draft=draft)
    return pdf, docx, data


def report_progress(evaluation_id: int, stage: str, step: str, percent: int, error: str = "") -> None:
    """Where the generation stands, for the page to show (a progress note, not a change of state)."""
    MidtermEvaluation.objects.filter(pk=evaluation_id).update(stage=stage, step=step, percent=percent, error=error)


def _store(evaluation: MidtermEvaluation, pdf: bytes, docx: bytes, data: bytes) -> None:
    stem = f"midterm-{evaluation.as_of:%Y%m%d}" + (f"-no{evaluation.number}" if evaluation.number else "-draft")
    for field, content, suffix in (("pdf", pdf, "pdf"), ("docx", docx, "docx"), ("data", data, "json")):
        old = getattr(evaluation, field)
        if old and not evaluation.is_final:
            old.delete(save=False)  # a draft's files are replaced; a 定稿's never are
        getattr(evaluation, field).save(f"{stem}.{suffix}", ContentFile(content), save=False)
        setattr(evaluation, f"{field}_sha256", hashlib.sha256(content).hexdigest())


def midterm_generate_draft(*, evaluation_id: int) -> MidtermEvaluation:
    """Render a draft's files (watermarked 草稿) and store them in place of the last ones."""
    evaluation = MidtermEvaluation.objects.select_related("plan").get(pk=evaluation_id)
    if evaluation.is_final:
        return evaluation

    def progress(step: str, percent: int) -> None:
        report_progress(evaluation.pk, MidtermEvaluation.Stage.RUNNING, step, percent)

    pdf, docx, data = render_files(evaluation, draft=True, progress=progress)
    with transaction.atomic():
        locked = MidtermEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.is_final:
            return locked
        _store(locked, pdf, docx, data)
        locked.stage, locked.step, locked.percent, locked.error = MidtermEvaluation.Stage.DONE, "已完成", 100, ""
        locked.save()
    return locked


def midterm_finalize(*, actor, evaluation: MidtermEvaluation, now=None) -> MidtermEvaluation:
    """定稿: render the edition without the watermark and freeze it — PDF, .docx, the JSON it was
    built from and their SHA-256, under the plan's next number. Later data never alters them."""
    require(actor, "finalize", evaluation, "该报告已定稿或您没有定稿的权限。")

    def progress(step: str, percent: int) -> None:
        report_progress(evaluation.pk, MidtermEvaluation.Stage.RUNNING, step, percent)

    # Rendering takes seconds: outside the transaction, so that nobody waits on a lock meanwhile.
    pdf, docx, data = render_files(evaluation, draft=False, progress=progress)
    stored = []
    try:
        with transaction.atomic():
            locked = MidtermEvaluation.objects.select_for_update().select_related("plan").get(pk=evaluation.pk)
            require(actor, "finalize", locked, "该报告已定稿。")
            now = now or timezone.now()
            taken = MidtermEvaluation.objects.filter(plan=locked.plan_id).aggregate(n=Max("number"))["n"] or 0
            old_files = [f for f in (locked.pdf, locked.docx, locked.data) if f]
            locked.state, locked.number, locked.finalized_at = MidtermEvaluation.State.FINAL, taken + 1, now
            locked.pdf = locked.docx = locked.data = None
            _store(locked, pdf, docx, data)
            stored = [locked.pdf, locked.docx, locked.data]
            locked.stage, locked.step, locked.percent, locked.error = MidtermEvaluation.Stage.DONE, "已定稿", 100, ""
            locked.version += 1
            locked.full_clean()
            events.stamp(locked, actor=actor, now=now)
            locked.save()
            _event(
                locked,
                "midterm.finalize",
                actor=actor,
                from_state=MidtermEvaluation.State.DRAFT,
                now=now,
                data={"number": locked.number, "pdf_sha256": locked.pdf_sha256},
            )
            transaction.on_commit(lambda: [f.delete(save=False) for f in old_files])
    except BaseException:
        for f in stored:
            f.delete(save=False)
        raise
    return locked


@transaction.atomic
def source_add(
    *,
    actor,
    plan: Plan,
    kind: str,
    name: str,
    held_on: datetime.date,
    participants: int | None = None,
    summary: str = "",
    adopted: str = "",
    uploaded=None,
    now=None,
) -> EvaluationSource:
    """Record an outside voice of the evaluation (第三方评估, 问卷调查, 公众意见) with its report."""
    require(actor, "create", EvaluationSource(plan=plan), "仅本区司法局督察人员可以录入评估意见来源。")
    source = EvaluationSource(
        plan=plan,
        kind=kind,
        name=name,
        held_on=held_on,
        participants=participants,
        summary=summary,
        adopted=adopted,
        created_by=_user(actor),
        created_at=now or timezone.now(),
    )
    if uploaded is not None:
        kind_of_file, content = check_upload(uploaded, kinds=SOURCE_KINDS)
        source.original_name = PurePath(uploaded.name).name[:255]
        # Stored under a name of our own: the uploaded name is shown, never trusted as a path.
        source.file.save(f"source.{kind_of_file}", ContentFile(content), save=False)
    try:
        source.full_clean(exclude=["file"])
        events.stamp(source, actor=actor, now=now)
        source.save()
    except BaseException:
        if source.file:
            source.file.delete(save=False)
        raise
    events.record(
        actor=actor,
        verb="midterm.source",
        subject=source,
        audience=Event.Audience.OVERSIGHT,
        plan=plan,
        ref=f"plan:{plan.pk}",
        data={"kind": kind, "name": name},
        occurred_at=now,
    )
    return source


# --- The weekly digest (督办周报) ---------------------------------------------------------------


def digest_key(user, week_start: datetime.date) -> str:
    """The key of a reader's automatic digest of a week: claimed once, whatever runs it."""
    return f"digest:{user.pk}:{week_key(week_start)}"


def digest_issue(*, actor, user, today: datetime.date, manual: bool = False, now=None) -> Digest | None:
    """Issue ``user``'s digest of the week before ``today`` and queue its mail after commit.

    The automatic one (the system actor) is claimed by (reader, ISO year-week) and numbered;
    a second run, a retry or a second beat finds the key taken and returns None. An
    administrator's manual send is marked 补发, takes no number and leaves the week's automatic
    send to come."""
    require(actor, "create", Digest, "仅管理员可以补发周报。")
    if not user.email:
        return None
    week_start, week_end = week_ending_before(today)
    with transaction.atomic():
        if manual:
            key, number = f"digest:manual:{user.pk}:{week_key(week_start)}:{uuid.uuid4().hex[:12]}", None
        else:
            key = digest_key(user, week_start)
            if Digest.objects.filter(delivery_key=key).exists():
                return None
            number = (Digest.objects.filter(user=user, manual=False).aggregate(n=Max("number"))["n"] or 0) + 1
        subject = subject_for(week_end, number)
        context = mail_context(build_digest(user, today=today, run=SHARED_RUN), subject=subject, manual=manual)
        delivery = delivery_claim(
            actor=actor, key=key, template="digest", context=context, recipients=[user.email], ref=f"digest:{user.pk}"
        )
        if delivery is None:
            return None
        queued = [delivery.pk]
        for robot in Robot.objects.filter(user=user, is_active=True):
            to_robot = delivery_claim(
                actor=actor,
                key=f"{key}:robot:{robot.pk}",
                template="digest",
                context=context,
                recipients=[],
                ref=f"digest:{user.pk}",
                robot=robot,
            )
            if to_robot is not None:
                queued.append(to_robot.pk)
        digest = Digest(
            user=user,
            week_start=week_start,
            number=number,
            manual=manual,
            subject=subject,
            context=context,
            delivery_key=key,
            created_at=now or timezone.now(),
        )
        digest.full_clean()
        events.stamp(digest, actor=actor, now=now)
        digest.save()
        events.record(
            actor=actor,
            verb="digest.resend" if manual else "digest.issue",
            subject=digest,
            audience=Event.Audience.OVERSIGHT,
            to_state="manual" if manual else "issued",
            ref=f"digest:{user.pk}",
            data={"week": week_key(week_start), "number": number, "deliveries": queued},
            occurred_at=now,
        )
        transaction.on_commit(lambda: [deliver.delay(pk) for pk in queued])
    return digest


@transaction.atomic
def digest_set_paused(*, actor, user, paused: bool, now=None) -> DigestSettings:
    """Pause or resume a reader's digest (the reader's own setting, or an administrator's)."""
    settings_row, _ = DigestSettings.objects.get_or_create(user=user)
    require(actor, "edit", settings_row, "您不能修改他人的周报设置。")
    previous = "paused" if settings_row.paused else "active"
    settings_row.paused = paused
    events.stamp(settings_row, actor=actor, now=now)
    settings_row.save(update_fields=["paused"])
    events.record(
        actor=actor,
        verb="digest.pause" if paused else "digest.resume",
        subject=settings_row,
        audience=Event.Audience.OVERSIGHT,
        from_state=previous,
        to_state="paused" if paused else "active",
        ref=f"digest:{user.pk}",
        occurred_at=now,
    )
    return settings_row


@transaction.atomic
def digest_scope_set(*, actor, user, plan: Plan, kind: str, chapters=(), now=None) -> DigestScope:
    """Set what ``user`` follows of ``plan`` in the digest (the reader's own setting, like pausing,
    or an administrator's). 分管部门 themselves are set by administrators."""
    settings_row, _ = DigestSettings.objects.get_or_create(user=user)
    require(actor, "edit", settings_row, "您不能修改他人的周报设置。")
    scope = DigestScope.objects.filter(user=user, plan=plan).first() or DigestScope(user=user, plan=plan)
    previous = scope.kind if scope.pk else ""
    scope.kind = kind
    scope.full_clean()
    events.stamp(scope, actor=actor, now=now)
    scope.save()
    scope.chapters.set([c for c in chapters if c.plan_id == plan.pk] if kind == DigestScope.Kind.CHAPTERS else [])
    events.record(
        actor=actor,
        verb="digest.scope",
        subject=scope,
        audience=Event.Audience.OVERSIGHT,
        from_state=previous,
        to_state=kind,
        plan=plan,
        ref=f"digest:{user.pk}",
        data={"chapters": sorted(c.pk for c in scope.chapters.all())},
        occurred_at=now,
    )
    return scope


# --- The annual report (法治政府建设年度报告) and the public page (政务公开) ---------------------

from plans.locking import check_version, save_if_version  # noqa: E402
from reports import annual  # noqa: E402
from reports.annual_models import SECTION_KEYS, AnnualReport, DutyRecord, PublicPage  # noqa: E402
from reports.annual_pdf import render_pdf as render_annual_pdf  # noqa: E402

ANNUAL_STALE = "该报告已被他人修改，请刷新后再保存。"


def _annual_event(report: AnnualReport, verb: str, *, actor, from_state: str, now, comment: str = "") -> Event:
    # A department's draft and its head's confirmation stay inside the department; what it hands
    # in, and the district's report, are seen by the 司法局 and the leaders.
    inside = report.department_id and report.state in ("draft", "confirmed") and verb != "annual.return"
    return events.record(
        actor=actor,
        verb=verb,
        subject=report,
        audience=Event.Audience.DEPARTMENT if inside else Event.Audience.OVERSIGHT,
        from_state=from_state,
        to_state=report.state,
        comment=comment,
        plan=report.plan_id,
        department=report.department_id,
        ref=f"annual:{report.pk}",
        data={"year": report.year},
        occurred_at=now,
    )


@transaction.atomic
def annual_open(*, actor, plan: Plan, year: int, department=None, now=None) -> AnnualReport:
    """Open the year's report of ``department`` (the district's when None) as a draft with an
    empty 第一责任人履职 form; an existing one is returned as it is."""
    report = AnnualReport(plan=plan, year=year, department=department, created_at=now or timezone.now())
    require(actor, "create", report, "您不能撰写该单位的年度报告。")
    existing = AnnualReport.objects.filter(plan=plan, year=year, department=department).first()
    if existing is not None:
        return existing
    if year not in plan.years:
        raise ValueError("该年度不在规划期内。")
    if department is not None and department not in annual.owing_departments(plan, year):
        raise ValueError("该部门当年没有规划任务，无需报送年度报告。")
    report.full_clean()
    events.stamp(report, actor=actor, now=now)
    report.save()
    duty = DutyRecord(report=report)
    events.stamp(duty, actor=actor, now=now)
    duty.save()
    _annual_event(report, "annual.create", actor=actor, from_state="", now=now)
    return report


def annual_edit(*, actor, report: AnnualReport, sections: dict, version: int, now=None) -> AnnualReport:
    """Save the rewritten sections (blank keeps the drafted text). Wording is not a change of state:
    no event; the version refuses a save over someone else's."""
    require(actor, "edit", report, "该报告当前不能修改。")
    check_version(report, version, ANNUAL_STALE, required=True)
    report.sections = {k: (sections.get(k) or "").strip() for k in SECTION_KEYS if (sections.get(k) or "").strip()}
    events.stamp(report, actor=actor, now=now)
    save_if_version(report, version=version, fields=["sections"], message=ANNUAL_STALE)
    return report


def annual_duty_save(*, actor, report: AnnualReport, values: dict, version: int, now=None) -> DutyRecord:
    """Fill in the 第一责任人履职 form (figures and a note); saved like the sections."""
    require(actor, "edit", report, "该报告当前不能修改。")
    duty, _ = DutyRecord.objects.get_or_create(report=report)
    check_version(duty, version, ANNUAL_STALE, required=True)
    fields = [*DutyRecord.FIGURES, "notes"]
    for name in fields:
        setattr(duty, name, values.get(name) or (0 if name != "notes" else ""))
    duty.full_clean()
    events.stamp(duty, actor=actor, now=now)
    save_if_version(duty, version=version, fields=fields, message=ANNUAL_STALE)
    return duty


def _annual_move(*, actor, report: AnnualReport, action: str, to: str, verb: str, message: str, comment="", now=None):
    report = AnnualReport.objects.select_related("plan", "department").get(pk=report.pk)
    require(actor, action, report, message)
    now = now or timezone.now()
    # Rendering takes a second: outside the transaction, so that nobody waits on a lock meanwhile.
    pdf = _published_pdf(report, now) if to == AnnualReport.State.PUBLISHED else None
    stored = None
    try:
        with transaction.atomic():
            locked = (
                AnnualReport.objects.select_for_update(of=("self",))
                .select_related("plan", "department")
                .get(pk=report.pk)
            )
            require(actor, action, locked, message)
            previous = locked.state
            locked.state = to
            fields = ["state"]
            if to == AnnualReport.State.SUBMITTED:
                locked.submitted_at, fields = now, [*fields, "submitted_at"]
            if action == "return":
                locked.comment, fields = comment, [*fields, "comment"]
            if pdf is not None:
                locked.pdf.save(f"annual-{locked.year}-{locked.pk}.pdf", ContentFile(pdf), save=False)
                stored = locked.pdf
                locked.published_at, locked.pdf_sha256 = now, hashlib.sha256(pdf).hexdigest()
                fields += ["published_at", "pdf", "pdf_sha256"]
            locked.version += 1
            events.stamp(locked, actor=actor, now=now)
            locked.save(update_fields=[*fields, "version"])
            _annual_event(locked, verb, actor=actor, from_state=previous, now=now, comment=comment)
    except BaseException:
        if stored:
            stored.delete(save=False)  # a rolled-back publication leaves no file behind
        raise
    return locked


def _published_pdf(report: AnnualReport, now) -> bytes:
    data = annual.build(
        report.plan, year=report.year, department=report.department, report=report, today=timezone.localdate(now)
    )
    return render_annual_pdf(data, draft=False)


def annual_confirm(*, actor, report: AnnualReport, now=None) -> AnnualReport:
    """The department head confirms the report before it is submitted."""
    return _annual_move(
        actor=actor,
        report=report,
        action="confirm",
        to="confirmed",
        verb="annual.confirm",
        message="只有本部门负责人可以确认草稿或被退回的报告。",
        now=now,
    )


def annual_submit(*, actor, report: AnnualReport, now=None) -> AnnualReport:
    """The department submits its confirmed report to the 司法局."""
    return _annual_move(
        actor=actor,
        report=report,
        action="submit",
        to="submitted",
        verb="annual.submit",
        message="报告须经本部门负责人确认后报送。",
        now=now,
    )


def annual_accept(*, actor, report: AnnualReport, now=None) -> AnnualReport:
    return _annual_move(
        actor=actor,
        report=report,
        action="accept",
        to="accepted",
        verb="annual.accept",
        message="只有司法局督察人员可以审核已报送的年度报告。",
        now=now,
    )


def annual_return(*, actor, report: AnnualReport, comment: str, now=None) -> AnnualReport:
    if not comment.strip():
        raise ValueError("退回须写明意见。")
    return _annual_move(
        actor=actor,
        report=report,
        action="return",
        to="returned",
        verb="annual.return",
        message="只有司法局督察人员可以退回已报送的年度报告。",
        comment=comment.strip(),
        now=now,
    )


def annual_publish(*, actor, report: AnnualReport, now=None) -> AnnualReport:
    """Publish the district's report (or an accepted department's): its PDF is rendered without the
    draft mark, stored with its SHA-256, and shown on the public page when that is on."""
    return _annual_move(
        actor=actor,
        report=report,
        action="publish",
        to="published",
        verb="annual.publish",
        message="只有司法局督察人员可以公开年度报告。",
        now=now,
    )


@transaction.atomic
def public_page_set(*, actor, plan: Plan, enabled: bool, now=None) -> PublicPage:
    """Switch the plan's public page (政务公开) on or off."""
    page = PublicPage.objects.select_for_update().filter(plan=plan).first() or PublicPage(plan=plan)
    require(actor, "edit", page, "只有司法局督察人员可以设置政务公开。")
    previous = "on" if page.enabled else "off"
    page.enabled, page.changed_at = enabled, now or timezone.now()
    page.full_clean()
    events.stamp(page, actor=actor, now=now)
    page.save()
    events.record(
        actor=actor,
        verb="public.enable" if enabled else "public.disable",
        subject=page,
        audience=Event.Audience.OVERSIGHT,
        from_state=previous,
        to_state="on" if enabled else "off",
        plan=plan,
        ref=f"plan:{plan.pk}",
        occurred_at=now,
    )
    return page


@transaction.atomic
def handoff_settings_set(*, actor, user, channels: dict[str, str], now=None) -> DigestSettings:
    """How each kind of hand-off reaches ``user`` (``channels``: kind → email / robot / none) —
    the user's own setting, or an administrator's."""
    settings_row, _ = DigestSettings.objects.get_or_create(user=user)
    require(actor, "edit", settings_row, "您不能修改他人的通知设置。")
    fields, before, after = [], {}, {}
    for kind, field in SETTING_OF.items():
        if kind in channels:
            if channels[kind] not in HandoffChannel.values:
                raise ValidationError(f"未知的通知方式“{channels[kind]}”。")
            before[kind], after[kind] = getattr(settings_row, field), channels[kind]
            setattr(settings_row, field, channels[kind])
            fields.append(field)
    events.stamp(settings_row, actor=actor, now=now)
    settings_row.save(update_fields=fields)
    events.record(
        actor=actor,
        verb="handoff.settings",
        subject=settings_row,
        audience=Event.Audience.OVERSIGHT,
        ref=f"digest:{user.pk}",
        data={"before": before, "after": after},
        occurred_at=now,
    )
    return settings_row
