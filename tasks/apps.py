from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "任务与进展"

    def ready(self):
        # Registers the policies of this app's models (the models ask it through plans.scoping).
        from tasks import policies  # noqa: F401
