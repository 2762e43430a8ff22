"""督察 (inspection): campaigns, their target units and checklists, the findings (问题清单) and their
rectification (整改) up to 销号.

A finding's states and the moves between them are one table (``Finding.TRANSITIONS``), like the
progress reports' (``tasks.models.ReviewedWork``); the policy (``inspections.policies``) says who
may make each move and the actions (``inspections.actions``) make it, with one event each.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import Area, Clause, Department, Plan, default_area_id
from plans.scoping import ScopedQuerySet
from tasks.models import Task


class InspectionError(Exception):
    """A move the workflow does not allow, or one the user may not make (said in plain Chinese)."""


# --- Campaigns ---------------------------------------------------------------------------------


class CampaignKind(models.TextChoices):
    ANNUAL = "annual", "年度法治督察"
    SPECIAL = "special", "专项督察"
    ENFORCEMENT = "enforcement", "执法监督检查"
    CASE_FILES = "case_files", "案卷评查"


class CampaignMode(models.TextChoices):
    WRITTEN = "written", "书面督察"
    ON_SITE = "on_site", "实地督察"


class Campaign(models.Model):
    """督察活动: one year's inspection of a set of units on a set of the plan's clauses."""

    class State(models.TextChoices):
        DRAFT = "draft", "筹备中"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    # The jurisdiction whose 司法局 runs it (its plan's, when it has one).
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, default=default_area_id, related_name="campaigns", verbose_name="区域"
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="campaigns", verbose_name="规划"
    )
    name = models.CharField("督察批次", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类型", max_length=20, choices=CampaignKind.choices, default=CampaignKind.ANNUAL)
    mode = models.CharField("方式", max_length=20, choices=CampaignMode.choices, default=CampaignMode.WRITTEN)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    self_report_due = models.DateField("自查报告截止日期", null=True, blank=True)
    clauses = models.ManyToManyField(Clause, blank=True, related_name="campaigns", verbose_name="涉及条款")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    history = HistoricalRecords(m2m_fields=[clauses])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督察活动"
        verbose_name_plural = "督察活动"
        ordering = ["-year", "-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(start_date__lte=models.F("end_date")), name="campaign_dates_in_order"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="campaign_year_plausible"),
            models.UniqueConstraint(fields=["area", "name"], name="campaign_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignTarget(models.Model):
    """A unit a campaign inspects: its 自查报告 and the supervisor's visit or written review."""

    class SelfReport(models.TextChoices):
        NONE = "", "未提交"
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待负责人确认"
        CONFIRMED = "confirmed", "已报送"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets", verbose_name="督察活动")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="inspection_targets", verbose_name="受督察单位"
    )
    self_report_state = models.CharField(
        "自查报告状态", max_length=10, choices=SelfReport.choices, default=SelfReport.NONE, blank=True
    )
    self_report_text = models.TextField("自查情况", blank=True)
    self_report_at = models.DateTimeField("自查报告报送时间", null=True, blank=True)
    # 实地: the day of the on-site visit; 书面: the day the supervisor concluded the written review.
    inspected_on = models.DateField("督察完成日期", null=True, blank=True)
    inspection_note = models.TextField("督察情况", blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督察对象"
        verbose_name_plural = "督察对象"
        ordering = ["campaign", "department__kind", "department__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "department"], name="one_target_per_campaign_unit")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.department}"

    @property
    def self_report_handed_in(self) -> bool:
        return self.self_report_state == self.SelfReport.CONFIRMED


class ChecklistItem(models.Model):
    """督察事项: 共性 for every unit of the campaign, 个性 for one."""

    class Scope(models.TextChoices):
        COMMON = "common", "共性"
        SPECIFIC = "specific", "个性"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items", verbose_name="督察活动")
    scope = models.CharField("类别", max_length=10, choices=Scope.choices, default=Scope.COMMON)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="适用单位"
    )
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="对应条款"
    )
    text = models.TextField("督察事项")
    position = models.PositiveIntegerField("顺序", default=0)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督察事项"
        verbose_name_plural = "督察事项"
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="common", department__isnull=True) | Q(scope="specific", department__isnull=False),
                name="checklist_item_scope_matches_unit",
            )
        ]

    def __str__(self) -> str:
        return self.text[:50]


# --- Findings and their rectification ----------------------------------------------------------


class FindingState(models.TextChoices):
    RECORDED = "recorded", "待制定整改方案"
    PLAN_SUBMITTED = "plan_submitted", "整改方案待负责人确认"
    RECTIFYING = "rectifying", "整改中"
    CLOSE_SUBMITTED = "close_submitted", "销号申请待负责人确认"
    CLOSE_REQUESTED = "close_requested", "销号申请待审核"
    RETURNED = "returned", "销号申请被退回"
    CLOSED = "closed", "已销号"
    LONG_TERM = "long_term", "长期坚持"


class RectificationType(models.TextChoices):
    IMMEDIATE = "immediate", "立行立改"
    DEADLINE = "deadline", "限期整改"
    LONG_TERM = "long_term", "长期坚持"


class Severity(models.TextChoices):
    MINOR = "minor", "一般"
    SERIOUS = "serious", "较重"
    GRAVE = "grave", "严重"


class Category(models.TextChoices):
    RULES = "rules", "制度建设"
    ENFORCEMENT = "enforcement", "执法规范"
    PROCEDURE = "procedure", "程序合规"
    CASE_FILES = "case_files", "案卷质量"
    DISCLOSURE = "disclosure", "信息公开"
    OVERSIGHT = "oversight", "监督机制"
    OTHER = "other", "其他"


# States in which the unit's own answer (plan, close request) has left the department.
PLAN_HANDED_IN = frozenset(
    {
        FindingState.RECTIFYING,
        FindingState.CLOSE_SUBMITTED,
        FindingState.CLOSE_REQUESTED,
        FindingState.RETURNED,
        FindingState.CLOSED,
        FindingState.LONG_TERM,
    }
)
CLOSE_HANDED_IN = frozenset({FindingState.CLOSE_REQUESTED, FindingState.CLOSED, FindingState.LONG_TERM})
DONE_STATES = frozenset({FindingState.CLOSED, FindingState.LONG_TERM})


class FindingQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(state__in=DONE_STATES)

    def overdue(self, today):
        """Not closed and past the 整改期限 (a 长期坚持 item closed to long-term is not overdue)."""
        return self.open().filter(deadline__lt=today)


class Finding(models.Model):
    """问题清单的一条: what the supervisors found at one unit, and its rectification to 销号."""

    # (from, to): the policy's action for the move (inspections.policies says who may make it).
    TRANSITIONS = {
        (FindingState.RECORDED, FindingState.PLAN_SUBMITTED): "submit_plan",
        (FindingState.PLAN_SUBMITTED, FindingState.RECTIFYING): "confirm",
        (FindingState.PLAN_SUBMITTED, FindingState.RECORDED): "return_internal",
        (FindingState.RECTIFYING, FindingState.CLOSE_SUBMITTED): "request_close",
        (FindingState.RETURNED, FindingState.CLOSE_SUBMITTED): "request_close",
        (FindingState.CLOSE_SUBMITTED, FindingState.CLOSE_REQUESTED): "confirm",
        (FindingState.CLOSE_SUBMITTED, FindingState.RECTIFYING): "return_internal",
        (FindingState.CLOSE_REQUESTED, FindingState.CLOSED): "close",
        (FindingState.CLOSE_REQUESTED, FindingState.LONG_TERM): "close",
        (FindingState.CLOSE_REQUESTED, FindingState.RETURNED): "return",
        (FindingState.CLOSED, FindingState.RETURNED): "reopen",
        (FindingState.LONG_TERM, FindingState.RETURNED): "reopen",
    }
    ACTION_LABELS = {
        "submit_plan": "提交整改方案",
        "confirm": "负责人确认报送",
        "return_internal": "退回修改（部门内部）",
        "request_close": "提交销号申请",
        "close": "审核销号",
        "return": "退回销号申请",
        "reopen": "撤销销号",
    }
    # Moves that need a reason.
    NEEDS_COMMENT = frozenset({"return_internal", "return", "reopen"})

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="findings", verbose_name="督察批次")
    unit = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="findings", verbose_name="责任单位（牵头）"
    )
    supporting_units = models.ManyToManyField(
        Department, blank=True, related_name="supported_findings", verbose_name="配合单位"
    )
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings", verbose_name="对应条款"
    )
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings", verbose_name="对应任务"
    )
    description = models.TextField("问题")
    category = models.CharField("问题类别", max_length=20, choices=Category.choices, default=Category.OTHER)
    is_common = models.BooleanField("共性问题", default=False)
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices, default=Severity.MINOR)
    rectification_type = models.CharField(
        "整改类型", max_length=10, choices=RectificationType.choices, default=RectificationType.DEADLINE
    )
    requirement = models.TextField("整改要求", blank=True)
    deadline = models.DateField("整改期限")
    responsible_leader = models.CharField("责任领导", max_length=50, blank=True)
    responsible_person = models.CharField("责任人", max_length=50, blank=True)

    state = models.CharField("状态", max_length=20, choices=FindingState.choices, default=FindingState.RECORDED)
    # 整改方案, written by the unit and confirmed by its head.
    plan_measures = models.TextField("整改措施", blank=True)
    plan_person = models.CharField("整改责任人", max_length=50, blank=True)
    plan_deadline = models.DateField("计划完成日期", null=True, blank=True)
    # 销号申请 and its verification.
    close_summary = models.TextField("整改完成情况", blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)

    version = models.PositiveIntegerField("版本", default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    history = HistoricalRecords(m2m_fields=[supporting_units])
    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "督察问题"
        verbose_name_plural = "督察问题"
        ordering = ["campaign", "unit__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["closed", "long_term"], closed_on__isnull=False)
                | (~Q(state__in=["closed", "long_term"]) & Q(closed_on__isnull=True)),
                name="finding_closed_on_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.description[:30]}"

    @property
    def is_done(self) -> bool:
        return self.state in DONE_STATES

    def is_overdue(self, today) -> bool:
        return not self.is_done and self.deadline < today

    @property
    def closed_late(self) -> bool:
        return self.closed_on is not None and self.closed_on > self.deadline

    def action_for(self, new_state: str) -> str:
        """The policy's action that moves the finding to ``new_state``, or an InspectionError."""
        if new_state not in FindingState.values:
            raise InspectionError("未知的操作。")
        action = self.TRANSITIONS.get((self.state, new_state))
        if action is None:
            raise InspectionError(f"不能从“{FindingState(self.state).label}”变为“{FindingState(new_state).label}”。")
        if action == "close":
            wanted = self.close_state
            if new_state != wanted:
                raise InspectionError(f"该问题为“{self.get_rectification_type_display()}”，应转为“{wanted.label}”。")
        return action

    def set_state(self, new_state: str, *, comment: str = "", closed_on=None) -> str:
        """Check the move against the table, change the state and what goes with it; returns the
        move's action. The caller (inspections.actions) asked the policy and saves."""
        action = self.action_for(new_state)
        comment = comment.strip()
        if action in self.NEEDS_COMMENT and not comment:
            raise InspectionError("退回或撤销时必须填写理由。")
        if action == "submit_plan" and not (self.plan_measures.strip() and self.plan_deadline):
            raise InspectionError("请先填写整改措施和计划完成日期。")
        if action == "request_close" and not self.close_summary.strip():
            raise InspectionError("请填写整改完成情况。")
        if action == "close":
            if closed_on is None:
                raise InspectionError("请填写销号日期。")
            self.closed_on = closed_on
        elif new_state not in DONE_STATES:
            self.closed_on = None
        self.state = new_state
        self.review_comment = comment
        self.version += 1
        self._change_reason = comment or FindingState(new_state).label
        return action

    @property
    def close_state(self) -> FindingState:
        """长期坚持 items close to the long-term state, every other item to 已销号."""
        if self.rectification_type == RectificationType.LONG_TERM:
            return FindingState.LONG_TERM
        return FindingState.CLOSED


class RectificationEntry(models.Model):
    """整改进展: a dated step of the unit's rectification; leaves the department once its head
    confirms it (or writes it)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="entries", verbose_name="问题")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name="填报单位")
    entry_date = models.DateField("日期")
    text = models.TextField("整改进展")
    handed_in = models.BooleanField("已报送", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("填报时间", default=timezone.now)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["finding", "entry_date", "pk"]

    def __str__(self) -> str:
        return f"{self.entry_date} {self.text[:30]}"


def attachment_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"inspections/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A photo or file backing a 自查报告, a finding, a progress entry or a 销号申请. Stored outside
    the web root and served through a permission-checked view."""

    class Purpose(models.TextChoices):
        SELF_REPORT = "self_report", "自查报告"
        NOTICE_REPLY = "notice_reply", "督办单反馈佐证"
        FINDING = "finding", "问题佐证"
        PROGRESS = "progress", "整改进展佐证"
        CLOSURE = "closure", "销号佐证"

    purpose = models.CharField("用途", max_length=20, choices=Purpose.choices)
    target = models.ForeignKey(
        CampaignTarget, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    entry = models.ForeignKey(
        RectificationEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    # Evidence of a 督办单 reply (反馈); handed in with the reply.
    notice = models.ForeignKey(
        "SupervisionNotice", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    # Whose file it is, and whether it has left that department (a unit's drafts stay inside it).
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name="上传单位")
    handed_in = models.BooleanField("已报送", default=False)
    file = models.FileField("文件", upload_to=attachment_path)
    original_name = models.CharField("文件名", max_length=255)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督察材料"
        verbose_name_plural = "督察材料"
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=False, finding__isnull=True, notice__isnull=True)
                | Q(target__isnull=True, finding__isnull=False, notice__isnull=True)
                | Q(target__isnull=True, finding__isnull=True, notice__isnull=False),
                name="attachment_belongs_to_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


# --- 督办: the escalation ladder ------------------------------------------------------------------


class Rung(models.TextChoices):
    """The rungs of the ladder, lowest first (``RUNG_LEVEL`` orders them)."""

    REMINDER = "reminder", "提醒"
    BLUE = "blue", "蓝色督办单"
    YELLOW = "yellow", "黄色督办单"
    RED = "red", "红色督办单"
    LISTED = "listed", "挂牌督办"
    INTERVIEW = "interview", "约谈（建议）"


RUNG_LEVEL = {rung: level for level, rung in enumerate(Rung.values, start=1)}
NOTICE_RUNGS = frozenset({Rung.BLUE, Rung.YELLOW, Rung.RED})
COLOUR_WORDS = {Rung.BLUE: "蓝色", Rung.YELLOW: "黄色", Rung.RED: "红色"}


class EscalationRule(models.Model):
    """One line of the rule table: when a matter is in this condition, it deserves this rung.

    The thresholds live here, editable in the admin (defaults from migration 0002), never in code.
    A matter's rung is the highest rung of the rules it meets; it only moves up by itself."""

    class Condition(models.TextChoices):
        DUE_WITHIN = "due_within", "距到期不超过 N 天（未逾期）"
        OVERDUE = "overdue", "逾期天数在 N～M 天之间（M 为空表示不设上限）"
        REPLY_REJECTED = "reply_rejected", "督办单反馈被退回"
        UNANSWERED = "unanswered", "某级督办单超过反馈期限未反馈"
        LISTED_FOR = "listed_for", "挂牌督办超过 N 天"
        UNIT_NOTICES = "unit_notices", "责任单位一年内收到某级督办单达到 N 次"

    rung = models.CharField("督办层级", max_length=12, choices=Rung.choices)
    condition = models.CharField("条件", max_length=20, choices=Condition.choices)
    min_days = models.PositiveIntegerField("N（天数或次数）", null=True, blank=True)
    max_days = models.PositiveIntegerField("M（天数上限）", null=True, blank=True)
    source_rung = models.CharField("所依据的督办层级", max_length=12, choices=Rung.choices, blank=True)
    active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督办规则"
        verbose_name_plural = "督办规则"
        ordering = ["rung", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_days__isnull=True) | Q(min_days__isnull=True) | Q(min_days__lte=models.F("max_days")),
                name="escalation_rule_days_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rung_display()}：{self.note or self.get_condition_display()}"


class MatterKind(models.TextChoices):
    MILESTONE = "milestone", "时间节点"
    REPORT = "report", "进展报告"
    STEP = "step", "年度目标步骤"
    FINDING = "finding", "督察问题"


class EscalationMatter(models.Model):
    """One matter under escalation, per responsible unit: a task's milestone, report period or
    yearly-target step, or a finding. ``key`` names it stably from day to day."""

    key = models.CharField("事项标识", max_length=200, unique=True)
    kind = models.CharField("事项类型", max_length=12, choices=MatterKind.choices)
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="escalations", verbose_name="任务"
    )
    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="escalations", verbose_name="督察问题"
    )
    unit = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="escalations", verbose_name="责任单位")
    what = models.CharField("事项", max_length=300)
    due_date = models.DateField("到期日（宽限后）")
    rung = models.CharField("当前层级", max_length=12, choices=Rung.choices, blank=True)
    # Each manual de-escalation starts a new round, so the rungs can be issued again later.
    round = models.PositiveIntegerField("轮次", default=1)
    # A manual de-escalation holds while the matter's state is this one.
    held_state = models.CharField("人工降级时的事项状态", max_length=200, blank=True)
    listed_on = models.DateField("挂牌日期", null=True, blank=True)
    delisted_on = models.DateField("摘牌日期", null=True, blank=True)
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False) | Q(finding__isnull=False), name="escalation_matter_has_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.what}"

    @property
    def level(self) -> int:
        return RUNG_LEVEL.get(self.rung, 0)

    @property
    def is_listed(self) -> bool:
        return self.listed_on is not None and self.delisted_on is None


class EscalationStep(models.Model):
    """A rung issued to a matter: the unique record that makes each rung happen once per round."""

    matter = models.ForeignKey(EscalationMatter, on_delete=models.CASCADE, related_name="steps", verbose_name="事项")
    rung = models.CharField("层级", max_length=12, choices=Rung.choices)
    round = models.PositiveIntegerField("轮次", default=1)
    issued_on = models.DateField("日期")
    reason = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"
        ordering = ["issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "rung", "round"], name="escalation_step_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.matter} · {self.get_rung_display()}"


class NoticeSequence(models.Model):
    """The last number an area gave to a 督办单 in a year; locked while the next one is taken (no gaps).
    Each issuing area numbers its own: 宝法督〔2024〕7号 and the city's 7号 are different notices."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, default=default_area_id, related_name="+", verbose_name="区域"
    )
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "督办单编号"
        verbose_name_plural = "督办单编号"
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="notice_sequence_per_area_and_year")]

    def __str__(self) -> str:
        return f"{self.area} {self.year}: {self.last}"


class SupervisionNotice(models.Model):
    """督办单: numbered 代字〔年份〕序号号, with a colour, sent to the responsible units; the unit
    signs it (签收) and replies (反馈), the supervisor accepts (审结) or returns the reply."""

    class State(models.TextChoices):
        ISSUED = "issued", "已下发"
        SIGNED = "signed", "已签收"
        REPLIED = "replied", "已反馈"
        RETURNED = "returned", "反馈被退回"
        ACCEPTED = "accepted", "已审结"

    # (from, to): the policy's action for the move.
    TRANSITIONS = {
        (State.ISSUED, State.SIGNED): "sign",
        (State.SIGNED, State.REPLIED): "reply",
        (State.ISSUED, State.REPLIED): "reply",
        (State.RETURNED, State.REPLIED): "reply",
        (State.REPLIED, State.ACCEPTED): "accept",
        (State.REPLIED, State.RETURNED): "return",
    }
    UNANSWERED = frozenset({State.ISSUED, State.SIGNED, State.RETURNED})

    # The issuing area: its 代字, its office and its sequence of numbers.
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, default=default_area_id, related_name="notices", verbose_name="发文区域"
    )
    year = models.PositiveSmallIntegerField("年份")
    serial = models.PositiveIntegerField("序号")
    prefix = models.CharField("代字", max_length=20)
    colour = models.CharField(
        "颜色", max_length=12, choices=[(r, Rung(r).label) for r in (Rung.BLUE, Rung.YELLOW, Rung.RED)]
    )
    matter = models.ForeignKey(
        EscalationMatter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name="督办事项",
    )
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, null=True, blank=True, related_name="notices", verbose_name="任务"
    )
    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="notices", verbose_name="督察问题"
    )
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices", verbose_name="对应条款"
    )
    units = models.ManyToManyField(Department, related_name="notices", verbose_name="责任单位")
    subject = models.CharField("督办事项", max_length=300)
    requirement = models.TextField("督办要求")
    reply_deadline = models.DateField("反馈期限")
    issuing_office = models.CharField("签发单位", max_length=100)
    issued_on = models.DateField("签发日期")
    is_manual = models.BooleanField("领导批示件", default=False)
    source = models.CharField("批示来源", max_length=200, blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.ISSUED)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    reply_text = models.TextField("反馈内容", blank=True)
    replied_at = models.DateTimeField("反馈时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    history = HistoricalRecords(m2m_fields=[units])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "serial"], name="notice_number_unique_per_area_and_year"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"

    @property
    def colour_word(self) -> str:
        return COLOUR_WORDS.get(self.colour, "")

    def is_unanswered(self, today) -> bool:
        return self.state in self.UNANSWERED and self.reply_deadline < today

    def set_state(self, new_state: str, *, comment: str = "") -> str:
        """Check the move against the table and make it; returns the policy's action."""
        action = self.TRANSITIONS.get((self.state, new_state))
        if action is None:
            raise InspectionError(f"督办单不能从“{self.get_state_display()}”变为“{self.State(new_state).label}”。")
        if action == "return" and not comment.strip():
            raise InspectionError("退回时必须填写理由。")
        self.state = new_state
        self.version += 1
        self._change_reason = comment.strip() or self.State(new_state).label
        return action


class Interview(models.Model):
    """约谈: proposed by the ladder to a supervisor — one open proposal per unit, covering its pressed
    matters — who schedules it (who, by whom, when, where) or dismisses it; once held, the outcome
    and a follow-up deadline are recorded. Never automatic."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "建议约谈"
        SCHEDULED = "scheduled", "已安排"
        HELD = "held", "已约谈"
        DISMISSED = "dismissed", "不予约谈"

    OPEN = frozenset({State.PROPOSED, State.SCHEDULED})

    # The matter that prompted the proposal; ``matters`` are all those it covers.
    matter = models.ForeignKey(
        EscalationMatter, on_delete=models.PROTECT, related_name="interviews", verbose_name="督办事项"
    )
    matters = models.ManyToManyField(
        EscalationMatter, blank=True, related_name="covering_interviews", verbose_name="涉及督办事项"
    )
    unit = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="interviews", verbose_name="约谈单位")
    reason = models.CharField("建议理由", max_length=300)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.PROPOSED)
    proposed_on = models.DateField("建议日期")
    scheduled_for = models.DateTimeField("约谈时间", null=True, blank=True)
    interviewee = models.CharField("被约谈人", max_length=100, blank=True)
    interviewer = models.CharField("约谈人", max_length=100, blank=True)
    place = models.CharField("约谈地点", max_length=200, blank=True)
    decision_reason = models.TextField("约谈事由或不予约谈理由", blank=True)
    outcome = models.TextField("约谈情况", blank=True)
    follow_up_deadline = models.DateField("整改跟进期限", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    history = HistoricalRecords(m2m_fields=[matters])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "约谈"
        verbose_name_plural = "约谈"
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            # A unit has at most one open (proposed or scheduled) 约谈 at a time.
            models.UniqueConstraint(
                fields=["unit"], condition=Q(state__in=["proposed", "scheduled"]), name="one_open_interview_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.reason}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN
