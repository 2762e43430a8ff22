from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.health import healthz

admin.site.site_header = "督办 · 系统管理"
admin.site.site_title = "督办"
admin.site.index_title = "系统管理"
admin.site.site_url = "/supervision/"  # "查看站点": administrators see the district overview

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A user's own account: allowed to read-only users too (plans.policy.OWN_ACCOUNT_VIEWS).
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("departments/", include("plans.urls")),
    path("audit/", include("plans.audit_urls")),
    path("", include("tasks.urls")),
    path("inspections/", include("inspections.urls")),
    path("", include("reports.urls")),
]
