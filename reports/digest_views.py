"""The digest's pages: a reader's digest of this week and past ones, pausing it; an
administrator's preview of any reader's digest for any week, a manual send (补发) and the failures."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from notifications.actions import robot_add, robot_remove
from notifications.models import Delivery, Robot
from plans.models import Chapter, Plan
from plans.policy import can, get_for_user, require
from reports.actions import digest_issue, digest_scope_set, digest_set_paused
from reports.digest import build_digest, mail_context, readers, subject_for, week_ending_before
from reports.models import Digest, DigestScope, DigestSettings


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return timezone.localdate()


def digest(request):
    """This week's digest of the signed-in reader, built now, as it would be mailed."""
    today = timezone.localdate()
    data = build_digest(request.user, today=today)
    subject = f"本周督办周报（截至{data.week_end}）"
    paused = DigestSettings.objects.filter(user=request.user, paused=True).exists()
    context = {**mail_context(data, subject=subject, manual=False), "paused": paused, "digest": None}
    mine = {s.plan_id: s for s in DigestScope.objects.filter(user=request.user).prefetch_related("chapters")}
    context["scope_kinds"] = DigestScope.Kind.choices
    context["scope_forms"] = [
        {
            "plan": plan,
            "kind": mine[plan.pk].kind if plan.pk in mine else "",
            "chapters": [(c, plan.pk in mine and c in mine[plan.pk].chapters.all()) for c in plan.chapters.all()],
        }
        for plan in Plan.objects.visible_to(request.user).active().prefetch_related("chapters")
    ]
    return render(request, "reports/digest/page.html", context)


def digest_archive(request):
    """The digests this reader received, newest first."""
    digests = (
        Digest.objects.visible_to(request.user)
        .filter(user=request.user)
        .only("pk", "subject", "manual", "week_start", "created_at")
    )
    return render(request, "reports/digest/archive.html", {"digests": digests})


def digest_detail(request, pk):
    """A past digest, as it was sent."""
    digest = get_for_user(request, Digest, pk=pk)
    return render(request, "reports/digest/page.html", {**digest.context, "digest": digest})


@require_POST
def digest_pause(request):
    """Pause or resume one's own digest (an own-account setting, open to read-only leaders)."""
    paused = request.POST.get("paused") == "1"
    digest_set_paused(actor=request.user, user=request.user, paused=paused)
    messages.success(request, "已暂停接收督办周报。" if paused else "已恢复接收督办周报。")
    return redirect("reports:digest")


def _reader(value):
    return get_user_model().objects.filter(username=value or "", is_active=True).first()


def digest_preview(request):
    """An administrator reads any reader's digest for any week, and the failed sends."""
    require(request.user, "create", Digest, "仅管理员可以预览和补发周报。")
    today = _day(request.GET.get("today"))
    reader = _reader(request.GET.get("user"))
    context = {"readers": readers(), "reader": reader, "today": today, "sections": []}
    if reader is not None:
        subject = subject_for(week_ending_before(today)[1], None).replace("（补发）", "（预览）")
        context |= mail_context(build_digest(reader, today=today), subject=subject, manual=False)
        context["reader"] = reader
    context["failures"] = Delivery.objects.visible_to(request.user).filter(
        template="digest", status__in=[Delivery.Status.FAILED, Delivery.Status.PENDING], attempts__gt=0
    )[:50]
    return render(request, "reports/digest/preview.html", context)


@require_POST
def digest_send(request):
    """An administrator sends a reader's digest of a week by hand (补发)."""
    require(request.user, "create", Digest, "仅管理员可以补发周报。")
    reader = _reader(request.POST.get("user"))
    today = _day(request.POST.get("today"))
    if reader is None:
        messages.error(request, "请选择读者。")
        return redirect("reports:digest_preview")
    with transaction.atomic():
        sent = digest_issue(actor=request.user, user=reader, today=today, manual=True)
    if sent is None:
        messages.error(request, "该读者没有邮箱地址，无法补发。")
    else:
        messages.success(request, f"已向 {reader.get_full_name() or reader.username} 补发：{sent.subject}")
    query = urlencode({"user": reader.username, "today": today.isoformat()})
    return redirect(f"{reverse('reports:digest_preview')}?{query}")


class RobotForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Robot.Kind.choices)
    name = forms.CharField(label="名称", max_length=50)
    webhook = forms.URLField(label="Webhook 地址", max_length=500, assume_scheme="https")
    secret = forms.CharField(
        label="加签密钥",
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text="钉钉机器人必填（SEC 开头）；保存后不再显示。",
    )


def digest_robots(request):
    """The group robots that also get one's digest (a leader) or one's department's 催办 (a head)."""
    may_add = can(request.user, "create", Robot)
    form = RobotForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "create", Robot, "只有区领导和各部门负责同志可以添加群机器人。")
        if form.is_valid():
            try:
                robot_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "已添加群机器人。")
                return redirect("reports:digest_robots")
    robots = Robot.objects.visible_to(request.user).filter(is_active=True).select_related("user", "department")
    return render(request, "reports/digest/robots.html", {"robots": robots, "form": form, "may_add": may_add})


@require_POST
def digest_robot_remove(request, pk):
    robot = get_for_user(request, Robot.objects.filter(is_active=True), pk=pk)
    robot_remove(actor=request.user, robot=robot)
    messages.success(request, "已停用群机器人。")
    return redirect("reports:digest_robots")


@require_POST
def digest_scope(request, pk):
    """A reader chooses what they follow of a plan: the whole plan, some chapters or their 分管部门."""
    plan = get_for_user(request, Plan, pk=pk)
    kind = request.POST.get("kind")
    if kind not in DigestScope.Kind.values:
        messages.error(request, "请选择关注范围。")
        return redirect("reports:digest")
    chapters = Chapter.objects.filter(plan=plan, pk__in=[c for c in request.POST.getlist("chapters") if c.isdigit()])
    digest_scope_set(actor=request.user, user=request.user, plan=plan, kind=kind, chapters=list(chapters))
    messages.success(request, "已更新周报关注范围。")
    return redirect("reports:digest")
