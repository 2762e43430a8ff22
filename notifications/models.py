"""Outgoing messages, each claimed once by a unique key before it is sent.

A reminder for one item and stage has one key; whichever process inserts the row first sends it,
and a second run, a retry or a second beat process finds the key taken and sends nothing."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from plans.scoping import ScopedQuerySet


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    key = models.CharField("唯一键", max_length=200, unique=True)
    template = models.CharField("邮件模板", max_length=50)
    context = models.JSONField("内容", default=dict)
    recipients = models.JSONField("收件人", default=list)
    department = models.ForeignKey(
        "plans.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name="部门",
    )
    ref = models.CharField("关联对象", max_length=50, blank=True, db_index=True, help_text="如 task:12")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    lease_until = models.DateTimeField("发送租约到期", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发起人",
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "消息投递"
        verbose_name_plural = "消息投递"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.key
