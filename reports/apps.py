from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "报告与总览"

    def ready(self):
        # Registers the policies of this app's models (the models ask it through plans.scoping).
        from reports import policies  # noqa: F401
