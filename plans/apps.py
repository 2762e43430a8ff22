from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "规划与部门"

    def ready(self):
        # Registers the policies of this app's models (the models ask it through plans.scoping).
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from plans import policy, retention  # noqa: F401 (the policy registers itself; the retention check)
        from plans.middleware import mark_seen
        from plans.roles import sync_admin_permissions

        user_logged_in.connect(mark_seen, dispatch_uid="plans.mark_seen")
        # The administrators' Django permissions follow plans.roles after every migrate (and flush).
        post_migrate.connect(sync_admin_permissions, dispatch_uid="plans.sync_admin_permissions")
