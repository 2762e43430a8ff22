from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "规划与部门"

    def ready(self):
        # Registers the policies of this app's models (the models ask it through plans.scoping).
        from plans import policy  # noqa: F401
