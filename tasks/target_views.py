"""Yearly targets in the web UI: the lead department writes them, the workflow reviews them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from plans.locking import StaleError
from plans.models import Indicator
from plans.policy import actor_for, can, get_for_user, require
from plans.utils import parse_id
from tasks.actions import MilestoneInput, target_save, target_submit, work_move
from tasks.forms import YearlyTargetForm
from tasks.models import ReportState, ReportTransitionError, Task, YearlyTarget
from tasks.policies import workflow_moves
from tasks.progress_views import after_move


def target_edit(request, task_pk, year):
    task = get_for_user(request, Task.objects.select_related("plan", "clause"), pk=task_pk)
    if year not in task.plan.years:
        raise Http404("该年度不在规划期内。")
    require(request.user, "set_targets", task, "只有牵头部门可以填报年度目标。")
    department_id = actor_for(request.user).department_id
    target = YearlyTarget.objects.filter(task=task, department_id=department_id, year=year).first()
    if target and not target.is_editable:
        return redirect("tasks:target_detail", pk=target.pk)
    indicators = Indicator.objects.filter(clause_id=task.clause_id) if task.clause_id else Indicator.objects.none()
    initial = {}
    if target:
        initial = {
            "version": target.version,
            "targets": target.targets,
            "measures": target.measures,
            "milestones": "\n".join(f"{m.due_date:%Y-%m-%d} {m.description}" for m in target.milestones.all()),
            **{f"indicator_{k}": v for k, v in target.indicator_targets.items()},
        }
    form = YearlyTargetForm(request.POST or None, initial=initial, year=year, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            target = target_save(
                actor=request.user,
                task=task,
                year=year,
                targets=form.cleaned_data["targets"],
                measures=form.cleaned_data["measures"],
                indicator_targets=form.indicator_targets(),
                milestones=[MilestoneInput(day, text) for day, text in form.cleaned_data["milestones"]],
                version=form.cleaned_data["version"] or 0,
            )
            if request.POST.get("then") == ReportState.SUBMITTED:
                target_submit(actor=request.user, report=target, version=target.version)
                messages.success(request, f"{year}年度目标已提交，等待负责人确认。")
                return redirect("tasks:target_detail", pk=target.pk)
        except (StaleError, ReportTransitionError) as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{year}年度目标已保存。")
            return redirect("tasks:target_edit", task_pk=task.pk, year=year)
    context = {"task": task, "year": year, "target": target, "form": form}
    return render(request, "tasks/target_edit.html", context)


def target_detail(request, pk):
    target = get_for_user(
        request, YearlyTarget.objects.select_related("task__plan", "task__clause", "department", "updated_by"), pk=pk
    )
    if can(request.user, "edit", target):
        return redirect("tasks:target_edit", task_pk=target.task_id, year=target.year)
    context = {"target": target, "task": target.task, "moves": workflow_moves(request.user, target)}
    return render(request, "tasks/target_detail.html", context)


@require_POST
def target_move(request, pk):
    target = get_for_user(request, YearlyTarget.objects.select_related("task"), for_change=True, pk=pk)
    to = request.POST.get("to", "")
    try:
        work_move(
            actor=request.user,
            work=target,
            to=to,
            comment=request.POST.get("comment", ""),
            version=parse_id(request.POST.get("version")),
        )
    except (ReportTransitionError, StaleError) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        return after_move(
            request, target, "tasks:target_detail", done=f"已{YearlyTarget.ACTION_LABELS.get(to, '处理')}。"
        )
    return redirect("tasks:target_detail", pk=pk)
