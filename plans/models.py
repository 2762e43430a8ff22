"""Departments, who belongs to them, and (later) the plans they carry out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from simple_history import register
from simple_history.models import HistoricalRecords

from plans.permissions import actor_for


class DepartmentKind(models.TextChoices):
    DISTRICT = "district", "区级部门"
    SUBDISTRICT = "subdistrict", "街镇"
    OTHER = "other", "其他"


class DepartmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """Department members see their own department; supervisors, leaders and admins see all."""
        actor = actor_for(user)
        if actor.user_id is None:
            return self.none()
        if actor.sees_all_submitted_work:
            return self.all()
        return self.filter(pk=actor.department_id) if actor.department_id else self.none()

    def editable_by(self, user):
        """Administrators edit every department; a department head edits their own contacts."""
        actor = actor_for(user)
        if actor.is_admin:
            return self.all()
        if actor.is_head:
            return self.filter(pk=actor.department_id)
        return self.none()


class Department(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="书写中常见的其他叫法，如“司法局”。")
    kind = models.CharField("类别", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.DISTRICT)
    emails = models.JSONField("联系邮箱", default=list, blank=True)
    is_active = models.BooleanField("启用", default=True)

    history = HistoricalRecords()
    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def all_names(self) -> list[str]:
        return [n for n in [self.name, self.short_name, *self.aliases] if n]


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members of a department see their colleagues; supervisors, leaders and admins see everyone."""
        actor = actor_for(user)
        if actor.user_id is None:
            return self.none()
        if actor.sees_all_submitted_work:
            return self.all()
        return self.filter(Q(department_id=actor.department_id) | Q(user_id=actor.user_id))

    def editable_by(self, user):
        return self.all() if actor_for(user).is_admin else self.none()


class Membership(models.Model):
    """A user acts for exactly one department."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name="用户"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="memberships", verbose_name="部门"
    )
    title = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "部门成员"
        verbose_name_plural = "部门成员"
        ordering = ["department__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.department} · {self.user}"


# Changes to accounts are part of the audit trail too.
if not hasattr(get_user_model(), "history"):
    register(get_user_model(), app="plans", records_class=HistoricalRecords)
