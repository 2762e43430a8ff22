"""The pages of 督察: campaigns and their units, findings and their rectification, the 整改台账
and the coverage. Views are thin: objects come through the policy, changes through the actions."""

from __future__ import annotations

import datetime
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from inspections import actions
from inspections.coverage import GROUPS, build_coverage
from inspections.excel import ExcelError, table_response
from inspections.feedback import interview_dossier, render_pdf, unit_document
from inspections.feedback import interview_pdf as render_interview_pdf
from inspections.feedback import notice_pdf as render_notice_pdf
from inspections.forms import (
    CampaignForm,
    CloseRequestForm,
    FindingForm,
    InspectionRecordForm,
    InterviewDismissForm,
    InterviewRecordForm,
    InterviewScheduleForm,
    LedgerUploadForm,
    ManualNoticeForm,
    PlanForm,
    ProgressForm,
    SelfReportForm,
)
from inspections.ledger import STATUS_FILTERS, LedgerFilters, export_response, ledger_findings, ledger_rows
from inspections.models import (
    COLOUR_WORDS,
    RUNG_LEVEL,
    Attachment,
    Campaign,
    CampaignTarget,
    ChecklistItem,
    EscalationMatter,
    Finding,
    FindingState,
    InspectionError,
    Interview,
    RectificationEntry,
    Rung,
    SupervisionNotice,
)
from inspections.policies import finding_moves
from plans.locking import StaleError
from plans.models import Department, Event
from plans.policy import (
    actor_for,
    can,
    chosen_jurisdiction,
    compares_districts,
    districts_compared,
    get_for_user,
    require,
)
from plans.utils import parse_id
from tasks import staging

EVENT_LABELS = {
    "notice.issue": "下发督办单（领导批示件）",
    "interview.propose": "建议约谈",
    "interview.join": "并入约谈",
    "interview.schedule": "安排约谈",
    "interview.dismiss": "不予约谈",
    "interview.record": "记录约谈情况",
    "notice.sign": "签收督办单",
    "notice.reply": "反馈办理情况",
    "notice.accept": "审结",
    "notice.return": "退回反馈",
    "escalation.raise": "升级督办",
    "escalation.lower": "人工降级",
    "escalation.unhold": "人工降级解除",
    "escalation.resolve": "事项办结",
    "escalation.delist": "摘牌",
    "campaign.create": "创建督察活动",
    "campaign.edit": "修改督察活动",
    "campaign.checklist_draft": "由条款生成督察事项",
    "campaign.checklist_edit": "修改督察事项",
    "campaign.open": "启动督察并通知单位",
    "campaign.close": "结束督察",
    "campaign.ledger_import": "导入整改台账",
    "inspection.self_report": "提交自查报告",
    "inspection.self_report_confirm": "负责人确认报送自查报告",
    "inspection.self_report_return": "负责人退回自查报告",
    "inspection.visit": "记录实地督察",
    "inspection.review": "完成书面审查",
    "finding.record": "记录问题",
    "finding.submit_plan": "提交整改方案",
    "finding.confirm": "负责人确认报送",
    "finding.return_internal": "负责人退回修改",
    "finding.request_close": "提交销号申请",
    "finding.close": "审核销号",
    "finding.return": "退回销号申请",
    "finding.reopen": "撤销销号",
    "finding.progress": "填报整改进展",
    "finding.progress_confirm": "确认报送整改进展",
    "delivery.queue": "邮件通知",
    "delivery.sent": "邮件已发送",
}


def _labelled(events) -> list[Event]:
    events = list(events)
    for event in events:
        event.label = EVENT_LABELS.get(event.verb, event.verb)
        if event.to_state and event.verb.startswith("finding."):
            event.label += f"（{FindingState(event.to_state).label}）"
    return events


def _errors(exc) -> str:
    return "；".join(getattr(exc, "messages", None) or [str(exc)])


def _file_response(data: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response


# --- Campaigns -----------------------------------------------------------------------------------


def campaign_list(request):
    require(request.user, "view_inspections", message="您没有查看督察的权限。")
    campaigns = Campaign.objects.visible_to(request.user).select_related("plan", "area__jurisdiction")
    year = parse_id(request.GET.get("year", ""))
    if year:
        campaigns = campaigns.filter(year=year)
    page = Paginator(campaigns, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "year": year,
        "years": sorted(set(Campaign.objects.visible_to(request.user).values_list("year", flat=True)), reverse=True),
        "can_create": can(request.user, "edit", Campaign),
        # Above several districts, each runs its own 2023年度法治督察: say whose.
        "show_area": compares_districts(request.user),
    }
    return render(request, "inspections/campaign_list.html", context)


def campaign_create(request):
    require(request.user, "edit", Campaign, "仅司法局督察人员可以创建督察活动。")
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.campaign_save(actor=request.user, data=form.to_input())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已创建督察活动“{campaign.name}”。")
            return redirect("inspections:campaign_detail", pk=campaign.pk)
    return render(request, "inspections/campaign_form.html", {"form": form, "campaign": None})


def campaign_edit(request, pk):
    campaign = get_for_user(request, Campaign, for_change=True, pk=pk)
    require(request.user, "edit", campaign, "该督察活动已结束，不能修改。")
    form = CampaignForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            actions.campaign_save(actor=request.user, data=form.to_input(), campaign=campaign)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("inspections:campaign_detail", pk=campaign.pk)
    return render(request, "inspections/campaign_form.html", {"form": form, "campaign": campaign})


def campaign_detail(request, pk):
    campaign = get_for_user(request, Campaign.objects.select_related("plan"), pk=pk)
    targets = CampaignTarget.objects.visible_to(request.user).filter(campaign=campaign).select_related("department")
    findings = Finding.objects.visible_to(request.user).filter(campaign=campaign)
    counts: dict[int, int] = {}
    for unit_id in findings.values_list("unit_id", flat=True):
        counts[unit_id] = counts.get(unit_id, 0) + 1
    for target in targets:
        target.finding_count = counts.get(target.department_id, 0)
    items = (
        ChecklistItem.objects.visible_to(request.user).filter(campaign=campaign).select_related("department", "clause")
    )
    context = {
        "campaign": campaign,
        "targets": targets,
        "common_items": [i for i in items if i.department_id is None],
        "specific_items": [i for i in items if i.department_id is not None],
        "clauses": campaign.clauses.order_by("position"),
        "finding_count": findings.count(),
        "can_edit": can(request.user, "edit", campaign),
        "can_open": can(request.user, "open", campaign),
        "can_close": can(request.user, "close", campaign),
        "can_import": can(request.user, "import_ledger", campaign),
        "events": _labelled(Event.objects.visible_to(request.user).filter(ref=f"campaign:{campaign.pk}")[:20]),
    }
    return render(request, "inspections/campaign_detail.html", context)


@require_POST
def campaign_move(request, pk):
    campaign = get_for_user(request, Campaign, for_change=True, pk=pk)
    to = request.POST.get("to", "")
    try:
        if to == Campaign.State.OPEN:
            actions.campaign_open(actor=request.user, campaign=campaign)
            messages.success(request, "督察已启动，已通知各受督察单位。")
        elif to == Campaign.State.CLOSED:
            actions.campaign_close(actor=request.user, campaign=campaign)
            messages.success(request, "督察活动已结束。")
        else:
            messages.error(request, "未知的操作。")
    except (InspectionError, ValidationError) as exc:
        messages.error(request, _errors(exc))
    return redirect("inspections:campaign_detail", pk=pk)


def checklist_edit(request, pk):
    """The checklist: drafted from the covered clauses with one click, then edited line by line."""
    campaign = get_for_user(request, Campaign, for_change=True, pk=pk)
    require(request.user, "edit", campaign, "该督察活动已结束，不能修改督察事项。")
    if request.method == "POST":
        try:
            if "draft" in request.POST:
                count = actions.checklist_draft(actor=request.user, campaign=campaign)
                messages.success(request, f"已根据涉及条款生成 {count} 项共性督察事项，请审核修改。")
                return redirect("inspections:checklist_edit", pk=pk)
            texts = request.POST.getlist("item_text")
            units = request.POST.getlist("item_unit")
            clauses = request.POST.getlist("item_clause")
            items = [
                actions.ItemInput(text=text, department_id=parse_id(unit), clause_id=parse_id(clause))
                for text, unit, clause in zip(texts, units, clauses, strict=False)
            ]
            count = actions.checklist_save(actor=request.user, campaign=campaign, items=items)
            messages.success(request, f"已保存 {count} 项督察事项。")
            return redirect("inspections:campaign_detail", pk=pk)
        except (InspectionError, ValidationError) as exc:
            messages.error(request, _errors(exc))
    items = list(campaign.items.select_related("clause"))
    context = {
        "campaign": campaign,
        "items": items,
        "blank_rows": range(3),
        "units": [t.department for t in campaign.targets.select_related("department")],
        "has_clauses": campaign.clauses.exists(),
    }
    return render(request, "inspections/checklist_edit.html", context)


# --- A unit in a campaign ---------------------------------------------------------------------


def _target(request, pk, **kwargs) -> CampaignTarget:
    return get_for_user(request, CampaignTarget.objects.select_related("campaign", "department"), pk=pk, **kwargs)


def target_detail(request, pk):
    target = _target(request, pk)
    campaign = target.campaign
    findings = (
        Finding.objects.visible_to(request.user)
        .filter(campaign=campaign, unit=target.department)
        .select_related("unit")
        .order_by("pk")
    )
    items = ChecklistItem.objects.visible_to(request.user).filter(campaign=campaign).filter(
        department__isnull=True
    ) | ChecklistItem.objects.visible_to(request.user).filter(campaign=campaign, department=target.department)
    today = timezone.localdate()
    context = {
        "target": target,
        "campaign": campaign,
        "items": items.select_related("clause").order_by("position", "pk"),
        "findings": findings,
        "today": today,
        "sees_self_report": can(request.user, "see_self_report", target),
        "files": Attachment.objects.visible_to(request.user).filter(target=target),
        "can_write_self_report": can(request.user, "write_self_report", target),
        "can_confirm_self_report": can(request.user, "confirm_self_report", target),
        "can_record_inspection": can(request.user, "record_inspection", target),
        "can_record_finding": can(request.user, "record_finding", campaign),
        "self_report_form": SelfReportForm(initial={"text": target.self_report_text}),
        "inspection_form": InspectionRecordForm(
            initial={"inspected_on": target.inspected_on or today, "note": target.inspection_note}
        ),
        "self_report_overdue": bool(
            campaign.self_report_due and campaign.self_report_due < today and not target.self_report_handed_in
        ),
    }
    return render(request, "inspections/target_detail.html", context)


@require_POST
def self_report(request, pk):
    target = _target(request, pk, for_change=True)
    form = SelfReportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            target = actions.self_report_submit(
                actor=request.user, target=target, text=form.cleaned_data["text"], files=form.cleaned_data["files"]
            )
        except (PermissionDenied, ValidationError, InspectionError) as exc:
            messages.error(request, _errors(exc))
        else:
            if target.self_report_handed_in:
                messages.success(request, "自查报告已报送区司法局。")
            else:
                messages.success(request, "自查报告已提交，等待本单位负责人确认报送。")
    return redirect("inspections:target_detail", pk=pk)


@require_POST
def self_report_move(request, pk):
    target = _target(request, pk, for_change=True)
    try:
        if request.POST.get("to") == "confirmed":
            actions.self_report_confirm(actor=request.user, target=target)
            messages.success(request, "自查报告已确认报送区司法局。")
        else:
            actions.self_report_return(actor=request.user, target=target, comment=request.POST.get("comment", ""))
            messages.success(request, "已退回本单位经办人修改。")
    except (PermissionDenied, InspectionError) as exc:
        messages.error(request, _errors(exc))
    return redirect("inspections:target_detail", pk=pk)


@require_POST
def inspection_record(request, pk):
    target = _target(request, pk, for_change=True)
    form = InspectionRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的督察完成日期。")
    else:
        try:
            actions.inspection_record(
                actor=request.user, target=target, on=form.cleaned_data["inspected_on"], note=form.cleaned_data["note"]
            )
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, "已记录督察情况。")
    return redirect("inspections:target_detail", pk=pk)


def finding_create(request, pk):
    target = _target(request, pk, for_change=True)
    require(request.user, "record_finding", target.campaign, "只能在已启动的督察活动中记录问题。")
    form = FindingForm(
        request.POST or None, request.FILES or None, user=request.user, campaign=target.campaign, unit=target.department
    )
    if request.method == "POST" and form.is_valid():
        try:
            finding = actions.finding_record(
                actor=request.user,
                campaign=target.campaign,
                unit=target.department,
                data=form.to_input(),
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已记录问题，并通知{finding.unit.name}。")
            if "another" in request.POST:
                return redirect("inspections:finding_create", pk=pk)
            return redirect("inspections:target_detail", pk=pk)
    return render(request, "inspections/finding_form.html", {"form": form, "target": target})


def feedback_pdf(request, pk):
    """督察反馈意见书: the findings at the unit, with their requirements and deadlines."""
    target = _target(request, pk)
    require(request.user, "print_feedback", target)
    document = unit_document(request.user, target, today=timezone.localdate())
    data = render_pdf("inspections/feedback_pdf.html", {"doc": document})
    return _file_response(data, f"督察反馈意见书-{target.department.name}.pdf", "application/pdf", inline=True)


def rectification_report(request, pk):
    """整改情况报告, drafted from the unit's rectifications: a page, and the same as a PDF."""
    target = _target(request, pk)
    document = unit_document(request.user, target, today=timezone.localdate())
    return render(request, "inspections/rectification_report.html", {"doc": document})


def rectification_report_pdf(request, pk):
    target = _target(request, pk)
    document = unit_document(request.user, target, today=timezone.localdate())
    data = render_pdf("inspections/rectification_report_pdf.html", {"doc": document})
    return _file_response(data, f"整改情况报告-{target.department.name}.pdf", "application/pdf", inline=True)


# --- Findings ------------------------------------------------------------------------------------


def _finding(request, pk, **kwargs) -> Finding:
    return get_for_user(
        request, Finding.objects.select_related("campaign", "unit", "clause", "task", "recorded_by"), pk=pk, **kwargs
    )


def finding_detail(request, pk):
    finding = _finding(request, pk)
    user = request.user
    target = CampaignTarget.objects.visible_to(user).filter(campaign=finding.campaign, department=finding.unit).first()
    entries = list(RectificationEntry.objects.visible_to(user).filter(finding=finding))
    for entry in entries:
        entry.can_confirm = can(user, "confirm", entry)
    context = {
        "finding": finding,
        "target": target,
        "today": timezone.localdate(),
        "sees_plan": can(user, "see_plan", finding),
        "sees_close_request": can(user, "see_close_request", finding),
        "entries": entries,
        "files": Attachment.objects.visible_to(user).filter(finding=finding).select_related("entry"),
        "moves": finding_moves(user, finding),
        "can_submit_plan": can(user, "submit_plan", finding),
        "can_request_close": can(user, "request_close", finding),
        "can_add_progress": can(user, "add_progress", finding),
        "plan_form": PlanForm(
            initial={
                "measures": finding.plan_measures,
                "person": finding.plan_person,
                "deadline": finding.plan_deadline or finding.deadline,
                "version": finding.version,
            }
        ),
        "progress_form": ProgressForm(),
        "close_form": CloseRequestForm(initial={"summary": finding.close_summary, "version": finding.version}),
        "events": _labelled(
            Event.objects.visible_to(user).filter(ref=f"finding:{finding.pk}").order_by("-occurred_at", "-pk")
        ),
        "history": finding.history.order_by("-history_date", "-history_id").select_related("history_user")[:30]
        if can(user, "see_history", finding)
        else [],
    }
    return render(request, "inspections/finding_detail.html", context)


@require_POST
def finding_plan(request, pk):
    finding = _finding(request, pk, for_change=True)
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请完整填写整改措施、责任人和计划完成日期。")
        return redirect("inspections:finding_detail", pk=pk)
    try:
        finding = actions.finding_plan_submit(
            actor=request.user,
            finding=finding,
            measures=form.cleaned_data["measures"],
            person=form.cleaned_data["person"],
            deadline=form.cleaned_data["deadline"],
            version=form.cleaned_data["version"],
        )
    except (PermissionDenied, ValidationError, InspectionError, StaleError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"整改方案已提交：{finding.get_state_display()}。")
    return redirect("inspections:finding_detail", pk=pk)


@require_POST
def finding_progress(request, pk):
    finding = _finding(request, pk, for_change=True)
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写进展日期和内容。")
        return redirect("inspections:finding_detail", pk=pk)
    try:
        entry = actions.progress_add(
            actor=request.user,
            finding=finding,
            entry_date=form.cleaned_data["entry_date"],
            text=form.cleaned_data["text"],
            files=form.cleaned_data["files"],
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, "已报送整改进展。" if entry.handed_in else "已填报整改进展，等待本单位负责人确认报送。"
        )
    return redirect("inspections:finding_detail", pk=pk)


@require_POST
def finding_close_request(request, pk):
    finding = _finding(request, pk, for_change=True)
    form = CloseRequestForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("inspections:finding_detail", pk=pk)
    try:
        finding = actions.finding_close_request(
            actor=request.user,
            finding=finding,
            summary=form.cleaned_data["summary"],
            files=form.cleaned_data["files"],
            version=form.cleaned_data["version"],
        )
    except (PermissionDenied, ValidationError, InspectionError, StaleError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"销号申请已提交：{finding.get_state_display()}。")
    return redirect("inspections:finding_detail", pk=pk)


@require_POST
def finding_move(request, pk):
    finding = _finding(request, pk, for_change=True)
    closed_on = None
    if request.POST.get("closed_on"):
        try:
            closed_on = datetime.date.fromisoformat(request.POST["closed_on"])
        except ValueError:
            messages.error(request, "销号日期无效。")
            return redirect("inspections:finding_detail", pk=pk)
    try:
        finding = actions.finding_move(
            actor=request.user,
            finding=finding,
            to=request.POST.get("to", ""),
            comment=request.POST.get("comment", ""),
            closed_on=closed_on,
            version=parse_id(request.POST.get("version", "")),
        )
    except (PermissionDenied, ValidationError, InspectionError, StaleError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"已处理：{finding.get_state_display()}。")
    return redirect("inspections:finding_detail", pk=pk)


@require_POST
def progress_confirm(request, pk):
    entry = get_for_user(request, RectificationEntry, for_change=True, pk=pk)
    try:
        actions.progress_confirm(actor=request.user, entry=entry)
    except PermissionDenied as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "整改进展已确认报送。")
    return redirect("inspections:finding_detail", pk=entry.finding_id)


def attachment_download(request, pk):
    attachment = get_for_user(request, Attachment, pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


# --- The 整改台账 ----------------------------------------------------------------------------------


def ledger(request):
    require(request.user, "view_inspections", message="您没有查看整改台账的权限。")
    today = timezone.localdate()
    filters = LedgerFilters.from_query(request.GET)
    page = Paginator(ledger_findings(request.user, filters, today=today), 50).get_page(request.GET.get("page"))
    offset = (page.number - 1) * 50
    rows = ledger_rows(request.user, page.object_list, today=today)
    for row in rows:
        row.number += offset
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "query": query.urlencode(),
        "campaigns": Campaign.objects.visible_to(request.user).select_related("area__jurisdiction"),
        "units": Department.objects.visible_to(request.user)
        .filter(findings__isnull=False)
        .distinct()
        .select_related("area__jurisdiction"),
        "statuses": STATUS_FILTERS,
        # Above several districts the choices say whose: each district has its 区市场监管局.
        "show_area": compares_districts(request.user),
    }
    return render(request, "inspections/ledger.html", context)


def ledger_export(request):
    require(request.user, "view_inspections", message="您没有导出整改台账的权限。")
    today = timezone.localdate()
    filters = LedgerFilters.from_query(request.GET)
    rows = ledger_rows(request.user, ledger_findings(request.user, filters, today=today), today=today)
    campaign = Campaign.objects.visible_to(request.user).filter(pk=filters.campaign).first()
    unit = Department.objects.visible_to(request.user).select_related("area__jurisdiction").filter(pk=filters.unit)
    unit = unit.first()
    show_area = compares_districts(request.user)
    labels = [
        ("督察", campaign.name if campaign else ""),
        ("单位", (f"{unit.area.jurisdiction.label} · " if show_area else "") + unit.name if unit else ""),
        ("状态", dict(STATUS_FILTERS).get(filters.status, "")),
        ("仅逾期", "是" if filters.overdue else ""),
    ]
    return export_response(rows, filename=f"督察整改台账-{today:%Y%m%d}.xlsx", filters=labels, show_area=show_area)


def ledger_import(request, pk):
    campaign = get_for_user(request, Campaign, for_change=True, pk=pk)
    require(request.user, "import_ledger", campaign, "仅司法局督察人员可以导入整改台账。")
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = staging.stage(
            user_id=request.user.pk, filename=form.cleaned_data["file"].name, data=form.file_data, meta={"campaign": pk}
        )
        return redirect("inspections:ledger_import_preview", pk=pk, token=token)
    return render(request, "inspections/ledger_upload.html", {"campaign": campaign, "form": form})


def ledger_import_preview(request, pk, token):
    """The dry run: every row checked and shown; confirming writes all of them, or none."""
    campaign = get_for_user(request, Campaign, for_change=True, pk=pk)
    require(request.user, "import_ledger", campaign, "仅司法局督察人员可以导入整改台账。")
    staged = staging.load(token, user_id=request.user.pk)
    if staged is None or staged.meta.get("campaign") != pk:
        raise Http404("导入已过期或不存在，请重新上传。")
    if request.method == "POST" and "cancel" in request.POST:
        staging.discard(token)
        messages.info(request, "已取消导入，未写入任何内容。")
        return redirect("inspections:campaign_detail", pk=pk)
    confirm = request.method == "POST" and "confirm" in request.POST
    try:
        result = actions.ledger_import(
            actor=request.user, campaign=campaign, data=staged.data, filename=staged.filename, dry_run=not confirm
        )
    except ExcelError as exc:
        staging.discard(token)
        messages.error(request, str(exc))
        return redirect("inspections:ledger_import", pk=pk)
    if confirm and result.ok:
        staging.discard(token)
        messages.success(request, f"整改台账已导入：{len(result.rows)} 条问题。")
        return redirect("inspections:campaign_detail", pk=pk)
    return render(
        request,
        "inspections/ledger_preview.html",
        {"campaign": campaign, "result": result, "staged": staged, "error_rows": {e.row for e in result.errors}},
    )


# --- Coverage ------------------------------------------------------------------------------------


def coverage(request):
    require(request.user, "view_inspection_coverage", message="仅司法局督察人员、区领导和管理员可查看督察覆盖情况。")
    # A district's people count their district's units; the city's and the administrators' all, or
    # one district's when they choose it (?area=, the city comparison's drill-down).
    actor = actor_for(request.user)
    if request.GET.get("area"):
        area = chosen_jurisdiction(request.user, request.GET["area"])
    else:
        area = actor.jurisdiction_id if actor.is_area_limited and not actor.oversees_other_jurisdictions else None
    # Those above several districts choose one; all together, each unit is named with its district
    # and each district's plan goals are shown apart (each plan sets them for its own units).
    districts = list(districts_compared(request.user).order_by("path")) if compares_districts(request.user) else []
    together = districts if area is None else None
    data = build_coverage(today=timezone.localdate(), area=area, goal_areas=together)
    return render(
        request,
        "inspections/coverage.html",
        {
            "cov": data,
            "groups": GROUPS,
            "chart": data.chart(),
            "districts": districts,
            "chosen": getattr(area, "pk", area),
        },
    )


# --- 督办单 ----------------------------------------------------------------------------------------

NOTICE_MOVE_LABELS = {"sign": "签收", "accept": "审结", "return": "退回反馈"}


def notice_list(request):
    """The 督办单 a user may read: a unit its own, the 司法局 and leaders all; filter by state and colour."""
    require(request.user, "view_inspections")
    notices = SupervisionNotice.objects.visible_to(request.user).prefetch_related("units")
    state, colour = request.GET.get("state", ""), request.GET.get("colour", "")
    if state in SupervisionNotice.State.values:
        notices = notices.filter(state=state)
    if colour in COLOUR_WORDS:
        notices = notices.filter(colour=colour)
    page = Paginator(notices.order_by("-year", "-serial"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/notice_list.html",
        {
            "can_issue": can(request.user, "issue", SupervisionNotice),
            "page": page,
            "state": state,
            "colour": colour,
            "states": SupervisionNotice.State.choices,
            "colours": list(COLOUR_WORDS.items()),
            "today": timezone.localdate(),
        },
    )


def notice_detail(request, pk):
    notice = get_for_user(
        request, SupervisionNotice.objects.select_related("task", "finding", "clause", "matter"), pk=pk
    )
    user = request.user
    moves = [
        (to, NOTICE_MOVE_LABELS[action])
        for (frm, to), action in SupervisionNotice.TRANSITIONS.items()
        if frm == notice.state and action != "reply" and can(user, action, notice)
    ]
    context = {
        "notice": notice,
        "units": list(notice.units.all()),
        "moves": moves,
        "can_reply": can(user, "reply", notice),
        "files": Attachment.objects.visible_to(user).filter(notice=notice),
        "today": timezone.localdate(),
        "events": _labelled(
            Event.objects.visible_to(user).filter(ref=f"notice:{notice.pk}").order_by("-occurred_at", "-pk")
        ),
    }
    return render(request, "inspections/notice_detail.html", context)


@require_POST
def notice_move(request, pk):
    notice = get_for_user(request, SupervisionNotice, for_change=True, pk=pk)
    try:
        notice = actions.notice_move(
            actor=request.user,
            notice=notice,
            to=request.POST.get("to", ""),
            text=request.POST.get("text", ""),
            comment=request.POST.get("comment", ""),
            files=request.FILES.getlist("files"),
            version=parse_id(request.POST.get("version", "")),
        )
    except (PermissionDenied, ValidationError, InspectionError, StaleError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"已处理：{notice.get_state_display()}。")
    return redirect("inspections:notice_detail", pk=pk)


def notice_pdf(request, pk):
    """The 督办单 as a one-page A4 PDF."""
    notice = get_for_user(request, SupervisionNotice.objects.select_related("clause", "finding"), pk=pk)
    return _file_response(render_notice_pdf(notice), f"{notice.number}.pdf", "application/pdf", inline=True)


def notice_create(request):
    """领导批示件: a supervisor issues a 督办单 by hand, numbered in the year's sequence."""
    require(request.user, "issue", SupervisionNotice)
    form = ManualNoticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = actions.notice_issue(
                actor=request.user,
                colour=data["colour"],
                units=list(data["units"]),
                subject=data["subject"],
                requirement=data["requirement"],
                source=data["source"],
                reply_deadline=data["reply_deadline"],
            )
        except (PermissionDenied, ValidationError, InspectionError) as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, f"已下发督办单 {notice.number}。")
            return redirect("inspections:notice_detail", pk=notice.pk)
    return render(request, "inspections/notice_form.html", {"form": form})


# --- 约谈 ------------------------------------------------------------------------------------------


def interview_list(request):
    """约谈: the proposals waiting for a supervisor, the scheduled and held ones; a unit sees its own
    once scheduled."""
    require(request.user, "view_inspections")
    interviews = Interview.objects.visible_to(request.user).select_related("unit", "matter")
    state = request.GET.get("state", "")
    if state in Interview.State.values:
        interviews = interviews.filter(state=state)
    page = Paginator(interviews.order_by("-proposed_on", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/interview_list.html",
        {"page": page, "state": state, "states": Interview.State.choices},
    )


def interview_detail(request, pk):
    interview = get_for_user(request, Interview.objects.select_related("unit", "matter"), pk=pk)
    user = request.user
    context = {
        "i": interview,
        "dossier": interview_dossier(interview, today=timezone.localdate()),
        "can_schedule": can(user, "schedule", interview),
        "can_dismiss": can(user, "dismiss", interview),
        "can_record": can(user, "record", interview),
        "schedule_form": InterviewScheduleForm(prefix="s"),
        "dismiss_form": InterviewDismissForm(prefix="d"),
        "record_form": InterviewRecordForm(prefix="r"),
        "events": _labelled(
            Event.objects.visible_to(user).filter(ref=f"interview:{interview.pk}").order_by("-occurred_at", "-pk")
        ),
    }
    return render(request, "inspections/interview_detail.html", context)


@require_POST
def interview_move(request, pk):
    """Schedule, dismiss or record a 约谈 (op=schedule|dismiss|record), through the actions."""
    interview = get_for_user(request, Interview, pk=pk)
    op, version = request.POST.get("op", ""), parse_id(request.POST.get("version", ""))
    forms_by_op = {"schedule": InterviewScheduleForm, "dismiss": InterviewDismissForm, "record": InterviewRecordForm}
    if op not in forms_by_op:
        messages.error(request, "未知的操作。")
        return redirect("inspections:interview_detail", pk=pk)
    form = forms_by_op[op](request.POST, prefix=op[0])
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items()))
        return redirect("inspections:interview_detail", pk=pk)
    data = form.cleaned_data
    try:
        if op == "record":
            actions.interview_record(
                actor=request.user,
                interview=interview,
                outcome=data["outcome"],
                follow_up_deadline=data["follow_up_deadline"],
                version=version,
            )
        else:
            plan = None
            if op == "schedule":
                plan = actions.InterviewPlan(
                    when=data["when"],
                    interviewee=data["interviewee"],
                    interviewer=data["interviewer"],
                    place=data["place"],
                )
            actions.interview_decide(
                actor=request.user,
                interview=interview,
                schedule=op == "schedule",
                reason=data["reason"],
                plan=plan,
                version=version,
            )
    except (PermissionDenied, ValidationError, InspectionError, StaleError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, {"schedule": "已安排约谈。", "dismiss": "已不予约谈。", "record": "已记录约谈情况。"}[op]
        )
    return redirect("inspections:interview_detail", pk=pk)


def interview_pdf(request, pk):
    """约谈通知书 with the matters' escalation history as its appendix."""
    interview = get_for_user(request, Interview.objects.select_related("unit", "matter"), pk=pk)
    data = render_interview_pdf(interview, today=timezone.localdate())
    return _file_response(data, f"约谈通知书-{interview.unit.name}.pdf", "application/pdf", inline=True)


# --- 督办总览 -------------------------------------------------------------------------------------


def _overview_notices(request):
    """The notices of the chosen year, filtered by colour, unit and state (GET parameters)."""
    today = timezone.localdate()
    year = parse_id(request.GET.get("year", "")) or today.year
    notices = SupervisionNotice.objects.visible_to(request.user).filter(year=year).prefetch_related("units")
    colour, state = request.GET.get("colour", ""), request.GET.get("state", "")
    unit = parse_id(request.GET.get("unit", ""))
    if colour in COLOUR_WORDS:
        notices = notices.filter(colour=colour)
    if state in SupervisionNotice.State.values:
        notices = notices.filter(state=state)
    if unit:
        notices = notices.filter(units=unit)
    return year, colour, state, unit, notices.order_by("serial")


def escalation_overview(request):
    """督办总览 for leaders and the 司法局: 督办单 counts by colour and unit, 挂牌督办, 约谈 proposals."""
    require(request.user, "view_escalation")
    year, colour, state, unit, notices = _overview_notices(request)
    notices = list(notices)
    by_unit: dict[int, dict] = {}
    for n in notices:
        for u in n.units.all():
            row = by_unit.setdefault(u.pk, {"unit": u, "blue": 0, "yellow": 0, "red": 0, "open": 0})
            row[n.colour] += 1
            row["open"] += n.state != SupervisionNotice.State.ACCEPTED
    totals = {c: sum(r[c] for r in by_unit.values()) for c in ("blue", "yellow", "red", "open")}
    listed = (
        EscalationMatter.objects.visible_to(request.user)
        .filter(listed_on__isnull=False, delisted_on__isnull=True)
        .select_related("unit", "task", "finding")
        .order_by("listed_on")
    )
    interviews = (
        Interview.objects.visible_to(request.user).filter(state=Interview.State.PROPOSED).select_related("unit")
    )
    return render(
        request,
        "inspections/escalation_overview.html",
        {
            "year": year,
            "colour": colour,
            "state": state,
            "unit": unit,
            "rows": sorted(by_unit.values(), key=lambda r: (-r["red"], -r["yellow"], -r["blue"], r["unit"].name)),
            "totals": totals,
            "listed": listed,
            "interviews": interviews,
            "units": Department.objects.visible_to(request.user).order_by("name"),
            "colours": list(COLOUR_WORDS.items()),
            "states": SupervisionNotice.State.choices,
            "query": request.GET.urlencode(),
            "today": timezone.localdate(),
        },
    )


def escalation_export(request):
    """The filtered 督办单 as Excel (the one export helper: formula-safe text, title row, autofilter)."""
    require(request.user, "view_escalation")
    year, colour, state, unit, notices = _overview_notices(request)
    rows = [
        [
            n.number,
            n.get_colour_display(),
            "、".join(u.name for u in n.units.all()),
            n.subject,
            n.issued_on.isoformat(),
            n.reply_deadline.isoformat(),
            n.get_state_display(),
            n.reply_text,
        ]
        for n in notices
    ]
    return table_response(
        f"督办单台账-{year}.xlsx",
        title=f"{year}年督办单台账",
        headers=["编号", "颜色", "责任单位", "督办事项", "签发日期", "反馈期限", "状态", "反馈内容"],
        rows=rows,
        sheet_title="督办单",
        filters=[
            ("年度", str(year)),
            ("颜色", COLOUR_WORDS.get(colour, "") if colour else ""),
            ("状态", dict(SupervisionNotice.State.choices).get(state, "")),
            ("单位", Department.objects.filter(pk=unit).values_list("name", flat=True).first() or "" if unit else ""),
        ],
    )


# --- 督办事项: its ladder, moved down or taken off the list by a supervisor ------------------------


def matter_detail(request, pk):
    """One matter under 督办: its rungs, notices and record; a supervisor may move it down or 摘牌."""
    matter = get_for_user(request, EscalationMatter.objects.select_related("unit", "task", "finding"), pk=pk)
    user = request.user
    lower = [(r, Rung(r).label) for r in Rung.values if r != Rung.INTERVIEW and RUNG_LEVEL[r] < matter.level]
    context = {
        "matter": matter,
        "steps": matter.steps.order_by("issued_on", "pk"),
        "notices": SupervisionNotice.objects.visible_to(user).filter(matter=matter).order_by("serial"),
        "can_deescalate": can(user, "deescalate", matter),
        "can_delist": can(user, "delist", matter),
        "lower": lower,
        "events": _labelled(
            Event.objects.visible_to(user).filter(ref=f"matter:{matter.pk}").order_by("-occurred_at", "-pk")
        ),
    }
    return render(request, "inspections/matter_detail.html", context)


@require_POST
def matter_lower(request, pk):
    matter = get_for_user(request, EscalationMatter, pk=pk)
    try:
        actions.matter_deescalate(
            actor=request.user, matter=matter, rung=request.POST.get("rung", ""), reason=request.POST.get("reason", "")
        )
    except (PermissionDenied, InspectionError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "已人工降级；事项状态变化前不再自动升级。")
    return redirect("inspections:matter_detail", pk=pk)


@require_POST
def matter_delist(request, pk):
    matter = get_for_user(request, EscalationMatter, pk=pk)
    try:
        actions.matter_delist(actor=request.user, matter=matter, reason=request.POST.get("reason", ""))
    except (PermissionDenied, InspectionError) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "已摘牌。")
    return redirect("inspections:matter_detail", pk=pk)
