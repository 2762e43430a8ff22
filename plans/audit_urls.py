from django.urls import path

from plans import audit_views

app_name = "audit"
urlpatterns = [
    path("", audit_views.audit_log, name="log"),
    path("export.xlsx", audit_views.audit_export, name="export"),
]
