"""Progress reporting pages: 我的任务, the report form, the workflow buttons, evidence, the review queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from plans.locking import StaleError
from plans.models import Indicator
from plans.policy import actor_for, can, get_for_user, require, review_step
from plans.selection import choose_plan
from plans.uploads import content_matches
from plans.utils import parse_id
from tasks import actions
from tasks.actions import evidence_remove, report_accept_many, report_save, report_submit, work_move
from tasks.facts import facts_of_tasks
from tasks.forms import ProgressReportForm
from tasks.models import (
    Assignment,
    Evidence,
    ProgressReport,
    ReportingPeriod,
    ReportState,
    ReportTransitionError,
    Task,
    YearlyTarget,
)
from tasks.policies import workflow_moves
from tasks.progress import current_period
from tasks.status import unreported_periods


def my_tasks(request):
    require(request.user, "view_department_home", message="您的账号尚未加入任何部门，或本级尚无规划任务。")
    actor = actor_for(request.user)
    plan, plans = choose_plan(request)
    today = timezone.localdate()
    context = {
        "plan": plan,
        "plans": plans,
        "today": today,
        "states": ReportState.choices,
        "roles": Assignment.Role.choices,
    }
    if plan is None:
        return render(request, "tasks/my_tasks.html", context)
    period = current_period(plan, today)
    tasks = (
        Task.objects.mine(request.user)
        .filter(plan=plan)
        .select_related("clause__chapter")
        .prefetch_related("assignments__department")
        .order_by("position")
    )
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "chapter", "role", "state")}
    tasks = tasks.search(filters["q"])
    if parse_id(filters["chapter"]):
        tasks = tasks.filter(clause__chapter__number=parse_id(filters["chapter"]))
    if filters["role"] in Assignment.Role.values:
        tasks = tasks.filter(
            assignments__department_id=actor.department_id, assignments__role=filters["role"]
        ).distinct()
    own_reports = ProgressReport.objects.visible_to(request.user).filter(
        department_id=actor.department_id, period=period
    )
    if filters["state"] == "missing":
        tasks = tasks.exclude(reports__in=own_reports)
    elif filters["state"] in ReportState.values:
        tasks = tasks.filter(reports__in=own_reports.filter(state=filters["state"]))
    page = Paginator(tasks, 30).get_page(request.GET.get("page"))
    reports = {r.task_id: r for r in own_reports.filter(task__in=[t.pk for t in page.object_list])}
    facts = facts_of_tasks(plan.pk, list(page.object_list), today=today)
    for task in page.object_list:
        task.my_report = reports.get(task.pk)
        # Earlier periods still owed (the current one has its own column).
        task.owed_periods = [
            p
            for p in unreported_periods(facts.facts[task.pk], actor.department_id, today)
            if period is None or p.id != period.pk
        ]
        task.my_role = next(
            (a.get_role_display() for a in task.assignments.all() if a.department_id == actor.department_id), ""
        )
    context.update(page=page, period=period, filters=filters, chapters=plan.chapters.all())
    return render(request, "tasks/my_tasks.html", context)


def _report_context(request, task, period, report, form):
    actor = actor_for(request.user)
    others = (
        ProgressReport.objects.visible_to(request.user)
        .filter(task=task, period=period)
        .exclude(department_id=report.department_id if report else actor.department_id)
        .select_related("department")
        .prefetch_related("evidence")
    )
    return {
        "task": task,
        "period": period,
        "report": report,
        "form": form,
        "others": others,
        "evidence": list(report.evidence.all()) if report else [],
        "moves": workflow_moves(request.user, report) if report else [],
        "periods": task.plan.periods.all(),
    }


def report_edit(request, task_pk, period_pk):
    """The user's own department's report on a task for a period; created on the first save."""
    actor = actor_for(request.user)
    task = get_for_user(
        request, Task.objects.select_related("plan", "clause").prefetch_related("assignments"), pk=task_pk
    )
    period = get_object_or_404(ReportingPeriod.objects.visible_to(request.user), pk=period_pk, plan_id=task.plan_id)
    if not can(request.user, "change_data") or not can(request.user, "report", task):
        raise PermissionDenied("只有承担此项任务的部门人员可以填写本部门的进展报告。")
    report = ProgressReport.objects.filter(task=task, department_id=actor.department_id, period=period).first()
    indicators = Indicator.objects.filter(clause_id=task.clause_id) if task.clause_id else Indicator.objects.none()
    form = ProgressReportForm(request.POST or None, instance=report, indicators=indicators)
    autosave = request.headers.get("X-Autosave") == "1"
    if request.method == "POST":
        if not form.is_valid():
            if autosave:
                return JsonResponse({"ok": False, "errors": form.errors}, status=400)
        else:
            try:
                report = report_save(
                    actor=request.user,
                    task=task,
                    period=period,
                    data=form.report_data(),
                    version=form.cleaned_data["version"] or 0,
                    files=request.FILES.getlist("evidence"),
                )
            except StaleError as exc:
                if autosave:
                    return JsonResponse({"ok": False, "conflict": str(exc)}, status=409)
                form.add_error(None, str(exc))
            except ValidationError as exc:
                if autosave:
                    return JsonResponse({"ok": False, "errors": exc.messages}, status=400)
                form.add_error(None, exc)
            else:
                if autosave:
                    return JsonResponse(
                        {
                            "ok": True,
                            "version": report.version,
                            "saved_at": timezone.localtime(report.updated_at).strftime("%H:%M:%S"),
                        }
                    )
                if request.POST.get("then") == ReportState.SUBMITTED:
                    try:
                        report_submit(actor=request.user, report=report, version=report.version)
                    except (ReportTransitionError, ValidationError) as exc:
                        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
                        return redirect("tasks:report_edit", task_pk=task.pk, period_pk=period.pk)
                    messages.success(request, "报告已提交，等待负责人确认。")
                else:
                    messages.success(request, "已保存草稿。")
                return redirect("tasks:report_edit", task_pk=task.pk, period_pk=period.pk)
    return render(request, "tasks/report_edit.html", _report_context(request, task, period, report, form))


def report_detail(request, pk):
    report = get_for_user(
        request,
        ProgressReport.objects.select_related("task__plan", "task__clause", "department", "period"),
        pk=pk,
    )
    if can(request.user, "edit", report):
        return redirect("tasks:report_edit", task_pk=report.task_id, period_pk=report.period_id)
    context = _report_context(request, report.task, report.period, report, None)
    return render(request, "tasks/report_detail.html", context)


@require_POST
def report_move(request, pk):
    report = get_for_user(request, ProgressReport, for_change=True, pk=pk)
    to = request.POST.get("to", "")
    version = request.POST.get("version", "")
    try:
        work_move(
            actor=request.user,
            work=report,
            to=to,
            comment=request.POST.get("comment", ""),
            version=parse_id(version),
        )
    except (ReportTransitionError, StaleError) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        return after_move(
            request, report, "tasks:report_detail", done=f"已{ProgressReport.ACTION_LABELS.get(to, '处理')}。"
        )
    return redirect("tasks:report_detail", pk=pk)


def after_move(request, work, detail: str, *, done: str):
    """Where a workflow button leads once the step is done (``done`` says so): back to the work
    while the user still sees it; once it has gone back inside its department (a supervisor's
    退回), to the review queue or the task, whose timeline keeps the return."""
    if type(work)._default_manager.visible_to(request.user).filter(pk=work.pk).exists():
        messages.success(request, done)
        return redirect(detail, pk=work.pk)
    messages.success(request, f"{done}已交回部门修改，修改稿提交前仅部门内部可见；退回记录保留在任务的办理过程中。")
    if can(request.user, "view_review_queue"):
        return redirect("tasks:review_queue")
    return redirect("tasks:task_detail", pk=work.task_id)


def evidence_download(request, pk):
    # all_objects: a file removed from a report after its acceptance still opens from the history.
    evidence = get_for_user(request, Evidence.all_objects.select_related("report"), pk=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


# What may be shown inside a page, by the kind the upload check found, and its content type.
PREVIEWABLE = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}


@xframe_options_sameorigin
def evidence_preview(request, pk):
    """A PDF or image evidence file shown inline (in the report page's <iframe>/<img>): the same
    policy as the download, and only when the stored bytes still are what the kind says."""
    evidence = get_for_user(request, Evidence.objects.select_related("report"), pk=pk)
    content_type = PREVIEWABLE.get(evidence.kind)
    if content_type is None:
        raise Http404("此类材料不能预览，请下载查看。")
    handle = evidence.file.open("rb")
    head = handle.read(16)
    handle.seek(0)
    if not content_matches(evidence.kind, head):
        handle.close()
        raise Http404("材料内容与类型不符，不能预览。")
    response = FileResponse(handle, content_type=content_type, as_attachment=False, filename=evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing in the file may run scripts or load anything else.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; object-src 'self'"
    return response


@require_POST
def evidence_delete(request, pk):
    evidence = get_for_user(request, Evidence.objects.select_related("report"), for_change=True, pk=pk)
    report = evidence.report
    evidence_remove(actor=request.user, evidence=evidence)
    if evidence.was_accepted:
        messages.success(
            request, f"已从报告中移除材料“{evidence.original_name}”（该材料曾随报告审核通过，原文件保留在办理记录中）。"
        )
    else:
        messages.success(request, f"已删除材料“{evidence.original_name}”。")
    return redirect("tasks:report_edit", task_pk=report.task_id, period_pk=report.period_id)


@require_POST
def task_urge(request, pk):
    """A supervisor's manual 催办 to the task's lead departments."""
    task = get_for_user(request, Task.objects.select_related("clause"), pk=pk)
    require(request.user, "urge", task, "仅司法局督察人员可以催办。")
    note = request.POST.get("note", "").strip()
    if not note:
        messages.error(request, "请填写催办内容。")
    else:
        try:
            sent = actions.task_urge(actor=request.user, task=task, note=note[:2000])
        except actions.UrgeRefused as exc:
            messages.error(request, str(exc))
            return redirect("tasks:task_detail", pk=pk)
        if sent:
            messages.success(request, f"已向 {sent} 个牵头部门发出催办。")
        else:
            messages.error(request, "牵头部门没有设置联系邮箱，未能发出催办。")
    return redirect("tasks:task_detail", pk=pk)


@require_POST
def review_accept_many(request):
    """批量审核通过: the chosen confirmed reports of the queue, accepted with one comment."""
    require(request.user, "view_review_queue", message="只有督察人员和各部门负责同志有待办的报告。")
    ids = [parse_id(value) for value in request.POST.getlist("report")]
    reports = list(ProgressReport.objects.visible_to(request.user).filter(pk__in=[i for i in ids if i]))
    if not reports:
        messages.error(request, "请先勾选要审核通过的报告。")
        return redirect("tasks:review_queue")
    try:
        accepted = report_accept_many(
            actor=request.user, reports=reports, comment=request.POST.get("comment", "")[:2000]
        )
    except (ReportTransitionError, ValidationError, StaleError) as exc:
        messages.error(request, f"未能批量通过（均未处理）：{'；'.join(getattr(exc, 'messages', [str(exc)]))}")
    else:
        messages.success(request, f"已审核通过 {accepted} 份报告。")
    return redirect("tasks:review_queue")


QUEUE_ROW = ("pk", "department__name", "task__title", "task__clause__label")
_URL_PLACEHOLDER = 2147483647


def _queue_rows(rows, url_name: str, *, when: str = "") -> list[dict]:
    """The queue's lines as value rows, composed once: its 50 reports were 250 model instances and
    a template lookup chain per cell (#24)."""
    url = reverse(url_name, args=[_URL_PLACEHOLDER])
    return [
        {
            **row,
            "task": f"{row['task__clause__label'] or ''}{row['task__title']}",
            "url": url.replace(str(_URL_PLACEHOLDER), str(row["pk"])),
            "when": timezone.localtime(row[when]).strftime("%Y-%m-%d %H:%M") if when and row[when] else "",
        }
        for row in rows
    ]


def review_queue(request):
    """What waits for this user, oldest first: confirmed reports for a supervisor to review,
    submitted reports of the department for its head to confirm."""
    require(request.user, "view_review_queue", message="只有督察人员和各部门负责同志有待办的报告。")
    confirming = review_step(request.user) == "confirm"
    when = "submitted_at" if confirming else "confirmed_at"
    reports = ProgressReport.objects.awaiting(request.user).values(*QUEUE_ROW, "period__label", when)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    page.object_list = _queue_rows(page.object_list, "tasks:report_detail", when=when)
    targets = YearlyTarget.objects.awaiting(request.user).values(*QUEUE_ROW, "year")[:100]
    context = {"page": page, "targets": _queue_rows(targets, "tasks:target_detail"), "confirming": confirming}
    return render(request, "tasks/review_queue.html", context)
