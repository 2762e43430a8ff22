"""Each role's home page: the dashboards of a plan, for the whole district or one department."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from plans.actions import indicator_update
from plans.excel import xlsx_response
from plans.models import Department, Indicator, Membership, Plan
from plans.policy import actor_for, can, get_for_user, landing_page, require
from plans.selection import choose_plan
from reports.actions import handoff_settings_set, midterm_create, midterm_edit, source_add
from reports.categories import DEFINITIONS, LABELS, ORDER
from reports.city import HEADERS as CITY_HEADERS
from reports.city import compare_districts
from reports.dashboards import build_dashboard, listed_matters
from reports.forms import EvaluationSourceForm, IndicatorBaselineForm, MidtermCreateForm, MidtermNarrativeForm
from reports.handoff import SETTING_OF, kinds_for
from reports.models import DigestSettings, EvaluationSource, HandoffChannel, HandoffItem, MidtermEvaluation
from reports.tasks import generate_midterm
from reports.todo import todo_sections

# 口径说明 under the dashboards' lights: the definitions the midterm evaluation prints.
CATEGORY_LEGEND = [(key, LABELS[key], DEFINITIONS[key]) for key in ORDER]

LANDING_URLS = {
    "city": "reports:city",
    "supervision": "reports:supervision_home",
    "overview": "reports:overview",
    "department": "reports:department_home",
    "admin": "admin:index",
    "audit": "audit:log",
}


def home(request):
    """Send each user to their role's home page."""
    landing = landing_page(request.user)
    if landing:
        return redirect(LANDING_URLS[landing])
    return render(request, "reports/no_role.html")


def _as_of(request) -> datetime.date | None:
    """?as_of=YYYY-MM-DD: the facts recorded by the end of that day; today, nothing or a bad value
    (said so in a message) is the live view."""
    value = request.GET.get("as_of", "").strip()
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        messages.error(request, f"“{value}”不是有效日期（格式：2023-12-31），下面显示的是当前情况。")
        return None
    if day > timezone.localdate():
        messages.error(request, f"{value} 尚未到来，下面显示的是当前情况。")
        return None
    return day if day < timezone.localdate() else None  # today's facts are the live ones


def _dashboard_context(request, department=None, *, as_of: datetime.date | None = None) -> dict:
    plan, plans = choose_plan(request)
    context = {"plan": plan, "plans": plans, "as_of": as_of, "category_legend": CATEGORY_LEGEND}
    if plan is not None:
        context["dash"] = build_dashboard(
            plan, request.user, today=timezone.localdate(), department=department, as_of=as_of
        )
    return context


def department_home(request):
    require(request.user, "view_department_home", message="您的账号尚未加入任何部门，或本级尚无规划任务。")
    department = Department.objects.visible_to(request.user).get(pk=actor_for(request.user).department_id)
    members = Membership.objects.visible_to(request.user).filter(department=department).select_related("user")
    context = _dashboard_context(request, department=department)
    context.update(department=department, members=members, todo=_todo_context(request.user))
    return render(request, "reports/department_home.html", context)


def supervision_home(request):
    require(request.user, "view_supervision", message="仅司法局督察人员可访问督察总览。")
    as_of = _as_of(request)
    context = _dashboard_context(request, as_of=as_of)
    context["todo"] = _todo_context(request.user)
    context["listed"] = listed_matters(request.user, today=timezone.localdate(), as_of=as_of)
    return render(request, "reports/supervision_home.html", {**context, "show_as_of": True})


# --- 待办: the to-do centre ------------------------------------------------------------------------

HOME_ITEMS = 6  # per section on a home page; the whole list is at /todo/


class _TodoContext:
    """The sections for a page, with the header's badge reading the same count (no second pass)."""

    def __init__(self, sections):
        self.sections = sections
        self.count = sum(s.total for s in sections)


def _todo_context(user) -> _TodoContext:
    return _TodoContext(todo_sections(user, today=timezone.localdate()))


def todo_page(request):
    """待办: everything waiting for the user, by kind, each item one click from its form."""
    context = {"todo": _todo_context(request.user), "today": timezone.localdate(), "full": True}
    return render(request, "reports/todo.html", context)


def notification_settings(request):
    """通知设置: how each kind of hand-off reaches the user (an own-account setting)."""
    row = DigestSettings.objects.filter(user=request.user).first()
    if request.method == "POST":
        channels = {kind: request.POST[kind] for kind in kinds_for(request.user) if kind in request.POST}
        try:
            handoff_settings_set(actor=request.user, user=request.user, channels=channels)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "通知设置已保存。")
            return redirect("reports:notification_settings")
    offered = kinds_for(request.user)
    rows = [
        (kind, label, getattr(row, SETTING_OF[kind]) if row else HandoffChannel.EMAIL)
        for kind, label in HandoffItem.Kind.choices
        if kind in offered
    ]
    return render(request, "reports/notification_settings.html", {"rows": rows, "channels": HandoffChannel.choices})


def overview(request):
    require(request.user, "view_overview", message="仅区级领导、督察人员和管理员可访问全区总览。")
    as_of = _as_of(request)
    context = _dashboard_context(request, as_of=as_of)
    context["todo"] = _todo_context(request.user)
    context["listed"] = listed_matters(request.user, today=timezone.localdate(), as_of=as_of)
    return render(request, "reports/overview.html", {**context, "show_as_of": True})


# --- The midterm evaluation ---------------------------------------------------------------------


def _midterm_context(request, plan, **extra) -> dict:
    evaluations = MidtermEvaluation.objects.visible_to(request.user).filter(plan=plan) if plan else []
    return {
        "plan": plan,
        "evaluations": evaluations,
        "sources": EvaluationSource.objects.visible_to(request.user).filter(plan=plan) if plan else [],
        "indicators": Indicator.objects.filter(plan=plan).select_related("clause") if plan else [],
        # Asked of the plan (its area): the city reads a district's evaluation, writes none of it.
        "can_create": plan is not None and can(request.user, "create", MidtermEvaluation(plan=plan)),
        "can_add_source": plan is not None and can(request.user, "create", EvaluationSource(plan=plan)),
        "create_form": extra.pop("create_form", None) or MidtermCreateForm(),
        "source_form": extra.pop("source_form", None) or EvaluationSourceForm(),
        **extra,
    }


def midterm_list(request):
    """中期评估: the editions of the plan's report, a new one, the outside voices, the indicators' 基数."""
    require(request.user, "view_midterm", message="仅区级领导、督察人员和管理员可访问中期评估。")
    plan, plans = (
        Plan.objects.choose(request.user, request.POST.get("plan"))
        if request.method == "POST"
        else choose_plan(request)
    )
    form = None
    if request.method == "POST":
        require(request.user, "create", MidtermEvaluation, "仅司法局督察人员可以生成中期评估报告。")
        form = MidtermCreateForm(request.POST)
        if plan is not None and form.is_valid():
            evaluation = midterm_create(actor=request.user, plan=plan, as_of=form.cleaned_data["as_of"])
            transaction.on_commit(lambda: generate_midterm.delay(evaluation.pk))
            return redirect("reports:midterm_detail", pk=evaluation.pk)
    context = _midterm_context(request, plan, create_form=form, plans=plans)
    return render(request, "reports/midterm/list.html", context)


def midterm_detail(request, pk: int):
    """One edition: how far its generation got, its downloads, its narrative (editable as a draft)."""
    evaluation = get_for_user(request, MidtermEvaluation.objects.select_related("plan"), pk=pk)
    can_edit = can(request.user, "edit", evaluation)
    form = MidtermNarrativeForm(instance=evaluation)
    if request.method == "POST":
        require(request.user, "edit", evaluation, "定稿后不能再修改；请生成新的版本。")
        form = MidtermNarrativeForm(request.POST, instance=evaluation)
        if form.is_valid():
            midterm_edit(actor=request.user, evaluation=evaluation, **form.cleaned_data)
            MidtermEvaluation.objects.filter(pk=evaluation.pk).update(stage=MidtermEvaluation.Stage.WAITING, percent=0)
            transaction.on_commit(lambda: generate_midterm.delay(evaluation.pk))
            messages.success(request, "已保存，正在重新生成草稿。")
            return redirect("reports:midterm_detail", pk=evaluation.pk)
    context = {
        "evaluation": evaluation,
        "form": form,
        "can_edit": can_edit,
        "can_finalize": can(request.user, "finalize", evaluation),
    }
    return render(request, "reports/midterm/detail.html", context)


def midterm_progress(request, pk: int):
    """Where the generation stands, as JSON for the page's polling."""
    evaluation = get_for_user(request, MidtermEvaluation, pk=pk)
    return JsonResponse(
        {
            "stage": evaluation.stage,
            "step": evaluation.step,
            "percent": evaluation.percent,
            "ready": bool(evaluation.pdf) and evaluation.stage == MidtermEvaluation.Stage.DONE,
        }
    )


@require_POST
def midterm_finalize_view(request, pk: int):
    """定稿: freeze the edition under the plan's next number (rendered by the worker)."""
    evaluation = get_for_user(request, MidtermEvaluation, pk=pk)
    require(request.user, "finalize", evaluation, "该报告已定稿或您没有定稿的权限。")
    MidtermEvaluation.objects.filter(pk=evaluation.pk).update(
        stage=MidtermEvaluation.Stage.WAITING, step="等待定稿", percent=0
    )
    user_id = request.user.pk
    transaction.on_commit(lambda: generate_midterm.delay(evaluation.pk, final=True, user_id=user_id))
    messages.success(request, "正在生成定稿。")
    return redirect("reports:midterm_detail", pk=evaluation.pk)


MIDTERM_FILES = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "json": ("data", "application/json"),
}


def midterm_download(request, pk: int, kind: str):
    """The stored file of an edition, as it was stored (a 定稿's bytes never change)."""
    evaluation = get_for_user(request, MidtermEvaluation.objects.select_related("plan"), pk=pk)
    field, content_type = MIDTERM_FILES.get(kind, (None, None))
    stored = getattr(evaluation, field) if field else None
    if not stored:
        raise Http404("文件尚未生成。")
    label = f"第{evaluation.number}号定稿" if evaluation.is_final else "草稿"
    name = f"{evaluation.plan.title}中期评估报告（截至{evaluation.as_of:%Y%m%d}，{label}）.{kind}"
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@require_POST
def midterm_source_add(request):
    """Record an outside voice (第三方评估, 问卷, 公众意见) with its report."""
    require(request.user, "create", EvaluationSource, "仅司法局督察人员可以录入评估意见来源。")
    plan, plans = Plan.objects.choose(request.user, request.POST.get("plan"))
    form = EvaluationSourceForm(request.POST, request.FILES)
    if plan is not None and form.is_valid():
        try:
            source_add(actor=request.user, plan=plan, uploaded=request.FILES.get("file"), **form.cleaned_data)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, "已录入。")
            return redirect(f"{reverse('reports:midterm_list')}?plan={plan.pk}")
    context = _midterm_context(request, plan, source_form=form, plans=plans)
    return render(request, "reports/midterm/list.html", context, status=400)


def midterm_source_file(request, pk: int):
    source = get_for_user(request, EvaluationSource, pk=pk)
    if not source.file:
        raise Http404("没有上传报告。")
    return FileResponse(source.file.open("rb"), as_attachment=True, filename=source.original_name)


@require_POST
def indicator_edit(request, pk: int):
    """A supervisor sets an indicator's 基数 and 属性."""
    indicator = get_for_user(request, Indicator, pk=pk)
    require(request.user, "create", MidtermEvaluation, "仅司法局督察人员可以修改指标基数。")
    form = IndicatorBaselineForm(request.POST, instance=indicator)
    if form.is_valid():
        indicator_update(actor=request.user, indicator=indicator, **form.cleaned_data)
        messages.success(request, "指标基数已保存。")
    else:
        messages.error(request, "指标基数填写有误：" + "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('reports:midterm_list')}?plan={indicator.plan_id}")


# --- 各区比较: the city's view of its districts ----------------------------------------------------


def city(request):
    """各区比较: each district below the user's city on its current plan, side by side, with a link
    into the district's own page; ?format=xlsx exports the table."""
    require(request.user, "view_city", message="仅市级督察人员、市领导和管理员可访问各区比较。")
    as_of = _as_of(request)
    comparison = compare_districts(request.user, today=timezone.localdate(), as_of=as_of)
    if request.GET.get("format") == "xlsx":
        suffix = f"（截至{as_of:%Y%m%d}）" if as_of else ""
        return xlsx_response(
            f"各区法治政府建设规划推进情况比较{suffix}.xlsx",
            CITY_HEADERS,
            (row.cells() for row in comparison.rows),
            sheet_title="各区比较",
            title="各区法治政府建设规划推进情况比较",
            filters=[("截至", f"{as_of:%Y-%m-%d}" if as_of else "")],
        )
    context = {"cmp": comparison, "chart": comparison.chart(), "as_of": as_of}
    return render(request, "reports/city.html", context)
