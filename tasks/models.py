"""Tasks: what a department must do under a plan, made from its clauses and items."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import Clause, Department, Item, Plan
from plans.parsing import normalize_code
from plans.policy import actor_for
from plans.scoping import ScopedQuerySet, policy_for


class TaskQuerySet(ScopedQuerySet):
    def for_department(self, department_id: int):
        return self.filter(assignments__department_id=department_id).distinct()

    def search(self, text: str):
        """Title or content containing ``text``, or the task numbered so: 二十, (二十), （二十）, 20, 9.2."""
        text = text.strip()
        if not text:
            return self
        code = normalize_code(text) if len(text) <= 12 else None
        if text.isascii() and text.replace(".", "").isdigit():
            return self.filter(code=code)  # "20" means task 20, not every text that mentions 20
        q = models.Q(title__icontains=text) | models.Q(content__icontains=text)
        return self.filter(q | models.Q(code=code) if code else q)

    def mine(self, user):
        """The tasks the user's department leads or supports."""
        actor = actor_for(user)
        if not actor.department_id:
            return self.none()
        return self.visible_to(user).for_department(actor.department_id)


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="规划")
    # SET_NULL: a revision that drops a clause archives its task with the progress reported on it.
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name="条"
    )
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name="项"
    )
    code = models.CharField("编号", max_length=30, help_text="如“9”或“9.2”，按条、项编号。")
    title = models.CharField("任务", max_length=500)
    content = models.TextField("任务内容", blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    deadline_phrase = models.CharField("时限原文", max_length=100, blank=True)
    is_ongoing = models.BooleanField("持续推进", default=False, help_text="长期任务，按年度检查，不会“完成”。")
    yearly_target = models.TextField("年度目标", blank=True)
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=1)
    position = models.PositiveIntegerField("顺序")
    archived_at = models.DateTimeField(
        "归档时间", null=True, blank=True, help_text="修订后规划中已没有此任务；其进展记录保留。"
    )
    unresolved_departments = models.JSONField(
        "未识别的部门", default=list, blank=True, help_text="原文中出现但未能对应到部门的名称，待人工处理。"
    )
    # Bumped by each edit on the task's page (departments, deadline, weight): plans.locking refuses
    # an edit made over a version the user did not see.
    version = models.PositiveIntegerField("版本", default=1)
    # The task's own due dates moved by a granted 延期申请 ({"original ISO date": "new ISO date"}):
    # the clause's milestone stays as written for the other tasks. Why is in DeadlineExtension.
    due_overrides = models.JSONField(
        "延期后的时限", default=dict, blank=True, help_text="经批准的延期申请改动的本任务时限（原时限 → 新时限）。"
    )

    history = HistoricalRecords()
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="task_code_unique_in_plan"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="task_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def lead_departments(self) -> list[Department]:
        return [a.department for a in self.assignments.all() if a.role == Assignment.Role.LEAD]

    @property
    def supporting_departments(self) -> list[Department]:
        return [a.department for a in self.assignments.all() if a.role == Assignment.Role.SUPPORT]


class Assignment(models.Model):
    """A department's part in a task: lead (牵头) or supporting (配合)."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头"
        SUPPORT = "support", "配合"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments", verbose_name="任务")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="assignments", verbose_name="部门"
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "责任分工"
        verbose_name_plural = "责任分工"
        ordering = ["task", "role", "department__name"]
        constraints = [models.UniqueConstraint(fields=["task", "department"], name="one_role_per_department_and_task")]

    def __str__(self) -> str:
        return f"{self.task.code} {self.department} {self.get_role_display()}"

    def owes_report(self, period: ReportingPeriod) -> bool:
        """Whether the role owes a report for ``period``: the one definition in tasks.status."""
        from tasks.status import owes_report

        return owes_report(self.role, period)


class ReportingPeriod(models.Model):
    """One reporting period of a plan (a quarter by default) and the date its reports are due."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods", verbose_name="规划")
    year = models.PositiveSmallIntegerField("年度")
    index = models.PositiveSmallIntegerField("序号", help_text="年内第几个周期")
    label = models.CharField("名称", max_length=30)
    start = models.DateField("开始")
    end = models.DateField("结束")
    due_date = models.DateField("报送截止")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "报送周期"
        verbose_name_plural = "报送周期"
        ordering = ["plan", "start"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "index"], name="one_period_per_index"),
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="period_start_before_end"),
            models.CheckConstraint(condition=models.Q(end__lte=models.F("due_date")), name="period_due_after_end"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_last_of_year(self) -> bool:
        return self.end.month == 12


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    CONFIRMED = "confirmed", "部门已确认"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已通过"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    COMPLETED = "completed", "已完成"
    ONGOING = "ongoing", "持续推进"


# States in which the work counts as handed in (a returned one is being revised: not in).
HANDED_IN_STATES = frozenset({ReportState.SUBMITTED, ReportState.CONFIRMED, ReportState.ACCEPTED})


class ReportTransitionError(Exception):
    """A move the report's workflow does not allow (for example accepting a draft)."""


class ReviewedWorkQuerySet(ScopedQuerySet):
    def awaiting(self, user):
        """The work waiting for ``user``'s step, oldest first, or None for a user with no step."""
        return policy_for(self.model).awaiting(user, self)


class ReviewedWork(models.Model):
    """Department-owned work that goes draft → submitted (staff) → confirmed (head) → accepted or
    returned (supervisor) → revised and resubmitted: progress reports and yearly targets."""

    # (from, to): the policy's action for the move (tasks.policies says who may make it)
    TRANSITIONS = {
        (ReportState.DRAFT, ReportState.SUBMITTED): "submit",
        (ReportState.RETURNED, ReportState.SUBMITTED): "submit",
        (ReportState.SUBMITTED, ReportState.CONFIRMED): "confirm",
        (ReportState.SUBMITTED, ReportState.RETURNED): "return",  # the head's, inside the department
        (ReportState.CONFIRMED, ReportState.ACCEPTED): "accept",
        (ReportState.CONFIRMED, ReportState.RETURNED): "return",
        (ReportState.ACCEPTED, ReportState.RETURNED): "reopen",  # with a reason
        # Taken back before the next step acts: staff before the head confirms, the head before a
        # supervisor reviews. It is a draft again.
        (ReportState.SUBMITTED, ReportState.DRAFT): "withdraw",
        (ReportState.CONFIRMED, ReportState.DRAFT): "withdraw",
    }
    EDITABLE_STATES = {ReportState.DRAFT, ReportState.RETURNED}

    state = models.CharField("状态", max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    review_comment = models.TextField("审核意见", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    # Set by the actions (not auto_now), so that work recorded with a clock keeps its dates.
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    first_submitted_at = models.DateTimeField("首次提交时间", null=True, blank=True)
    returned_by_reviewer = models.BooleanField("被督察员退回", default=False)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="最后修改人",
    )

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    # What the button for each move says.
    ACTION_LABELS = {
        ReportState.SUBMITTED: "提交",
        ReportState.CONFIRMED: "确认上报",
        ReportState.ACCEPTED: "审核通过",
        ReportState.RETURNED: "退回",
        ReportState.DRAFT: "撤回",
    }

    def action_for(self, new_state: str) -> str:
        """The policy's action that moves this work to ``new_state``, or a ReportTransitionError."""
        if new_state not in ReportState.values:
            raise ReportTransitionError("未知的操作。")
        action = self.TRANSITIONS.get((self.state, new_state))
        if action is None:
            raise ReportTransitionError(
                f"不能从“{ReportState(self.state).label}”变为“{ReportState(new_state).label}”。"
            )
        return action

    def set_state(self, new_state: str, *, user, comment: str = "", now=None) -> None:
        """Check the move against the table, change the state, stamp who and when; the caller
        (tasks.actions) asked the policy and saves."""
        self.action_for(new_state)
        if new_state == ReportState.RETURNED and not comment.strip():
            raise ReportTransitionError("退回时必须填写意见。")
        now = now or timezone.now()
        # A supervisor's return (from confirmed or accepted) is public; a head's is the department's own.
        self.returned_by_reviewer = new_state == ReportState.RETURNED and self.state in {
            ReportState.CONFIRMED,
            ReportState.ACCEPTED,
        }
        self.state = new_state
        self.updated_by = user
        self.version += 1
        if new_state == ReportState.DRAFT:
            # A withdrawn hand-in was never handed in: punctuality is judged by the next one.
            if self.first_submitted_at == self.submitted_at:
                self.first_submitted_at = None
            self.submitted_at = None
            self.confirmed_at = None
        elif new_state == ReportState.SUBMITTED:
            self.submitted_at = now
            # Punctuality is judged by the first submission: a return does not make it late.
            self.first_submitted_at = self.first_submitted_at or now
        elif new_state == ReportState.CONFIRMED:
            self.confirmed_at = now
        elif new_state in {ReportState.ACCEPTED, ReportState.RETURNED}:
            self.reviewed_at = now
        # The comment belongs to this step: a return's reasons do not linger on the acceptance.
        self.review_comment = comment.strip()
        self._change_reason = comment.strip() or ReportState(new_state).label


class ProgressReport(ReviewedWork):
    """A department's report on one task for one period: its own part, lead or supporting."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name="任务")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="reports", verbose_name="部门")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name="周期")
    progress_status = models.CharField(
        "推进状态", max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.IN_PROGRESS
    )
    percent_complete = models.PositiveSmallIntegerField(
        "完成百分比", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField("进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下一步计划", blank=True)
    indicator_values = models.JSONField("指标完成值", default=dict, blank=True)

    history = HistoricalRecords()
    objects = ReviewedWorkQuerySet.as_manager()

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        # No default ordering: one that joins task and period would cost every query; lists order
        # explicitly.
        constraints = [
            models.UniqueConstraint(
                fields=["task", "department", "period"], name="one_report_per_task_department_period"
            ),
            models.CheckConstraint(
                condition=models.Q(percent_complete__isnull=True) | models.Q(percent_complete__lte=100),
                name="percent_complete_0_100",
            ),
        ]
        # The review queue: the few reports waiting for a step, oldest first, among 100,000 that
        # do not (partial indexes stay as small as the queue).
        indexes = [
            models.Index(
                fields=["confirmed_at", "id"], condition=models.Q(state="confirmed"), name="report_awaiting_review"
            ),
            models.Index(
                fields=["department", "submitted_at", "id"],
                condition=models.Q(state="submitted"),
                name="report_awaiting_confirmation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.department} {self.period}"

    def submission_problem(self) -> str | None:
        return None if self.narrative.strip() else "请先填写进展情况再提交。"


def evidence_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{instance.report.task.plan_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceQuerySet(ScopedQuerySet):
    def shown(self):
        return self.filter(removed_at__isnull=True)


class ShownEvidenceManager(models.Manager.from_queryset(EvidenceQuerySet)):
    """Evidence still attached to its report: what pages and reports list. A removed piece that
    was part of an accepted report is hidden, not destroyed; ``Evidence.all_objects`` and the
    history still reach it."""

    def get_queryset(self):
        return super().get_queryset().shown()


class Evidence(models.Model):
    """A file that backs a progress report; stored outside the web root, served through a view."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence", verbose_name="报告")
    file = models.FileField("文件", upload_to=evidence_path)
    original_name = models.CharField("文件名", max_length=255)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    # Set when a report carrying this file is accepted: from then on the file is evidence of record,
    # and removing it hides it (removed_at) instead of deleting it.
    was_accepted = models.BooleanField("曾随报告审核通过", default=False)
    removed_at = models.DateTimeField("删除时间", null=True, blank=True)

    history = HistoricalRecords()
    objects = ShownEvidenceManager()
    all_objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class YearlyTarget(ReviewedWork):
    """年度目标: what the lead department commits to for one task in one year, reviewed like a report."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="yearly_targets", verbose_name="任务")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="yearly_targets", verbose_name="部门"
    )
    year = models.PositiveSmallIntegerField("年度")
    targets = models.TextField("年度目标", blank=True)
    measures = models.TextField("推进措施", blank=True)
    indicator_targets = models.JSONField("指标目标值", default=dict, blank=True)

    history = HistoricalRecords()
    objects = ReviewedWorkQuerySet.as_manager()

    class Meta:
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"
        ordering = ["-year", "task__position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "department", "year"], name="one_target_per_task_department_year")
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.department} {self.year}年"

    def submission_problem(self) -> str | None:
        return None if self.targets.strip() else "请先填写年度目标再提交。"


class YearlyMilestone(models.Model):
    """A dated step the lead department sets in its yearly target; once approved it counts for the light."""

    target = models.ForeignKey(
        YearlyTarget, on_delete=models.CASCADE, related_name="milestones", verbose_name="年度目标"
    )
    due_date = models.DateField("时间节点")
    description = models.CharField("节点内容", max_length=200)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度节点"
        verbose_name_plural = "年度节点"
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.due_date} {self.description}"


class DeadlineExtension(models.Model):
    """延期申请: a department asks to move one of its task's due dates, with a reason and a proposed
    date; a supervisor grants or refuses it. A grant moves the task's own date (``Task.due_overrides``),
    never the clause's milestone that other tasks share."""

    class State(models.TextChoices):
        REQUESTED = "requested", "待审批"
        GRANTED = "granted", "已批准"
        REFUSED = "refused", "未批准"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions", verbose_name="任务")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="extensions", verbose_name="申请部门"
    )
    original_due = models.DateField("原时限")
    proposed_due = models.DateField("申请延至")
    reason = models.TextField("延期理由")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.REQUESTED)
    decision_comment = models.TextField("审批意见", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposed_due__gt=models.F("original_due")), name="extension_moves_later"
            ),
            # One open request per task, department and date at a time.
            models.UniqueConstraint(
                fields=["task", "department", "original_due"],
                condition=models.Q(state="requested"),
                name="one_open_extension_per_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.department} {self.original_due} → {self.proposed_due}"


class ImportClaim(models.Model):
    """A staged upload confirmed once: the first confirmation inserts the row (a unique token),
    so that a second one — a double click, another tab — finds it taken, on SQLite and on
    PostgreSQL alike (the second insert waits for the first transaction, then fails)."""

    token = models.CharField("暂存编号", max_length=64, unique=True)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, related_name="+", verbose_name="规划")
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="确认人"
    )
    claimed_at = models.DateTimeField("确认时间", default=timezone.now)

    class Meta:
        verbose_name = "导入确认"
        verbose_name_plural = "导入确认"

    def __str__(self) -> str:
        return self.token
