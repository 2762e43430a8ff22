from django.urls import path

from tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import_upload, name="plan_import"),
    path("import/<str:token>/", views.plan_import_preview, name="plan_import_preview"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/tasks/", views.task_list, name="task_list"),
    path("<int:pk>/tasks/export.xlsx", views.breakdown_export, name="breakdown_export"),
    path("<int:pk>/breakdown/", views.breakdown_upload, name="breakdown_upload"),
    path("<int:pk>/breakdown/<str:token>/", views.breakdown_preview, name="breakdown_preview"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
]
