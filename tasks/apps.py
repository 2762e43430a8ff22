from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "任务与进展"

    def ready(self):
        from tasks import signals  # noqa: F401 (connects the receivers)
