"""Pages of the annual 法治政府建设年度报告 (who owes one, each report with its sections and
第一责任人履职 form, the moves, the downloads), the switch of the public page, and the ledgers
(进展报告台账, 部门履职情况表) as Excel. Thin: the rules are in reports.annual, reports.actions
and the policy."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from plans.excel import xlsx_response
from plans.locking import StaleError
from plans.models import Department, Plan
from plans.policy import actor_for, can, get_for_user, require
from plans.selection import choose_plan
from reports import annual, ledgers
from reports.actions import (
    annual_accept,
    annual_confirm,
    annual_duty_save,
    annual_edit,
    annual_open,
    annual_publish,
    annual_return,
    annual_submit,
    public_page_set,
)
from reports.annual_docx import render_docx
from reports.annual_models import SECTION_KEYS, AnnualReport, DutyRecord, PublicPage
from reports.annual_pdf import render_pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class SectionsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, heading_by_key: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key in SECTION_KEYS:
            if key in heading_by_key:
                self.fields[key] = forms.CharField(
                    label=heading_by_key[key],
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 6, "class": "form-control form-control-sm"}),
                )


class DutyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = DutyRecord
        fields = [*DutyRecord.FIGURES, "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")


def _year(request, plan: Plan | None) -> int:
    default = annual.report_year(timezone.localdate())
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or default)
    except ValueError:
        year = default
    if plan is not None and year not in plan.years:
        year = min(max(year, plan.start_year), plan.end_year)
    return year


def annual_list(request):
    """法治政府建设年度报告 of a plan and year: the district's, each owing department's state, and
    who has not submitted. POST opens the user's report (their department's, or the district's)."""
    require(request.user, "view_annual", message="您没有查看年度报告的权限。")
    if request.method == "POST":
        plan, _ = Plan.objects.choose(request.user, request.POST.get("plan"))
        if plan is None:
            raise Http404("没有该规划。")
        year = _year(request, plan)
        actor = actor_for(request.user)
        # The district's report (the 司法局 writes it) or the user's department's; a supervisor's own
        # department (区司法局) owes one too, asked for with scope=department.
        scope = request.POST.get("scope") or ("district" if actor.reviews_work else "department")
        department = None
        if scope == "department" and actor.is_department_member:
            department = Department.objects.filter(pk=actor.department_id).first()
        try:
            report = annual_open(actor=request.user, plan=plan, year=year, department=department)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect(f"{reverse('reports:annual_list')}?plan={plan.pk}&year={year}")
        return redirect("reports:annual_detail", pk=report.pk)
    plan, plans = choose_plan(request)
    year = _year(request, plan)
    context = {"plan": plan, "plans": plans, "year": year}
    if plan is not None:
        actor = actor_for(request.user)
        context.update(annual.overview(plan, year, request.user))
        context["years"] = list(plan.years)
        context["own_department"] = actor.department_id if actor.is_department_member else None
        context["can_open_district"] = can(request.user, "create", AnnualReport(plan=plan, year=year))
        page = PublicPage.objects.filter(plan=plan).first()
        context["public_page"] = page
        context["can_switch_public"] = can(request.user, "edit", page or PublicPage(plan=plan))
        context["due"] = annual.annual_reports_due_for(request.user, timezone.localdate())
        context["due_date"] = annual.due_date(year)
    return render(request, "reports/annual/list.html", context)


def annual_detail(request, pk: int):
    """One report: the drafted text (each section may be rewritten), the 第一责任人履职 form, the moves."""
    report = get_for_user(request, AnnualReport.objects.select_related("plan", "department"), pk=pk)
    can_edit = can(request.user, "edit", report)
    heading_by_key = annual.headings(report.year, district=report.is_district)
    duty = DutyRecord.objects.filter(report=report).first() or DutyRecord(report=report)
    sections_form = SectionsForm(initial={"version": report.version, **report.sections}, heading_by_key=heading_by_key)
    duty_form = DutyForm(instance=duty, initial={"version": duty.version})
    if request.method == "POST":
        require(request.user, "edit", report, "该报告当前不能修改。")
        try:
            if "duty" in request.POST:
                duty_form = DutyForm(request.POST, instance=duty)
                if duty_form.is_valid():
                    values = {f: duty_form.cleaned_data[f] for f in [*DutyRecord.FIGURES, "notes"]}
                    annual_duty_save(
                        actor=request.user, report=report, values=values, version=duty_form.cleaned_data["version"]
                    )
                    messages.success(request, "履职情况已保存。")
                    return redirect("reports:annual_detail", pk=report.pk)
            else:
                sections_form = SectionsForm(request.POST, heading_by_key=heading_by_key)
                if sections_form.is_valid():
                    data = sections_form.cleaned_data
                    annual_edit(
                        actor=request.user,
                        report=report,
                        sections={k: data.get(k, "") for k in SECTION_KEYS},
                        version=data["version"],
                    )
                    messages.success(request, "已保存。")
                    return redirect("reports:annual_detail", pk=report.pk)
        except StaleError as error:
            messages.error(request, str(error))
    data = annual.build(report.plan, year=report.year, department=report.department, report=report)
    context = {
        "report": report,
        "data": data,
        "sections_form": sections_form,
        "duty_form": duty_form,
        "duty": duty,
        "can_edit": can_edit,
        "moves": [m for m in MOVES if can(request.user, m, report)],
    }
    return render(request, "reports/annual/detail.html", context)


MOVES = ("confirm", "submit", "accept", "return", "publish")
MOVE_LABELS = {
    "confirm": "负责人确认",
    "submit": "报送区司法局",
    "accept": "审核通过",
    "return": "退回修改",
    "publish": "公开",
}


@require_POST
def annual_move(request, pk: int):
    """A step of the report's workflow: confirm, submit, accept, return (with a comment), publish."""
    report = get_for_user(request, AnnualReport.objects.select_related("plan", "department"), pk=pk)
    to = request.POST.get("to", "")
    if to not in MOVES:
        raise PermissionDenied("未知操作。")
    require(request.user, to, report, "您不能对该报告执行此操作。")
    try:
        if to == "confirm":
            annual_confirm(actor=request.user, report=report)
        elif to == "submit":
            annual_submit(actor=request.user, report=report)
        elif to == "accept":
            annual_accept(actor=request.user, report=report)
        elif to == "return":
            annual_return(actor=request.user, report=report, comment=request.POST.get("comment", ""))
        else:
            annual_publish(actor=request.user, report=report)
    except (ValueError, ValidationError) as error:
        messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"已{MOVE_LABELS[to]}。")
    return redirect("reports:annual_detail", pk=report.pk)


def annual_download(request, pk: int, kind: str):
    """The report as .docx or PDF, built now from the data (a published report's PDF is the stored one)."""
    report = get_for_user(request, AnnualReport.objects.select_related("plan", "department"), pk=pk)
    name = f"{report.scope_name}{report.year}年法治政府建设工作情况报告"
    if kind == "pdf" and report.is_published and report.pdf:
        return FileResponse(report.pdf.open("rb"), as_attachment=True, filename=f"{name}.pdf")
    data = annual.build(report.plan, year=report.year, department=report.department, report=report)
    draft = not report.is_published
    if kind == "pdf":
        content, content_type = render_pdf(data, draft=draft), "application/pdf"
    elif kind == "docx":
        content, content_type = render_docx(data, draft=draft), DOCX
    else:
        raise Http404("没有这种格式。")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = _attachment(f"{name}{'（草稿）' if draft else ''}.{kind}")
    return response


def _attachment(filename: str) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(as_attachment=True, filename=filename)


@require_POST
def public_switch(request, pk: int):
    """Turn the plan's public page (政务公开) on or off."""
    plan = get_for_user(request, Plan, pk=pk)
    page = PublicPage.objects.filter(plan=plan).first()
    require(request.user, "edit", page or PublicPage(plan=plan), "只有司法局督察人员可以设置政务公开。")
    enabled = request.POST.get("enabled") == "1"
    try:
        public_page_set(actor=request.user, plan=plan, enabled=enabled)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "政务公开页面已开启。" if enabled else "政务公开页面已关闭。")
    return redirect(f"{reverse('reports:annual_list')}?plan={plan.pk}")


# --- Ledgers --------------------------------------------------------------------------------------


def progress_ledger(request):
    """进展报告台账: the progress reports the user may see, filtered by plan, year, department and
    state; ``?format=xlsx`` exports the same rows."""
    plan, plans = choose_plan(request)
    if plan is None:
        raise Http404("还没有规划。")
    filters = ledgers.ProgressFilters.from_request(request, plan)
    reports = ledgers.progress_reports(request.user, plan, filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"进展报告台账-{plan.title}.xlsx",
            ledgers.PROGRESS_HEADERS,
            ledgers.progress_rows(reports),
            sheet_title="进展报告台账",
            title=f"{plan.title}进展报告台账",
            filters=filters.describe(plan),
        )
    context = {
        "plan": plan,
        "plans": plans,
        "filters": filters,
        "reports": reports[:200],
        "count": len(reports),
        "departments": ledgers.departments_of(plan),
        "states": ledgers.STATE_CHOICES,
        "years": list(plan.years),
        "export_query": filters.query(plan),
    }
    return render(request, "reports/annual/progress_ledger.html", context)


def department_ledger(request):
    """部门履职情况表 as Excel: the dashboard's department table for the same plan and ?as_of=."""
    require(request.user, "view_overview", message="仅区级领导、督察人员和管理员可导出部门履职情况表。")
    plan, _ = choose_plan(request)
    if plan is None:
        raise Http404("还没有规划。")
    as_of = None
    value = request.GET.get("as_of", "").strip()
    if value:
        try:
            as_of = datetime.date.fromisoformat(value)
        except ValueError:
            as_of = None
        if as_of and as_of >= timezone.localdate():
            as_of = None
    headers, rows = ledgers.department_table(plan, request.user, as_of=as_of)
    suffix = f"（截至{as_of:%Y%m%d}）" if as_of else ""
    return xlsx_response(
        f"部门履职情况表{suffix}.xlsx",
        headers,
        rows,
        sheet_title="部门履职情况表",
        title=f"{plan.title}部门履职情况表",
        filters=[("截至", f"{as_of:%Y-%m-%d}" if as_of else "")],
    )
