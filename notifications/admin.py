"""The administrator's view of group robots and of outgoing messages (failures with their error)."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from notifications.models import Delivery, Robot


class RobotForm(forms.ModelForm):
    """The secret is written, never shown again: the field is always empty, and left empty it
    keeps the secret saved before."""

    webhook = forms.URLField(label="Webhook 地址", max_length=500, assume_scheme="https")
    secret = forms.CharField(
        label="加签密钥",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="钉钉机器人的加签密钥（SEC 开头）；保存后不再显示，留空则保持不变。",
    )

    class Meta:
        model = Robot
        fields = ["kind", "name", "webhook", "secret", "user", "department", "is_active"]

    def clean_secret(self):
        return self.cleaned_data["secret"] or (self.instance.secret if self.instance.pk else "")


@admin.register(Robot)
class RobotAdmin(SimpleHistoryAdmin):
    form = RobotForm
    list_display = ["name", "kind", "user", "department", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]


@admin.register(Delivery)
class DeliveryAdmin(SimpleHistoryAdmin):
    list_display = ["key", "template", "status", "attempts", "last_error", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["key", "last_error"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False
