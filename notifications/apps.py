from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "通知"

    def ready(self):
        # Registers the policy of deliveries (the model asks it through plans.scoping).
        from notifications import checks, policies  # noqa: F401
