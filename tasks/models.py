"""Tasks: what a department must do under a plan, made from its clauses and items."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from plans.models import Clause, Department, Item, Plan
from plans.permissions import actor_for


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tasks are the plan's public content: every role reads them."""
        return self.filter(plan__in=Plan.objects.visible_to(user))

    def editable_by(self, user):
        """Supervisors and administrators assign departments and deadlines."""
        return self.filter(plan__in=Plan.objects.editable_by(user))

    def for_department(self, department_id: int):
        return self.filter(assignments__department_id=department_id).distinct()

    def mine(self, user):
        """The tasks the user's department leads or supports."""
        actor = actor_for(user)
        if not actor.department_id:
            return self.none()
        return self.visible_to(user).for_department(actor.department_id)


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="规划")
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks", verbose_name="条"
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks", verbose_name="项"
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
    unresolved_departments = models.JSONField(
        "未识别的部门", default=list, blank=True, help_text="原文中出现但未能对应到部门的名称，待人工处理。"
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

    class Meta:
        verbose_name = "责任分工"
        verbose_name_plural = "责任分工"
        ordering = ["task", "role", "department__name"]
        constraints = [models.UniqueConstraint(fields=["task", "department"], name="one_role_per_department_and_task")]

    def __str__(self) -> str:
        return f"{self.task.code} {self.department} {self.get_role_display()}"
