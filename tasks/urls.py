"""The pages of plans, tasks and the work reported on them.

Plan pages are served by this app, not by ``plans``: a plan's pages list its tasks and importing a
plan creates them, and ``plans`` (the lowest layer) may not import ``tasks``."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from tasks import extension_views, progress_views, target_views, views


class MovedPermanently(RedirectView):
    """An old address: 301 for reading, 308 for a form posted to it (the method is kept)."""

    permanent = True
    query_string = True

    def post(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.status_code = 308
        return response


app_name = "tasks"
urlpatterns = [
    # Plans, their import and their task tables: /plans/
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/import/", views.plan_import_upload, name="plan_import"),
    path("plans/import/<str:token>/", views.plan_import_preview, name="plan_import_preview"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/current/", views.plan_mark_current, name="plan_mark_current"),
    path("plans/<int:pk>/archive/", views.plan_archive, name="plan_archive"),
    path("plans/<int:pk>/revise/", views.plan_revise_upload, name="plan_revise"),
    path("plans/<int:pk>/revise/<str:token>/", views.plan_revise_preview, name="plan_revise_preview"),
    path("plans/<int:pk>/tasks/", views.task_list, name="task_list"),
    path("plans/<int:pk>/tasks/export.xlsx", views.breakdown_export, name="breakdown_export"),
    path("plans/<int:pk>/tasks/ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("plans/<int:pk>/breakdown/", views.breakdown_upload, name="breakdown_upload"),
    path("plans/<int:pk>/breakdown/<str:token>/", views.breakdown_preview, name="breakdown_preview"),
    # Every task the user sees, across plans (filtered), and one task with what is reported on it: /tasks/
    path("tasks/", views.task_search, name="task_search"),
    path("tasks/export.xlsx", views.task_search_export, name="task_search_export"),
    path("tasks/mine/", progress_views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/urge/", progress_views.task_urge, name="task_urge"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:task_pk>/report/<int:period_pk>/", progress_views.report_edit, name="report_edit"),
    path("tasks/<int:task_pk>/targets/<int:year>/", target_views.target_edit, name="target_edit"),
    # The reviewed work itself: /progress/, /evidence/, /targets/, and the queue: /review/
    path("review/", progress_views.review_queue, name="review_queue"),
    path("review/accept/", progress_views.review_accept_many, name="review_accept_many"),
    path("progress/<int:pk>/", progress_views.report_detail, name="report_detail"),
    path("progress/<int:pk>/move/", progress_views.report_move, name="report_move"),
    path("evidence/<int:pk>/", progress_views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", progress_views.evidence_delete, name="evidence_delete"),
    path("evidence/<int:pk>/preview/", progress_views.evidence_preview, name="evidence_preview"),
    # 延期申请: asked on the task, decided on its own page
    path("tasks/<int:pk>/extension/", extension_views.extension_request_view, name="extension_request"),
    path("extensions/<int:pk>/", extension_views.extension_detail, name="extension_detail"),
    path("extensions/<int:pk>/decide/", extension_views.extension_decide_view, name="extension_decide"),
    path("targets/<int:pk>/", target_views.target_detail, name="target_detail"),
    path("targets/<int:pk>/move/", target_views.target_move, name="target_move"),
    # Addresses of the first release, when everything lived under /plans/.
    path("plans/mine/", MovedPermanently.as_view(url="/tasks/mine/"), name="old_my_tasks"),
    path("plans/review/", MovedPermanently.as_view(url="/review/"), name="old_review_queue"),
    re_path(
        r"^plans/(?P<rest>(?:tasks|progress|evidence|targets)/\d+/.*)$",
        MovedPermanently.as_view(url="/%(rest)s"),
        name="old_task_pages",
    ),
]
