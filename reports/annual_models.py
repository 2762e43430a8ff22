"""The annual 法治政府建设年度报告: one per plan, year and department (the district's has none),
the 第一责任人履职 form that goes with it, and the plan's public page switch (政务公开).

Imported by ``reports.models`` so that Django finds them; kept apart so that the annual report's
code lives in its own modules."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import Department, Plan
from plans.scoping import ScopedQuerySet

# The sections a person may rewrite; blank keeps the text drafted from the year's data.
SECTION_KEYS = ("achievements", "shortcomings", "duty", "arrangements", "other")


def annual_path(instance, filename: str) -> str:
    return f"annual/{instance.plan_id}/{uuid.uuid4().hex}-{filename}"


class AnnualReport(models.Model):
    """A year's report of the district (``department`` empty) or of one department.

    A department's: drafted and edited by the department, confirmed by its head, submitted to the
    司法局, which accepts or returns it; an accepted one may be published. The district's: drafted
    and edited by the 司法局's supervisors and published. Publishing stores the PDF, which the
    public page (政务公开) serves and which never changes afterwards."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        CONFIRMED = "confirmed", "负责人已确认"
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已通过"
        PUBLISHED = "published", "已公开"

    # state → the states a move may lead to (district reports go from draft straight to published).
    TRANSITIONS = {
        "draft": {"confirmed", "published"},
        "returned": {"confirmed"},
        "confirmed": {"submitted", "draft"},
        "submitted": {"accepted", "returned"},
        "accepted": {"published"},
        "published": set(),
    }

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="annual_reports", verbose_name="规划")
    year = models.PositiveSmallIntegerField("年度")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_reports",
        verbose_name="部门",
        help_text="空：全区报告。",
    )
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    sections = models.JSONField("改写的章节", default=dict, blank=True)
    comment = models.TextField("退回意见", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    pdf = models.FileField("公开的PDF", upload_to=annual_path, blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法治政府建设年度报告"
        verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year", "department__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "department"], name="annual_one_per_department_year"),
            models.UniqueConstraint(
                fields=["plan", "year"], condition=Q(department__isnull=True), name="annual_one_district_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False), name="annual_published_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_name}{self.year}年法治政府建设年度报告"

    @property
    def is_district(self) -> bool:
        return self.department_id is None

    @property
    def scope_name(self) -> str:
        return "全区" if self.is_district else self.department.name

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_open_for_edit(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    def section(self, key: str) -> str:
        return (self.sections or {}).get(key, "") or ""


class DutyRecord(models.Model):
    """三、第一责任人履职: what the principal officer did in the year, as figures the unit fills in
    (not phrases the generator could guess). The district report adds up the departments'."""

    report = models.OneToOneField(AnnualReport, on_delete=models.CASCADE, related_name="duty", verbose_name="年度报告")
    meetings_chaired = models.PositiveSmallIntegerField("主持召开会议专题研究法治建设（次）", default=0)
    learning_sessions = models.PositiveSmallIntegerField("组织集体学法（次）", default=0)
    decisions_reviewed = models.PositiveSmallIntegerField("重大行政决策经合法性审查（件）", default=0)
    documents_reviewed = models.PositiveSmallIntegerField("规范性文件经合法性审核（件）", default=0)
    court_appearances = models.PositiveSmallIntegerField("负责人出庭应诉（次）", default=0)
    notes = models.TextField("其他履职情况", blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    FIGURES = ("meetings_chaired", "learning_sessions", "decisions_reviewed", "documents_reviewed", "court_appearances")

    class Meta:
        verbose_name = "第一责任人履职情况"
        verbose_name_plural = "第一责任人履职情况"

    def __str__(self) -> str:
        return f"{self.report} 第一责任人履职"

    @property
    def is_filled(self) -> bool:
        return any(getattr(self, f) for f in self.FIGURES) or bool(self.notes.strip())


class PublicPage(models.Model):
    """政务公开: whether the plan's public page answers at all. Off unless a supervisor switches it on."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="public_page", verbose_name="规划")
    enabled = models.BooleanField("公开", default=False)
    changed_at = models.DateTimeField("最近变更", default=timezone.now)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "政务公开页面"
        verbose_name_plural = "政务公开页面"

    def __str__(self) -> str:
        return f"{self.plan} 政务公开（{'开' if self.enabled else '关'}）"

    def clean(self):
        if self.plan_id and self.plan.archived_at and self.enabled:
            raise ValidationError("已归档的规划不能公开。")


__all__ = ["SECTION_KEYS", "AnnualReport", "DutyRecord", "PublicPage"]
