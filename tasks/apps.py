from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "任务与进展"

    def ready(self):
        # Registers the policies of this app's models (the models ask it through plans.scoping),
        # and the receivers that clear cached figures.
        from tasks import policies, signals  # noqa: F401
