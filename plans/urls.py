from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("", views.department_list, name="department_list"),
    path("<int:pk>/", views.department_detail, name="department_detail"),
    path("<int:pk>/edit/", views.department_edit, name="department_edit"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("members/<int:pk>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path("members/<int:pk>/password/", views.member_password, name="member_password"),
]
