"""Midterm evaluations (中期评估报告) and the outside voices they hear.

A ``MidtermEvaluation`` is one edition of the report of a plan as of a date: a draft that
supervisors edit and regenerate, until 定稿 freezes it — its PDF, its .docx, the JSON it was built
from and their SHA-256 are stored through Django's storage API and never change again, whatever is
recorded later. A new version is a new edition with its own number."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import Plan
from plans.scoping import ScopedQuerySet


def midterm_path(instance, filename: str) -> str:
    return f"midterm/{instance.plan_id}/{uuid.uuid4().hex}-{filename}"


class MidtermEvaluation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        FINAL = "final", "定稿"

    class Stage(models.TextChoices):
        WAITING = "waiting", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "生成失败"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="midterm_evaluations", verbose_name="规划")
    as_of = models.DateField("数据截止日")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    number = models.PositiveSmallIntegerField("定稿编号", null=True, blank=True)
    # The narrative supervisors edit; blank keeps the drafted text.
    summary = models.TextField("综述", blank=True)
    problems = models.TextField("存在的主要问题", blank=True)
    recommendations = models.TextField("对策建议", blank=True)
    # How far the last generation got (written by the Celery task, read by the page).
    stage = models.CharField("生成状态", max_length=10, choices=Stage.choices, default=Stage.WAITING)
    step = models.CharField("当前步骤", max_length=50, blank=True)
    percent = models.PositiveSmallIntegerField("进度", default=0)
    error = models.TextField("错误信息", blank=True)
    pdf = models.FileField("PDF", upload_to=midterm_path, blank=True)
    docx = models.FileField("Word", upload_to=midterm_path, blank=True)
    data = models.FileField("数据", upload_to=midterm_path, blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    docx_sha256 = models.CharField("Word SHA-256", max_length=64, blank=True)
    data_sha256 = models.CharField("数据 SHA-256", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="创建人",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    finalized_at = models.DateTimeField("定稿时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "中期评估报告"
        verbose_name_plural = "中期评估报告"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="midterm_number_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(state="draft", number__isnull=True) | Q(state="final", number__isnull=False),
                name="midterm_final_has_number",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="midterm_percent_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} 中期评估（截至{self.as_of}）" + (f" 第{self.number}号定稿" if self.number else " 草稿")

    @property
    def is_final(self) -> bool:
        return self.state == self.State.FINAL

    def narrative(self) -> dict:
        return {"summary": self.summary, "problems": self.problems, "recommendations": self.recommendations}


def source_path(instance, filename: str) -> str:
    return f"midterm-sources/{instance.plan_id}/{uuid.uuid4().hex}-{filename}"


class EvaluationSource(models.Model):
    """An outside voice clause (五十八) asks for: a third-party assessment, a questionnaire, comments."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方评估"
        QUESTIONNAIRE = "questionnaire", "问卷调查"
        COMMENTS = "comments", "公众意见征集"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="evaluation_sources", verbose_name="规划")
    kind = models.CharField("方式", max_length=20, choices=Kind.choices)
    name = models.CharField("组织或机构", max_length=200)
    held_on = models.DateField("时间")
    participants = models.PositiveIntegerField("参与人次", null=True, blank=True)
    summary = models.TextField("主要意见", blank=True)
    adopted = models.TextField("采纳情况", blank=True)
    file = models.FileField("报告", upload_to=source_path, blank=True)
    original_name = models.CharField("文件名", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评估意见来源"
        verbose_name_plural = "评估意见来源"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


# --- The weekly leader digest (督办周报) ---------------------------------------------------------


class LeaderDepartment(models.Model):
    """分管部门: a department a district leader is in charge of. A relation of its own — a leader
    never acts for the department, so this is never a Membership."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="led_departments", verbose_name="区领导"
    )
    department = models.ForeignKey(
        "plans.Department", on_delete=models.CASCADE, related_name="leaders_in_charge", verbose_name="分管部门"
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "分管部门"
        verbose_name_plural = "分管部门"
        ordering = ["user", "department__name"]
        constraints = [models.UniqueConstraint(fields=["user", "department"], name="leader_department_unique")]

    def __str__(self) -> str:
        return f"{self.user} 分管 {self.department}"


class DigestScope(models.Model):
    """One plan a reader follows in the weekly digest, and how much of it: the whole plan, chosen
    chapters, or the departments the leader is in charge of. Several plans → one mail, a section
    each."""

    class Kind(models.TextChoices):
        PLAN = "plan", "整个规划"
        CHAPTERS = "chapters", "选定章节"
        DEPARTMENTS = "departments", "分管部门"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_scopes", verbose_name="读者"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="digest_scopes", verbose_name="规划")
    kind = models.CharField("范围", max_length=20, choices=Kind.choices, default=Kind.PLAN)
    chapters = models.ManyToManyField("plans.Chapter", blank=True, related_name="+", verbose_name="章节")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "周报范围"
        verbose_name_plural = "周报范围"
        ordering = ["user", "plan"]
        constraints = [models.UniqueConstraint(fields=["user", "plan"], name="digest_scope_one_per_plan")]

    def __str__(self) -> str:
        return f"{self.user} · {self.plan} · {self.get_kind_display()}"


class HandoffChannel(models.TextChoices):
    EMAIL = "email", "邮件"
    ROBOT = "robot", "群机器人"
    NONE = "none", "不通知"


class DigestSettings(models.Model):
    """A user's own notification settings: a leader pauses and resumes their digest (a department
    head, who gets their department's digest by default, opts out the same way); everyone chooses
    how each kind of hand-off reaches them (e-mail, group robot or not at all)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_settings", verbose_name="用户"
    )
    paused = models.BooleanField("暂停周报", default=False)
    # Hand-off messages (reports.handoff): how each kind of move reaches this user.
    handoff_submitted = models.CharField(
        "报告提交待确认", max_length=10, choices=HandoffChannel.choices, default=HandoffChannel.EMAIL
    )
    handoff_confirmed = models.CharField(
        "报告确认待审核", max_length=10, choices=HandoffChannel.choices, default=HandoffChannel.EMAIL
    )
    handoff_returned = models.CharField(
        "报告被退回", max_length=10, choices=HandoffChannel.choices, default=HandoffChannel.EMAIL
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "周报设置"
        verbose_name_plural = "周报设置"

    def __str__(self) -> str:
        return f"{self.user} {'已暂停' if self.paused else '订阅中'}"


class Digest(models.Model):
    """One digest issued to one reader for one week: the automatic one (numbered, at most one per
    reader and ISO week) or a manual 补发 by an administrator (no number). Its ``context`` is what
    the mail showed, so past digests read as they were sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests", verbose_name="读者"
    )
    week_start = models.DateField("周一")
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    manual = models.BooleanField("补发", default=False)
    subject = models.CharField("标题", max_length=200)
    context = models.JSONField("内容", default=dict)
    delivery_key = models.CharField("投递键", max_length=200, unique=True)
    created_at = models.DateTimeField("生成时间", default=timezone.now)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督办周报"
        verbose_name_plural = "督办周报"
        ordering = ["-week_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week_start"], condition=Q(manual=False), name="digest_one_automatic_per_week"
            ),
            models.UniqueConstraint(fields=["user", "number"], name="digest_number_unique_per_reader"),
            models.CheckConstraint(
                condition=Q(manual=True, number__isnull=True) | Q(manual=False, number__isnull=False),
                name="digest_numbered_iff_automatic",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


# --- The annual report (法治政府建设年度报告) and the public page, in a module of their own ---------

from reports.annual_models import AnnualReport, DutyRecord, PublicPage  # noqa: E402, F401


class HandoffItem(models.Model):
    """One move waiting to be told to one person in their next hand-off message (reports.handoff):
    a submission to the head, a confirmation to the supervisors, a return to the staff. Messages
    go out batched, at most one per person per window; ``delivery_key`` is set once it is sent."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "报告提交待确认"
        CONFIRMED = "confirmed", "报告确认待审核"
        RETURNED = "returned", "报告被退回"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handoff_items", verbose_name="收件人"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    channel = models.CharField("方式", max_length=10, choices=HandoffChannel.choices)
    event = models.ForeignKey("plans.Event", on_delete=models.CASCADE, related_name="+", verbose_name="事件")
    created_at = models.DateTimeField("产生时间", default=timezone.now)
    delivery_key = models.CharField("投递键", max_length=200, blank=True, db_index=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "待通知的流转"
        verbose_name_plural = "待通知的流转"
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="handoff_once_per_user_and_event")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
