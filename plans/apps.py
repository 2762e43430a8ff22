from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "规划与部门"

    def ready(self):
        # Registers the policies of this app's models (the models ask it through plans.scoping).
        from django.contrib.auth.signals import user_logged_in

        from plans import policy  # noqa: F401
        from plans.middleware import mark_seen

        user_logged_in.connect(mark_seen, dispatch_uid="plans.mark_seen")
