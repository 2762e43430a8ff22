"""The named actions of 督察: every change to a campaign, its units, a finding and its
rectification goes through one of these.

Each takes ``actor=`` (a user; the demo passes the demo users), asks the policy, changes rows inside
one transaction, validates with ``full_clean``, writes exactly one event and queues side effects
(mail to the units) on commit. ``now=`` is the clock: None means now; the demo passes the time the
step happened, and the rows, their history and the event carry it. ``notify=False`` (the demo's
past) writes no mail.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from inspections.ledger import read_ledger
from inspections.models import (
    NOTICE_RUNGS,
    RUNG_LEVEL,
    Attachment,
    Campaign,
    CampaignTarget,
    ChecklistItem,
    EscalationMatter,
    EscalationStep,
    Finding,
    FindingState,
    InspectionError,
    Interview,
    NoticeSequence,
    RectificationEntry,
    Rung,
    SupervisionNotice,
)
from inspections.workdays import add_working_days
from notifications.actions import delivery_claim
from notifications.tasks import deliver
from plans import events
from plans.locking import check_version
from plans.models import Area, Clause, Department, Event, Plan
from plans.policy import actor_for, can, jurisdiction_of, require
from plans.uploads import check_upload
from tasks.reminders import robots_of

ATTACHMENT_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx"}


def _clock(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _user(actor):
    return actor if actor_for(actor).is_authenticated else None


def _plan_id(finding: Finding) -> int | None:
    """The plan whose facts a finding touches (its task's), so that the event clears their cache."""
    if finding.task_id:
        return finding.task.plan_id
    return finding.campaign.plan_id


def _finding_event(finding: Finding, verb: str, *, actor, audience, from_state="", comment="", now, data=None):
    return events.record(
        actor=actor,
        verb=f"finding.{verb}",
        subject=finding,
        audience=audience,
        from_state=from_state,
        to_state=finding.state,
        comment=comment,
        plan=_plan_id(finding),
        department=finding.unit_id,
        ref=f"finding:{finding.pk}",
        data={"campaign": finding.campaign.name, **(data or {})},
        occurred_at=now,
    )


def _campaign_event(campaign: Campaign, verb: str, *, actor, from_state="", now, data=None, department=None):
    return events.record(
        actor=actor,
        verb=f"campaign.{verb}",
        subject=campaign,
        audience=Event.Audience.OVERSIGHT if department else Event.Audience.EVERYONE,
        from_state=from_state,
        to_state=campaign.state,
        plan=campaign.plan_id,
        department=department,
        ref=f"campaign:{campaign.pk}",
        data=data or {},
        occurred_at=now,
    )


def _store_files(files: Iterable, *, actor, now, department_id: int, handed_in: bool, **owner) -> list[Attachment]:
    """Check each upload by its content and store it; the caller's transaction decides whether it
    stays (``store_files_safely`` deletes stored files when it rolls back)."""
    stored = []
    for uploaded in files:
        kind, data = check_upload(uploaded, kinds=ATTACHMENT_KINDS)
        attachment = Attachment(
            **owner,
            department_id=department_id,
            handed_in=handed_in,
            original_name=uploaded.name[:255],
            kind=kind,
            size=len(data),
            uploaded_by=_user(actor),
            uploaded_at=now,
        )
        attachment.file.save(uploaded.name, ContentFile(data), save=False)
        stored.append(attachment)
        events.stamp(attachment, actor=actor, now=now)
        attachment.full_clean(exclude=["file"])
        attachment.save()
    return stored


class _FilesGuard:
    """Deletes the files stored inside a transaction that did not commit."""

    def __init__(self):
        self.stored: list[Attachment] = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            for attachment in self.stored:
                attachment.file.delete(save=False)
        return False


def _notify(
    *, key: str, template: str, context: dict, department: Department, ref: str, actor, files=None, recipients=None
) -> int | None:
    """Claim one message to a unit's contacts (or ``recipients``), once per key; its id, to send on
    commit. ``files`` name attachments rendered when it is sent (notifications.attachments)."""
    recipients = department.emails if recipients is None else recipients
    if not recipients:
        return None
    delivery = delivery_claim(
        actor=actor,
        key=key,
        template=template,
        context={"department": department.name, **context},
        recipients=recipients,
        department=department,
        ref=ref,
        files=files,
    )
    return delivery.pk if delivery else None


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Campaigns -----------------------------------------------------------------------------------


@dataclass
class CampaignInput:
    name: str
    year: int
    kind: str
    mode: str
    start_date: datetime.date
    end_date: datetime.date
    self_report_due: datetime.date | None
    plan_id: int | None
    unit_ids: list[int]
    clause_ids: list[int]


@transaction.atomic
def campaign_save(*, actor, data: CampaignInput, campaign: Campaign | None = None, now=None) -> Campaign:
    """Create a campaign (筹备中) or change one that has not ended; its units are set to
    ``unit_ids`` (a unit with a 自查报告 or findings is kept)."""
    now = _clock(now)
    if campaign is None:
        require(actor, "edit", Campaign, "仅司法局督察人员可以创建督察活动。")
        campaign = Campaign(created_by=_user(actor), created_at=now, area=jurisdiction_of(actor))
        created = True
    else:
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        require(actor, "edit", campaign, "该督察活动已结束，不能修改。")
        created = False
    for name in ("name", "year", "kind", "mode", "start_date", "end_date", "self_report_due", "plan_id"):
        setattr(campaign, name, getattr(data, name))
    if campaign.plan_id and not Plan.objects.filter(pk=campaign.plan_id, area__jurisdiction=campaign.area).exists():
        raise ValidationError("只能关联本区的规划。")
    campaign.full_clean()
    events.stamp(campaign, actor=actor, now=now)
    campaign.save()
    clauses = Clause.objects.filter(pk__in=data.clause_ids, plan__area__jurisdiction=campaign.area)
    if campaign.plan_id:
        clauses = clauses.filter(plan_id=campaign.plan_id)
    campaign.clauses.set(clauses)
    units = list(Department.objects.active().in_jurisdiction(campaign.area).filter(pk__in=data.unit_ids))
    if not units:
        raise ValidationError("请至少选择一个受督察单位。")
    kept = set()
    for target in campaign.targets.all():
        if target.department_id in data.unit_ids or target.self_report_state or target.inspected_on:
            kept.add(target.department_id)
        elif not campaign.findings.filter(unit_id=target.department_id).exists():
            events.stamp(target, actor=actor, now=now)
            target.delete()
    for unit in units:
        if unit.pk not in kept:
            target = CampaignTarget(campaign=campaign, department=unit)
            events.stamp(target, actor=actor, now=now)
            target.save()
    _campaign_event(
        campaign,
        "create" if created else "edit",
        actor=actor,
        from_state="" if created else campaign.state,
        now=now,
        data={"units": len(units), "clauses": len(data.clause_ids)},
    )
    return campaign


SENTENCE_END = re.compile(r"(?<=[。；;])")


def draft_checklist_items(campaign: Campaign) -> list[tuple[Clause, str]]:
    """督察事项 drafted from the covered clauses' text: one per sentence that asks for something
    (a clause's heading sentence, then each requirement), phrased as a question to check."""
    items = []
    for clause in campaign.clauses.order_by("position"):
        sentences = [s.strip(" 。；;") for s in SENTENCE_END.split(clause.body or clause.heading) if s.strip(" 。；;")]
        for sentence in sentences[:8]:
            if sentence.startswith(clause.label):
                sentence = sentence[len(clause.label) :]
            number = clause.label.strip("()（） ")
            items.append((clause, f"是否落实“{sentence}”的要求（规划第{number}条）"))
    return items


@transaction.atomic
def checklist_draft(*, actor, campaign: Campaign, now=None) -> int:
    """Replace the 共性 items with a draft made from the covered clauses' text (个性 items stay);
    returns how many were drafted."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "edit", campaign, "仅司法局督察人员可以编写督察事项。")
    now = _clock(now)
    drafted = draft_checklist_items(campaign)
    if not drafted:
        raise InspectionError("该督察活动尚未选择涉及的规划条款，无法生成督察事项。")
    for item in campaign.items.filter(scope=ChecklistItem.Scope.COMMON):
        events.stamp(item, actor=actor, now=now)
        item.delete()
    for position, (clause, text) in enumerate(drafted, start=1):
        item = ChecklistItem(campaign=campaign, scope=ChecklistItem.Scope.COMMON, clause=clause, text=text)
        item.position = position
        events.stamp(item, actor=actor, now=now)
        item.save()
    _campaign_event(
        campaign, "checklist_draft", actor=actor, from_state=campaign.state, now=now, data={"items": len(drafted)}
    )
    return len(drafted)


@dataclass
class ItemInput:
    text: str
    department_id: int | None = None  # None: 共性
    clause_id: int | None = None


@transaction.atomic
def checklist_save(*, actor, campaign: Campaign, items: list[ItemInput], now=None) -> int:
    """Replace the campaign's checklist with the edited one; a 个性 item names one of its units."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "edit", campaign, "仅司法局督察人员可以编写督察事项。")
    now = _clock(now)
    units = set(campaign.targets.values_list("department_id", flat=True))
    for item in items:
        if item.department_id is not None and item.department_id not in units:
            raise ValidationError("个性督察事项只能指定本次督察的单位。")
    for old in campaign.items.all():
        events.stamp(old, actor=actor, now=now)
        old.delete()
    kept = [i for i in items if i.text.strip()]
    for position, item in enumerate(kept, start=1):
        row = ChecklistItem(
            campaign=campaign,
            scope=ChecklistItem.Scope.SPECIFIC if item.department_id else ChecklistItem.Scope.COMMON,
            department_id=item.department_id,
            clause_id=item.clause_id,
            text=item.text.strip(),
            position=position,
        )
        row.full_clean()
        events.stamp(row, actor=actor, now=now)
        row.save()
    _campaign_event(
        campaign, "checklist_edit", actor=actor, from_state=campaign.state, now=now, data={"items": len(kept)}
    )
    return len(kept)


@transaction.atomic
def campaign_open(*, actor, campaign: Campaign, now=None, notify: bool = True) -> Campaign:
    """Open the campaign to its units: each sees it on its home page and is told by email."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "open", campaign, "只有筹备中的督察活动可以启动。")
    if not campaign.targets.exists():
        raise InspectionError("请先选择受督察单位。")
    now = _clock(now)
    from_state = campaign.state
    campaign.state = Campaign.State.OPEN
    events.stamp(campaign, actor=actor, now=now)
    campaign.save()
    claimed = []
    if notify:
        for target in campaign.targets.select_related("department"):
            pk = _notify(
                key=f"campaign-open:{campaign.pk}:{target.department_id}",
                template="inspection-campaign",
                context={
                    "campaign": campaign.name,
                    "kind": campaign.get_kind_display(),
                    "mode": campaign.get_mode_display(),
                    "due": f"{campaign.self_report_due:%Y年%m月%d日}" if campaign.self_report_due else "",
                    "url": _site_url(reverse("inspections:target_detail", args=[target.pk])),
                },
                department=target.department,
                ref=f"campaign:{campaign.pk}",
                actor=actor,
            )
            if pk:
                claimed.append(pk)
    _campaign_event(campaign, "open", actor=actor, from_state=from_state, now=now, data={"notified": len(claimed)})
    transaction.on_commit(lambda: [deliver.delay(pk) for pk in claimed])
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign, now=None) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "close", campaign, "只有进行中的督察活动可以结束。")
    now = _clock(now)
    from_state = campaign.state
    campaign.state = Campaign.State.CLOSED
    events.stamp(campaign, actor=actor, now=now)
    campaign.save()
    _campaign_event(campaign, "close", actor=actor, from_state=from_state, now=now)
    return campaign


# --- A unit in a campaign: its 自查报告, and the visit or written review -----------------------


def _target_event(target: CampaignTarget, verb: str, *, actor, audience, from_state="", comment="", now, data=None):
    return events.record(
        actor=actor,
        verb=f"inspection.{verb}",
        subject=target,
        audience=audience,
        from_state=from_state,
        to_state=target.self_report_state,
        comment=comment,
        plan=target.campaign.plan_id,
        department=target.department_id,
        ref=f"campaign:{target.campaign_id}",
        data={"campaign": target.campaign.name, **(data or {})},
        occurred_at=now,
    )


def self_report_submit(*, actor, target: CampaignTarget, text: str, files: Iterable = (), now=None) -> CampaignTarget:
    """The unit's 自查报告 with its evidence, handed to its head; a head's own goes out at once."""
    with _FilesGuard() as guard, transaction.atomic():
        target = CampaignTarget.objects.select_for_update().select_related("campaign").get(pk=target.pk)
        require(actor, "write_self_report", target, "只有受督察单位可以在督察进行期间报送自查报告。")
        if not text.strip():
            raise ValidationError("请填写自查情况。")
        now = _clock(now)
        from_state = target.self_report_state
        head = actor_for(actor).heads(target.department_id)
        target.self_report_text = text.strip()
        target.self_report_state = CampaignTarget.SelfReport.CONFIRMED if head else CampaignTarget.SelfReport.SUBMITTED
        if head:
            target.self_report_at = now
        guard.stored = _store_files(
            files,
            actor=actor,
            now=now,
            department_id=target.department_id,
            handed_in=head,
            target=target,
            purpose=Attachment.Purpose.SELF_REPORT,
        )
        if head:
            target.attachments.update(handed_in=True)
        events.stamp(target, actor=actor, now=now)
        target.save()
        audience = Event.Audience.OVERSIGHT if head else Event.Audience.DEPARTMENT
        _target_event(
            target,
            "self_report",
            actor=actor,
            audience=audience,
            from_state=from_state,
            now=now,
            data={"files": len(guard.stored)},
        )
    return target


@transaction.atomic
def self_report_confirm(*, actor, target: CampaignTarget, now=None) -> CampaignTarget:
    """The head sends the unit's 自查报告 and its files to the 司法局."""
    target = CampaignTarget.objects.select_for_update().select_related("campaign").get(pk=target.pk)
    require(actor, "confirm_self_report", target, "只有本单位负责人可以确认报送自查报告。")
    now = _clock(now)
    from_state = target.self_report_state
    target.self_report_state = CampaignTarget.SelfReport.CONFIRMED
    target.self_report_at = now
    target.attachments.update(handed_in=True)
    events.stamp(target, actor=actor, now=now)
    target.save()
    _target_event(
        target, "self_report_confirm", actor=actor, audience=Event.Audience.OVERSIGHT, from_state=from_state, now=now
    )
    return target


@transaction.atomic
def self_report_return(*, actor, target: CampaignTarget, comment: str, now=None) -> CampaignTarget:
    """The head sends the 自查报告 back to the unit's staff (inside the unit)."""
    target = CampaignTarget.objects.select_for_update().select_related("campaign").get(pk=target.pk)
    require(actor, "return_self_report", target, "只有本单位负责人可以退回自查报告。")
    if not comment.strip():
        raise InspectionError("退回时必须填写理由。")
    now = _clock(now)
    from_state = target.self_report_state
    target.self_report_state = CampaignTarget.SelfReport.DRAFT
    events.stamp(target, actor=actor, now=now)
    target.save()
    _target_event(
        target,
        "self_report_return",
        actor=actor,
        audience=Event.Audience.DEPARTMENT,
        from_state=from_state,
        comment=comment.strip(),
        now=now,
    )
    return target


@transaction.atomic
def inspection_record(*, actor, target: CampaignTarget, on: datetime.date, note: str = "", now=None) -> CampaignTarget:
    """The supervisor records the on-site visit (实地) or concludes the written review (书面): from
    then on the unit counts as inspected in the campaign's year."""
    target = CampaignTarget.objects.select_for_update().select_related("campaign").get(pk=target.pk)
    require(actor, "record_inspection", target, "仅司法局督察人员可以记录督察情况。")
    now = _clock(now)
    if on > timezone.localtime(now).date():
        raise ValidationError("督察完成日期不能晚于今天。")
    target.inspected_on = on
    target.inspection_note = note.strip()
    events.stamp(target, actor=actor, now=now)
    target.save()
    verb = "visit" if target.campaign.mode == "on_site" else "review"
    _target_event(target, verb, actor=actor, audience=Event.Audience.OVERSIGHT, now=now, data={"on": on.isoformat()})
    return target


# --- Findings ------------------------------------------------------------------------------------


@dataclass
class FindingInput:
    description: str
    deadline: datetime.date
    category: str = "other"
    is_common: bool = False
    severity: str = "minor"
    rectification_type: str = "deadline"
    requirement: str = ""
    responsible_leader: str = ""
    responsible_person: str = ""
    clause_id: int | None = None
    task_id: int | None = None
    supporting_unit_ids: tuple[int, ...] = ()


def _notify_finding(finding: Finding, *, actor) -> list[int]:
    claimed = []
    units = [finding.unit, *finding.supporting_units.all()]
    for unit in units:
        pk = _notify(
            key=f"finding:{finding.pk}:{unit.pk}",
            template="inspection-finding",
            context={
                "campaign": finding.campaign.name,
                "description": finding.description,
                "requirement": finding.requirement,
                "deadline": f"{finding.deadline:%Y年%m月%d日}",
                "role": "牵头" if unit.pk == finding.unit_id else "配合",
                "url": _site_url(reverse("inspections:finding_detail", args=[finding.pk])),
            },
            department=unit,
            ref=f"finding:{finding.pk}",
            actor=actor,
        )
        if pk:
            claimed.append(pk)
    return claimed


def finding_record(
    *, actor, campaign: Campaign, unit: Department, data: FindingInput, files: Iterable = (), now=None, notify=True
) -> Finding:
    """A supervisor records one finding at a unit of the campaign, with photos or files; the unit
    (and its supporting units) see it at once and are told by email."""
    with _FilesGuard() as guard, transaction.atomic():
        campaign = Campaign.objects.get(pk=campaign.pk)  # its state now, not as the caller read it
        require(actor, "record_finding", campaign, "只能在已启动的督察活动中由督察人员记录问题。")
        if not campaign.targets.filter(department=unit).exists():
            raise ValidationError(f"{unit.name}不是本次督察的对象。")
        now = _clock(now)
        finding = Finding(
            campaign=campaign,
            unit=unit,
            recorded_by=_user(actor),
            recorded_at=now,
            updated_at=now,
            **{k: v for k, v in data.__dict__.items() if k != "supporting_unit_ids"},
        )
        finding.full_clean()
        events.stamp(finding, actor=actor, now=now)
        finding.save()
        supporting = Department.objects.in_jurisdiction(campaign.area).filter(pk__in=data.supporting_unit_ids)
        finding.supporting_units.set(supporting.exclude(pk=unit.pk))
        justice = actor_for(actor).department_id
        guard.stored = _store_files(
            files,
            actor=actor,
            now=now,
            department_id=justice or unit.pk,
            handed_in=True,
            finding=finding,
            purpose=Attachment.Purpose.FINDING,
        )
        claimed = _notify_finding(finding, actor=actor) if notify else []
        _finding_event(
            finding, "record", actor=actor, audience=Event.Audience.OVERSIGHT, now=now, data={"notified": len(claimed)}
        )
        transaction.on_commit(lambda: [deliver.delay(pk) for pk in claimed])
    return finding


def _locked(finding: Finding) -> Finding:
    return Finding.objects.select_for_update(of=("self",)).select_related("campaign", "task").get(pk=finding.pk)


@transaction.atomic
def finding_plan_submit(
    *, actor, finding: Finding, measures: str, person: str, deadline: datetime.date, version=None, now=None
) -> Finding:
    """The unit's 整改方案 (measures, person, deadline), handed to its head for confirmation; a
    head's own plan leaves the unit at once."""
    finding = _locked(finding)
    check_version(finding, version, "该问题已被他人处理，请刷新页面后再操作。")
    if not can(actor, "submit_plan", finding):
        raise PermissionDenied("只有责任单位可以在问题待整改时提交整改方案。")
    now = _clock(now)
    finding.plan_measures, finding.plan_person, finding.plan_deadline = measures.strip(), person.strip(), deadline
    from_state = finding.state
    finding.set_state(FindingState.PLAN_SUBMITTED)
    head = actor_for(actor).heads(finding.unit_id)
    if head:  # the head wrote it: confirmed as it goes
        finding.state = FindingState.RECTIFYING
    finding.updated_at = now
    finding.full_clean()
    events.stamp(finding, actor=actor, now=now)
    finding.save()
    _finding_event(
        finding,
        "submit_plan",
        actor=actor,
        audience=Event.Audience.OVERSIGHT if head else Event.Audience.DEPARTMENT,
        from_state=from_state,
        now=now,
    )
    return finding


def finding_close_request(
    *, actor, finding: Finding, summary: str, files: Iterable = (), version=None, now=None
) -> Finding:
    """The unit's 销号申请 with evidence, handed to its head; a head's own goes to the 司法局 at once."""
    with _FilesGuard() as guard, transaction.atomic():
        finding = _locked(finding)
        check_version(finding, version, "该问题已被他人处理，请刷新页面后再操作。")
        if not can(actor, "request_close", finding):
            raise PermissionDenied("只有责任单位可以在整改期间申请销号。")
        now = _clock(now)
        finding.close_summary = summary.strip()
        from_state = finding.state
        finding.set_state(FindingState.CLOSE_SUBMITTED)
        head = actor_for(actor).heads(finding.unit_id)
        guard.stored = _store_files(
            files,
            actor=actor,
            now=now,
            department_id=finding.unit_id,
            handed_in=head,
            finding=finding,
            purpose=Attachment.Purpose.CLOSURE,
        )
        if head:
            _hand_in(finding)
        finding.updated_at = now
        finding.full_clean()
        events.stamp(finding, actor=actor, now=now)
        finding.save()
        _finding_event(
            finding,
            "request_close",
            actor=actor,
            audience=Event.Audience.OVERSIGHT if head else Event.Audience.DEPARTMENT,
            from_state=from_state,
            now=now,
            data={"files": len(guard.stored)},
        )
    return finding


def _hand_in(finding: Finding) -> None:
    """What the unit wrote leaves it: the plan or the close request, its files and progress entries."""
    finding.state = FindingState.CLOSE_REQUESTED if finding.state == FindingState.CLOSE_SUBMITTED else finding.state
    finding.attachments.filter(department_id=finding.unit_id).update(handed_in=True)
    for entry in finding.entries.filter(handed_in=False, department_id=finding.unit_id):
        entry.handed_in = True
        entry.save(update_fields=["handed_in"])


@transaction.atomic
def finding_move(
    *,
    actor,
    finding: Finding,
    to: str,
    comment: str = "",
    closed_on: datetime.date | None = None,
    version=None,
    now=None,
) -> Finding:
    """One checked step that needs no form: the head's confirmation or internal return, the
    supervisor's 销号 (with its date), return or reopening."""
    finding = _locked(finding)
    check_version(finding, version, "该问题已被他人处理，请刷新页面后再操作。")
    action = finding.action_for(to)
    if action in {"submit_plan", "request_close"}:
        raise InspectionError("请通过表单提交整改方案或销号申请。")
    if not can(actor, action, finding):
        raise PermissionDenied("您没有执行此操作的权限。")
    now = _clock(now)
    if action == "close":
        closed_on = closed_on or timezone.localtime(now).date()
        if closed_on > timezone.localtime(now).date():
            raise ValidationError("销号日期不能晚于今天。")
    from_state = finding.state
    finding.set_state(to, comment=comment, closed_on=closed_on)
    if action == "confirm":
        if from_state == FindingState.CLOSE_SUBMITTED:
            _hand_in(finding)
        else:
            finding.attachments.filter(department_id=finding.unit_id).update(handed_in=True)
    finding.updated_at = now
    finding.full_clean()
    events.stamp(finding, actor=actor, now=now)
    finding.save()
    audience = Event.Audience.DEPARTMENT if action == "return_internal" else Event.Audience.OVERSIGHT
    _finding_event(
        finding,
        action,
        actor=actor,
        audience=audience,
        from_state=from_state,
        comment=finding.review_comment,
        now=now,
        data={"closed_on": closed_on.isoformat()} if action == "close" else None,
    )
    return finding


def progress_add(
    *, actor, finding: Finding, entry_date: datetime.date, text: str, files: Iterable = (), now=None
) -> RectificationEntry:
    """A dated step of the unit's rectification (for a 长期坚持 item, its yearly update). The
    staff's entry waits for the head's confirmation; the head's own is handed in at once."""
    with _FilesGuard() as guard, transaction.atomic():
        finding = _locked(finding)
        if not can(actor, "add_progress", finding):
            raise PermissionDenied("只有责任单位可以在整改期间填报进展。")
        if not text.strip():
            raise ValidationError("请填写整改进展。")
        now = _clock(now)
        if entry_date > timezone.localtime(now).date():
            raise ValidationError("进展日期不能晚于今天。")
        head = actor_for(actor).heads(finding.unit_id)
        entry = RectificationEntry(
            finding=finding,
            department_id=finding.unit_id,
            entry_date=entry_date,
            text=text.strip(),
            handed_in=head,
            created_by=_user(actor),
            created_at=now,
        )
        entry.full_clean()
        events.stamp(entry, actor=actor, now=now)
        entry.save()
        guard.stored = _store_files(
            files,
            actor=actor,
            now=now,
            department_id=finding.unit_id,
            handed_in=head,
            finding=finding,
            entry=entry,
            purpose=Attachment.Purpose.PROGRESS,
        )
        _finding_event(
            finding,
            "progress",
            actor=actor,
            audience=Event.Audience.OVERSIGHT if head else Event.Audience.DEPARTMENT,
            from_state=finding.state,
            now=now,
            data={"entry": entry.pk, "date": entry_date.isoformat()},
        )
    return entry


@transaction.atomic
def progress_confirm(*, actor, entry: RectificationEntry, now=None) -> RectificationEntry:
    """The head sends a progress entry (and its files) to the 司法局."""
    entry = RectificationEntry.objects.select_for_update().select_related("finding__campaign").get(pk=entry.pk)
    require(actor, "confirm", entry, "只有本单位负责人可以确认报送整改进展。")
    now = _clock(now)
    entry.handed_in = True
    events.stamp(entry, actor=actor, now=now)
    entry.save()
    entry.attachments.update(handed_in=True)
    _finding_event(
        entry.finding,
        "progress_confirm",
        actor=actor,
        audience=Event.Audience.OVERSIGHT,
        from_state=entry.finding.state,
        now=now,
        data={"entry": entry.pk},
    )
    return entry


# --- The 整改台账 from Excel -------------------------------------------------------------------


def ledger_import(*, actor, campaign: Campaign, data: bytes, filename: str, dry_run: bool = False, now=None):
    """Check an uploaded 整改台账 of ``campaign`` (a paper record) and, when every row is valid and
    it is not a dry run, write its findings as recorded — all rows or none. Units not yet in the
    campaign are added to it. Returns the checked rows and errors (inspections.ledger.LedgerImport)."""
    require(actor, "import_ledger", campaign, "仅司法局督察人员可以导入整改台账。")
    result = read_ledger(data, campaign=campaign)
    if dry_run or not result.ok:
        return result
    now = _clock(now)
    with transaction.atomic():
        units = set(campaign.targets.values_list("department_id", flat=True))
        for row in result.rows:
            if row.unit.pk not in units:
                target = CampaignTarget(campaign=campaign, department=row.unit)
                events.stamp(target, actor=actor, now=now)
                target.save()
                units.add(row.unit.pk)
            finding = Finding(
                campaign=campaign,
                unit=row.unit,
                description=row.description,
                deadline=row.deadline,
                responsible_person=row.person,
                plan_measures=row.measures,
                plan_person=row.person if row.measures else "",
                rectification_type="long_term" if row.state == FindingState.LONG_TERM else "deadline",
                state=row.state,
                closed_on=row.closed_on,
                recorded_by=_user(actor),
                recorded_at=now,
                updated_at=now,
            )
            finding._change_reason = f"导入整改台账 {filename} 第{row.row}行"
            finding.full_clean()
            events.stamp(finding, actor=actor, now=now)
            finding.save()
            finding.supporting_units.set(row.supporting)
            if row.progress:
                entry = RectificationEntry(
                    finding=finding,
                    department=row.unit,
                    entry_date=row.closed_on or timezone.localtime(now).date(),
                    text=row.progress,
                    handed_in=True,
                    created_by=_user(actor),
                    created_at=now,
                )
                events.stamp(entry, actor=actor, now=now)
                entry.save()
        _campaign_event(
            campaign,
            "ledger_import",
            actor=actor,
            from_state=campaign.state,
            now=now,
            data={"source": filename, "rows": len(result.rows)},
        )
    return result


# --- 督办: the escalation ladder -----------------------------------------------------------------


def _matter_event(matter, verb: str, *, actor, from_state="", to_state="", comment="", today=None, now=None, data=None):
    return events.record(
        actor=actor,
        verb=f"escalation.{verb}",
        subject=matter,
        audience=Event.Audience.OVERSIGHT,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        plan=matter.task.plan_id if matter.task_id else None,
        department=matter.unit_id,
        ref=f"matter:{matter.pk}",
        data={"key": matter.key, **({"today": today.isoformat()} if today else {}), **(data or {})},
        occurred_at=now,
    )


def _next_serial(area: Area, year: int) -> int:
    """The next number of the area's sequence for the year, taken under a row lock in the caller's
    transaction: a rolled-back notice gives its number back, so numbers have no gaps."""
    NoticeSequence.objects.get_or_create(area=area, year=year)
    sequence = NoticeSequence.objects.select_for_update().get(area=area, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def issuing_area(units) -> Area:
    """The area whose 司法局 issues a notice to these units: their 市 or 区 (the first unit's)."""
    unit = units[0]
    unit = unit if isinstance(unit, Department) else Department.objects.get(pk=unit)
    return Area.objects.get(pk=Area.objects.values_list("jurisdiction_id", flat=True).get(pk=unit.area_id))


def _create_notice(
    *,
    colour,
    units,
    subject,
    requirement,
    today,
    matter=None,
    task=None,
    finding=None,
    clause=None,
    is_manual=False,
    source="",
    reply_deadline=None,
    now=None,
    actor=None,
) -> SupervisionNotice:
    area = issuing_area(units)
    notice = SupervisionNotice(
        area=area,
        year=today.year,
        serial=_next_serial(area, today.year),
        prefix=area.notice_prefix,
        colour=colour,
        matter=matter,
        task=task,
        finding=finding,
        clause=clause,
        subject=subject[:300],
        requirement=requirement,
        reply_deadline=reply_deadline or add_working_days(today, settings.ESCALATION_REPLY_WORKING_DAYS),
        issuing_office=area.justice_bureau,
        issued_on=today,
        is_manual=is_manual,
        source=source[:200],
    )
    notice.full_clean(exclude=["units"])
    events.stamp(notice, actor=actor, now=now)
    notice.save()
    notice.units.set(units)
    return notice


NOTICE_PDF = "supervision_notice_pdf"


def leaders_in_charge(unit: Department) -> list:
    """The district leaders recorded as in charge of (分管) a unit, with an address, who read the
    unit's district (its own leaders, the city's): a leader of another district set in charge of it
    by mistake is not copied. The relation is reports.LeaderDepartment's; it is read through the ORM
    so this app imports nothing above it."""
    leaders = (
        get_user_model()
        .objects.filter(led_departments__department=unit, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    unit_path = Area.objects.values_list("path", flat=True).get(pk=unit.area_id)
    return [leader for leader in leaders if unit_path.startswith(actor_for(leader).read_path)]


def _notice_mail(notice: SupervisionNotice, *, actor) -> list[int]:
    """The 督办单 to each unit's contacts, its PDF attached; a manual one (领导批示件) is copied to
    each unit's 分管 leader when one is recorded."""
    ids = []
    context = {
        "number": notice.number,
        "colour": notice.colour_word,
        "subject": notice.subject,
        "requirement": notice.requirement,
        "reply_deadline": notice.reply_deadline.isoformat(),
        "issuing_office": notice.issuing_office,
        "source": notice.source,
        "url": _site_url(reverse("inspections:notice_detail", args=[notice.pk])),
    }
    files = [{"kind": NOTICE_PDF, "id": notice.pk}]
    for unit in notice.units.all():
        pk = _notify(
            key=f"notice:{notice.pk}:{unit.pk}",
            template="supervision-notice",
            context=context,
            department=unit,
            ref=f"notice:{notice.pk}",
            actor=actor,
            files=files,
        )
        ids.append(pk)
        if notice.is_manual:
            for leader in leaders_in_charge(unit):
                ids.append(
                    _notify(
                        key=f"notice:{notice.pk}:{unit.pk}:leader:{leader.pk}",
                        template="supervision-notice",
                        context={**context, "copy_to": leader.get_full_name() or leader.username},
                        department=unit,
                        ref=f"notice:{notice.pk}",
                        actor=actor,
                        files=files,
                        recipients=[leader.email],
                    )
                )
    return [pk for pk in ids if pk]


def _matter_url(task_id, finding_id) -> str:
    if finding_id:
        return _site_url(reverse("inspections:finding_detail", args=[finding_id]))
    if task_id:
        return _site_url(reverse("tasks:task_detail", args=[task_id]))
    return _site_url("/")


DEFAULT_REQUIREMENTS = {
    "blue": "请于反馈期限前办结并书面反馈办理情况。",
    "yellow": "该事项已逾期较长时间，请单位负责人督促，于反馈期限前办结并书面反馈。",
    "red": "该事项严重逾期，请单位主要负责人亲自督办，于反馈期限前办结并书面反馈，逾期将挂牌督办。",
}


def matter_escalate(*, actor, state, rung: str, reason: str, today: datetime.date, now=None):
    """Move one matter up to ``rung`` (the daily run, as the system): record the step once (a unique
    row per matter, rung and round), issue what the rung means — the 催办 reminder (提醒), a
    numbered 督办单 mailed to the unit (蓝/黄/红), the listing (挂牌督办) or a 约谈 proposal — and
    write one event. Returns what was issued, or None when it was issued already (a second run, a
    retry) or a manual de-escalation still holds."""
    from inspections.escalation import Issued

    require(actor, "escalate", EscalationMatter)
    with transaction.atomic():
        matter, _ = EscalationMatter.objects.get_or_create(
            key=state.key,
            defaults={
                "kind": state.kind,
                "task_id": state.task_id,
                "finding_id": state.finding_id,
                "unit_id": state.unit_id,
                "what": state.what[:300],
                "due_date": state.due_date,
            },
        )
        matter = EscalationMatter.objects.select_for_update().get(pk=matter.pk)
        if matter.held_state:
            if matter.held_state == state.state:
                return None
            # The matter's state changed: the supervisor's hold ends, on the record.
            _matter_event(
                matter, "unhold", actor=actor, from_state=matter.held_state, to_state=state.state, today=today, now=now
            )
            matter.held_state = ""
        if RUNG_LEVEL[rung] <= matter.level:
            matter.save(update_fields=["held_state"])
            return None
        try:
            with transaction.atomic():
                EscalationStep.objects.create(
                    matter=matter, rung=rung, round=matter.round, issued_on=today, reason=reason[:300]
                )
        except IntegrityError:
            return None
        from_rung = matter.rung
        matter.rung = rung
        matter.due_date = state.due_date
        matter.resolved_on = None
        notice_number, deliveries = "", []
        if rung == Rung.REMINDER:
            unit = Department.objects.get(pk=state.unit_id)
            pk = _notify(
                key=state.reminder_key,
                template="reminder",
                context={
                    "stage": "soon",
                    "stage_label": "即将到期",
                    "task": state.subject,
                    "what": state.item,
                    "due_date": state.due_date.isoformat(),
                    "days": (state.due_date - today).days,
                    "url": _matter_url(state.task_id, state.finding_id),
                },
                department=unit,
                ref=f"matter:{matter.pk}",
                actor=actor,
            )
            deliveries = [pk] if pk else []
            # The unit's group robots get the reminder too, under the keys the 催办 job uses.
            for robot in robots_of(unit):
                delivery = delivery_claim(
                    actor=actor,
                    key=f"{state.reminder_key}:robot:{robot.pk}",
                    template="reminder",
                    context={
                        "department": unit.name,
                        "stage": "soon",
                        "stage_label": "即将到期",
                        "task": state.subject,
                        "what": state.item,
                        "due_date": state.due_date.isoformat(),
                        "days": (state.due_date - today).days,
                        "url": _matter_url(state.task_id, state.finding_id),
                    },
                    recipients=[],
                    department=unit,
                    ref=f"matter:{matter.pk}",
                    robot=robot,
                )
                if delivery is not None:
                    deliveries.append(delivery.pk)
        elif rung in NOTICE_RUNGS:
            notice = _create_notice(
                colour=rung,
                units=[state.unit_id],
                subject=state.what,
                requirement=DEFAULT_REQUIREMENTS[rung],
                today=today,
                matter=matter,
                task=matter.task,
                finding=matter.finding,
                clause=Clause.objects.filter(pk=state.clause_id).first() if state.clause_id else None,
                now=now,
                actor=actor,
            )
            notice_number = notice.number
            deliveries = _notice_mail(notice, actor=actor)
        elif rung == Rung.LISTED:
            matter.listed_on = today
            matter.delisted_on = None
        events.stamp(matter, actor=actor, now=now)
        matter.save()
        _matter_event(
            matter,
            "raise",
            actor=actor,
            from_state=from_rung,
            to_state=rung,
            comment=reason,
            today=today,
            now=now,
            data={"notice": notice_number} if notice_number else None,
        )
        transaction.on_commit(lambda: [deliver.delay(pk) for pk in deliveries])
    return Issued(state.key, rung, state.unit_id, state.what, notice_number)


@transaction.atomic
def matter_resolve(*, actor, matter: EscalationMatter, today: datetime.date, now=None) -> EscalationMatter:
    """The matter is done (the report handed in, the milestone met, the finding closed): it leaves
    the daily run; a listing stays until a supervisor takes it off (摘牌)."""
    require(actor, "escalate", EscalationMatter)
    matter = EscalationMatter.objects.select_for_update().get(pk=matter.pk)
    if matter.resolved_on is not None:
        return matter
    matter.resolved_on = today
    events.stamp(matter, actor=actor, now=now)
    matter.save(update_fields=["resolved_on"])
    _matter_event(matter, "resolve", actor=actor, from_state=matter.rung, to_state=matter.rung, today=today, now=now)
    return matter


@transaction.atomic
def matter_deescalate(*, actor, matter: EscalationMatter, rung: str, reason: str, now=None) -> EscalationMatter:
    """A supervisor moves a matter down by hand, with a reason. The daily run leaves it there until
    the matter's state changes; then it may climb again (a new round: the rungs can be issued anew)."""
    require(actor, "deescalate", matter)
    if not reason.strip():
        raise InspectionError("人工降级必须填写理由。")
    matter = EscalationMatter.objects.select_for_update().get(pk=matter.pk)
    if (rung and rung not in RUNG_LEVEL) or RUNG_LEVEL.get(rung, 0) >= matter.level:
        raise InspectionError("只能降到比当前更低的层级。")
    if matter.is_listed:
        # 挂牌督办 comes off only by 摘牌, once the matter is done (matter_delist).
        raise InspectionError("挂牌督办事项不能降级，办结后由督察员摘牌。")
    from_rung = matter.rung
    matter.rung = rung
    matter.round += 1
    matter.held_state = _current_state(matter) or "held"
    events.stamp(matter, actor=actor, now=now)
    matter._change_reason = reason.strip()
    matter.save()
    _matter_event(matter, "lower", actor=actor, from_state=from_rung, to_state=rung, comment=reason.strip(), now=now)
    return matter


def _current_state(matter: EscalationMatter) -> str:
    """The matter's state as the daily run will see it (inspections.escalation.open_matters)."""
    if matter.kind == "finding":
        return Finding.objects.filter(pk=matter.finding_id).values_list("state", flat=True).first() or ""
    if matter.kind == "report":
        return "unreported"
    return "overdue" if matter.due_date < timezone.localdate() else "upcoming"


@transaction.atomic
def matter_delist(*, actor, matter: EscalationMatter, reason: str = "", now=None) -> EscalationMatter:
    """摘牌: a supervisor takes a listed matter off the list once it is done."""
    require(actor, "delist", matter)
    matter = EscalationMatter.objects.select_for_update().get(pk=matter.pk)
    matter.delisted_on = timezone.localdate(now) if now else timezone.localdate()
    events.stamp(matter, actor=actor, now=now)
    matter.save(update_fields=["delisted_on"])
    _matter_event(matter, "delist", actor=actor, from_state=matter.rung, to_state=matter.rung, comment=reason, now=now)
    return matter


def _notice_event(notice: SupervisionNotice, verb: str, *, actor, from_state="", comment="", now=None, data=None):
    units = list(notice.units.values_list("pk", flat=True))
    return events.record(
        actor=actor,
        verb=f"notice.{verb}",
        subject=notice,
        audience=Event.Audience.OVERSIGHT,
        from_state=from_state,
        to_state=notice.state,
        comment=comment,
        plan=notice.task.plan_id if notice.task_id else None,
        department=units[0] if units else None,
        ref=f"notice:{notice.pk}",
        data={"number": notice.number, "colour": notice.colour, **(data or {})},
        occurred_at=now,
    )


NOTICE_VERBS = {"sign": "sign", "reply": "reply", "accept": "accept", "return": "return"}


def notice_move(
    *,
    actor,
    notice: SupervisionNotice,
    to: str,
    text: str = "",
    comment: str = "",
    files: Iterable = (),
    version: int | None = None,
    now=None,
) -> SupervisionNotice:
    """The unit signs a 督办单 (签收) and replies to it (反馈, with its text and evidence files);
    the supervisor accepts the reply (审结) or returns it with a reason — a returned reply counts
    for the ladder's "reply rejected" rule. One event per move."""
    with _FilesGuard() as guard, transaction.atomic():
        notice = SupervisionNotice.objects.select_for_update().get(pk=notice.pk)
        check_version(notice, version, "督办单已被他人处理，请刷新后再试。")
        if to not in SupervisionNotice.State.values:
            raise InspectionError("未知的操作。")
        action = SupervisionNotice.TRANSITIONS.get((notice.state, to))
        if action is None:
            raise InspectionError(
                f"督办单不能从“{notice.get_state_display()}”变为“{SupervisionNotice.State(to).label}”。"
            )
        require(actor, action, notice)
        if action == "reply" and not text.strip():
            raise InspectionError("请填写反馈内容。")
        files = list(files) if action == "reply" else []
        clock = _clock(now)
        previous = notice.state
        notice.set_state(to, comment=comment)
        if action == "sign":
            notice.signed_at = clock
        elif action == "reply":
            notice.reply_text = text.strip()
            notice.replied_at = clock
            if notice.signed_at is None:
                notice.signed_at = clock  # replying is signing too
            # The evidence goes out with the reply: the unit's own staff replied, so it is handed in.
            guard.stored = _store_files(
                files,
                actor=actor,
                now=clock,
                department_id=actor_for(actor).department_id,
                handed_in=True,
                notice=notice,
                purpose=Attachment.Purpose.NOTICE_REPLY,
            )
        else:
            notice.review_comment = comment.strip()
            notice.reviewed_at = clock
        events.stamp(notice, actor=actor, now=now)
        notice.save()
        data = {"files": [a.original_name for a in guard.stored]} if guard.stored else None
        _notice_event(
            notice, NOTICE_VERBS[action], actor=actor, from_state=previous, comment=comment.strip(), now=now, data=data
        )
    return notice


@transaction.atomic
def notice_issue(
    *,
    actor,
    colour: str,
    units: list[Department],
    subject: str,
    requirement: str,
    today: datetime.date | None = None,
    source: str = "",
    reply_deadline: datetime.date | None = None,
    task=None,
    finding=None,
    now=None,
) -> SupervisionNotice:
    """A manual 督办单 (领导批示件) for a matter no rule covers: a supervisor issues it, with the
    instruction's source and a reply deadline (by default the working days of the settings), in
    the same yearly sequence as the ladder's. Mailed to the units with its PDF, and copied to each
    unit's 分管 leader when one is recorded."""
    require(actor, "issue", SupervisionNotice)
    if colour not in NOTICE_RUNGS:
        raise InspectionError("请选择督办单颜色。")
    if not units or not subject.strip() or not requirement.strip():
        raise InspectionError("请填写责任单位、督办事项和督办要求。")
    day = today or timezone.localdate(now or timezone.now())
    if reply_deadline is not None and reply_deadline <= day:
        raise InspectionError("反馈期限应晚于签发日期。")
    # One issuing area per notice: the issuer's own 市 or 区 (the first unit's where areas do not narrow).
    jurisdiction = actor_for(actor).write_jurisdiction_id or issuing_area(units).pk
    if Department.objects.filter(pk__in=[u.pk for u in units]).exclude(area__jurisdiction_id=jurisdiction).exists():
        raise InspectionError("督办单只能发给本区的单位。")
    notice = _create_notice(
        colour=colour,
        units=units,
        subject=subject.strip(),
        requirement=requirement.strip(),
        today=day,
        task=task,
        finding=finding,
        clause=task.clause if task is not None and task.clause_id else None,
        is_manual=True,
        source=source.strip(),
        reply_deadline=reply_deadline,
        now=now,
        actor=actor,
    )
    _notice_event(notice, "issue", actor=actor, now=now, data={"manual": True})
    deliveries = _notice_mail(notice, actor=actor)
    transaction.on_commit(lambda: [deliver.delay(pk) for pk in deliveries])
    return notice


def interview_propose(*, actor, unit_id: int, wanting: list, today: datetime.date, now=None):
    """Propose one 约谈 for a unit (the daily run, as the system), covering the matters in
    ``wanting`` (pairs of the run's matter state and the rule's reason). A unit with an open
    proposal or a scheduled 约谈 gets no second one: the new matters join it. Each covered matter
    records its 约谈 step once per round; a 约谈 sits beside the ladder, so the matters keep their
    rungs. One event; returns what was issued, or None when nothing new was proposed."""
    from inspections.escalation import Issued, _proposal_what

    require(actor, "propose", Interview)
    with transaction.atomic():
        unit = Department.objects.select_for_update().get(pk=unit_id)  # serialises proposals per unit
        matters = []
        for state, reason in wanting:
            matter = EscalationMatter.objects.filter(key=state.key).first()
            if matter is None or matter.held_state:
                continue
            try:
                with transaction.atomic():
                    EscalationStep.objects.create(
                        matter=matter, rung=Rung.INTERVIEW, round=matter.round, issued_on=today, reason=reason[:300]
                    )
            except IntegrityError:
                continue  # proposed already in this round
            matters.append((matter, reason))
        if not matters:
            return None
        interview = Interview.objects.filter(unit=unit, state__in=Interview.OPEN).first()
        if interview is not None:
            interview.matters.add(*(m for m, _ in matters))
            _interview_event(
                interview,
                "join",
                actor=actor,
                from_state=interview.state,
                comment="；".join(dict.fromkeys(r for _, r in matters))[:300],
                now=now,
                data={"matters": [m.key for m, _ in matters], "today": today.isoformat()},
            )
            return None
        reasons = "；".join(dict.fromkeys(r for _, r in matters))
        interview = Interview(matter=matters[0][0], unit=unit, reason=reasons[:300], proposed_on=today)
        events.stamp(interview, actor=actor, now=now)
        interview.save()
        interview.matters.set([m for m, _ in matters])
        events.record(
            actor=actor,
            verb="interview.propose",
            subject=interview,
            audience=Event.Audience.OVERSIGHT,
            to_state=interview.state,
            comment=interview.reason,
            department=unit.pk,
            ref=f"interview:{interview.pk}",
            data={"matters": [m.key for m, _ in matters], "today": today.isoformat()},
            occurred_at=now,
        )
    first = wanting[0][0]
    return Issued(first.key, Rung.INTERVIEW, unit_id, _proposal_what([(m, r) for m, r in matters]))


def _interview_event(
    interview: Interview, verb: str, *, actor, from_state: str, comment: str = "", now=None, data=None
):
    return events.record(
        actor=actor,
        verb=f"interview.{verb}",
        subject=interview,
        audience=Event.Audience.OVERSIGHT,
        from_state=from_state,
        to_state=interview.state,
        comment=comment,
        department=interview.unit_id,
        ref=f"interview:{interview.pk}",
        data=data or {},
        occurred_at=now,
    )


@dataclass
class InterviewPlan:
    """What a supervisor fills in to schedule a 约谈."""

    when: datetime.datetime
    interviewee: str
    interviewer: str
    place: str


@transaction.atomic
def interview_decide(
    *,
    actor,
    interview: Interview,
    schedule: bool,
    reason: str,
    plan: InterviewPlan | None = None,
    version: int | None = None,
    now=None,
) -> Interview:
    """A supervisor schedules a proposed 约谈 (who is summoned, by whom, when and where, and why)
    or dismisses it with a reason. One event either way."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    check_version(interview, version, "该约谈已被他人处理，请刷新后再试。")
    require(actor, "schedule" if schedule else "dismiss", interview)
    if not reason.strip():
        raise InspectionError("请填写约谈事由。" if schedule else "请填写不予约谈的理由。")
    if schedule:
        if plan is None or plan.when is None:
            raise InspectionError("请填写约谈时间。")
        if not (plan.interviewee.strip() and plan.interviewer.strip() and plan.place.strip()):
            raise InspectionError("请填写被约谈人、约谈人和约谈地点。")
    previous = interview.state
    interview.state = Interview.State.SCHEDULED if schedule else Interview.State.DISMISSED
    interview.decision_reason = reason.strip()
    if schedule:
        interview.scheduled_for = plan.when
        interview.interviewee = plan.interviewee.strip()[:100]
        interview.interviewer = plan.interviewer.strip()[:100]
        interview.place = plan.place.strip()[:200]
    interview.version += 1
    interview.full_clean()
    events.stamp(interview, actor=actor, now=now)
    interview._change_reason = interview.decision_reason
    interview.save()
    _interview_event(
        interview,
        "schedule" if schedule else "dismiss",
        actor=actor,
        from_state=previous,
        comment=interview.decision_reason,
        now=now,
    )
    return interview


@transaction.atomic
def interview_record(
    *,
    actor,
    interview: Interview,
    outcome: str,
    follow_up_deadline: datetime.date | None,
    version: int | None = None,
    now=None,
) -> Interview:
    """After a scheduled 约谈 is held, a supervisor records what was said and agreed (约谈情况)
    and by when the unit must have followed up. One event."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    check_version(interview, version, "该约谈已被他人处理，请刷新后再试。")
    require(actor, "record", interview)
    if not outcome.strip():
        raise InspectionError("请填写约谈情况。")
    if follow_up_deadline is None:
        raise InspectionError("请填写整改跟进期限。")
    previous = interview.state
    interview.state = Interview.State.HELD
    interview.outcome = outcome.strip()
    interview.follow_up_deadline = follow_up_deadline
    interview.version += 1
    interview.full_clean()
    events.stamp(interview, actor=actor, now=now)
    interview._change_reason = "记录约谈情况"
    interview.save()
    _interview_event(interview, "record", actor=actor, from_state=previous, comment=interview.outcome, now=now)
    return interview
