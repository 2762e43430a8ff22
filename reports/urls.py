from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.department_home, name="department_home"),
    path("supervision/", views.supervision_home, name="supervision_home"),
    path("overview/", views.overview, name="overview"),
]
