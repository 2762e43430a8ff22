from django.urls import path

from reports import digest_views, views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.department_home, name="department_home"),
    path("supervision/", views.supervision_home, name="supervision_home"),
    path("overview/", views.overview, name="overview"),
    path("city/", views.city, name="city"),
    path("todo/", views.todo_page, name="todo"),
    path("settings/notifications/", views.notification_settings, name="notification_settings"),
]
urlpatterns += [
    path("midterm/", views.midterm_list, name="midterm_list"),
    path("midterm/<int:pk>/", views.midterm_detail, name="midterm_detail"),
    path("midterm/<int:pk>/progress/", views.midterm_progress, name="midterm_progress"),
    path("midterm/<int:pk>/finalize/", views.midterm_finalize_view, name="midterm_finalize"),
    path("midterm/<int:pk>/<str:kind>/", views.midterm_download, name="midterm_download"),
    path("midterm/sources/", views.midterm_source_add, name="midterm_source_add"),
    path("midterm/sources/<int:pk>/file/", views.midterm_source_file, name="midterm_source_file"),
    path("midterm/indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
]
urlpatterns += [
    path("digest/", digest_views.digest, name="digest"),
    path("digest/past/", digest_views.digest_archive, name="digest_archive"),
    path("digest/<int:pk>/", digest_views.digest_detail, name="digest_detail"),
    path("digest/settings/", digest_views.digest_pause, name="digest_pause"),
    path("digest/scope/<int:pk>/", digest_views.digest_scope, name="digest_scope"),
    path("digest/preview/", digest_views.digest_preview, name="digest_preview"),
    path("digest/preview/send/", digest_views.digest_send, name="digest_send"),
    path("digest/robots/", digest_views.digest_robots, name="digest_robots"),
    path("digest/robots/<int:pk>/remove/", digest_views.digest_robot_remove, name="digest_robot_remove"),
]
# The annual 法治政府建设年度报告, the public page (政务公开, no login) and the ledgers.
from reports import annual_views, public  # noqa: E402

urlpatterns += [
    path("annual/", annual_views.annual_list, name="annual_list"),
    path("annual/<int:pk>/", annual_views.annual_detail, name="annual_detail"),
    path("annual/<int:pk>/move/", annual_views.annual_move, name="annual_move"),
    path("annual/<int:pk>/<str:kind>/", annual_views.annual_download, name="annual_download"),
    path("annual/public/<int:pk>/", annual_views.public_switch, name="public_switch"),
    path("public/<int:pk>/", public.public_plan, name="public_plan"),
    path("public/<int:pk>/reports/<int:report_pk>.pdf", public.public_report_pdf, name="public_report_pdf"),
    path("ledgers/progress/", annual_views.progress_ledger, name="progress_ledger"),
    path("ledgers/departments.xlsx", annual_views.department_ledger, name="department_ledger"),
]
