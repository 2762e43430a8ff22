from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("", views.department_list, name="department_list"),
    path("<int:pk>/", views.department_detail, name="department_detail"),
    path("<int:pk>/edit/", views.department_edit, name="department_edit"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
]
