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
    # Set for a message to a group robot (its markdown); unset for an email.
    robot = models.ForeignKey(
        "notifications.Robot",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name="群机器人",
    )
    # Files sent with the mail, rendered when it is sent: [{"kind": ..., "id": ...}] naming a
    # renderer a higher app registered (notifications.attachments).
    attachments = models.JSONField("附件", default=list, blank=True)
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


class Robot(models.Model):
    """A group robot (群机器人) that gets the messages of a leader or of a department too: a
    企业微信 group robot (markdown) or a 钉钉 robot with 加签 (HMAC-SHA256 of timestamp and secret).
    The secret is written once and never shown again."""

    class Kind(models.TextChoices):
        WECOM = "wecom", "企业微信群机器人"
        DINGTALK = "dingtalk", "钉钉群机器人（加签）"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=50)
    webhook = models.URLField("Webhook 地址", max_length=500)
    secret = models.CharField(
        "加签密钥", max_length=200, blank=True, help_text="钉钉机器人的加签密钥；保存后不再显示。"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="robots",
        verbose_name="区领导",
    )
    department = models.ForeignKey(
        "plans.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="robots",
        verbose_name="部门",
    )
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["secret"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "群机器人"
        verbose_name_plural = "群机器人"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, department__isnull=True)
                | models.Q(user__isnull=True, department__isnull=False),
                name="robot_belongs_to_a_user_or_a_department",
            ),
            models.CheckConstraint(condition=~models.Q(kind="dingtalk", secret=""), name="dingtalk_robot_has_a_secret"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.name}"
