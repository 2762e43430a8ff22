from django.urls import path

from tasks import progress_views, target_views, views

app_name = "tasks"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import_upload, name="plan_import"),
    path("import/<str:token>/", views.plan_import_preview, name="plan_import_preview"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/tasks/", views.task_list, name="task_list"),
    path("<int:pk>/tasks/export.xlsx", views.breakdown_export, name="breakdown_export"),
    path("<int:pk>/tasks/ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("<int:pk>/breakdown/", views.breakdown_upload, name="breakdown_upload"),
    path("<int:pk>/breakdown/<str:token>/", views.breakdown_preview, name="breakdown_preview"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("mine/", progress_views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/urge/", progress_views.task_urge, name="task_urge"),
    path("review/", progress_views.review_queue, name="review_queue"),
    path("tasks/<int:task_pk>/report/<int:period_pk>/", progress_views.report_edit, name="report_edit"),
    path("progress/<int:pk>/", progress_views.report_detail, name="report_detail"),
    path("progress/<int:pk>/move/", progress_views.report_move, name="report_move"),
    path("evidence/<int:pk>/", progress_views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", progress_views.evidence_delete, name="evidence_delete"),
    path("tasks/<int:task_pk>/targets/<int:year>/", target_views.target_edit, name="target_edit"),
    path("targets/<int:pk>/", target_views.target_detail, name="target_detail"),
    path("targets/<int:pk>/move/", target_views.target_move, name="target_move"),
]
