"""Bulk user import from Excel in the admin: dry run first, row-level errors, all or nothing."""

import io

import openpyxl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Membership

HEADER = ["用户名", "姓名", "邮箱", "部门", "角色", "职务"]


def workbook(*rows, header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("users.xlsx", buffer.getvalue())


def post_import(client, upload):
    # Format 0 is XLSX, the first of settings.IMPORT_EXPORT_FORMATS.
    return client.post("/admin/auth/user/import/", {"resource": 0, "format": 0, "import_file": upload})


def test_users_import_with_departments_and_roles_after_confirmation(client, actors):
    """A user list imports with departments and roles once the preview is confirmed."""
    client.force_login(actors.admin)
    upload = workbook(
        ["zhou", "周敏", "zhou@baoshan.example.gov.cn", "司法局", "部门填报员", "科员"],
        ["wu", "吴刚", "wu@baoshan.example.gov.cn", "区市场监管局", "部门负责人、部门填报员", "科长"],
    )
    preview = post_import(client, upload)
    assert preview.status_code == 200
    assert not get_user_model().objects.filter(username__in=["zhou", "wu"]).exists()  # a dry run first
    form = preview.context["confirm_form"]
    confirmed = client.post("/admin/auth/user/process_import/", form.initial)
    assert confirmed.status_code == 302
    zhou = Membership.objects.select_related("department").get(user__username="zhou")
    assert zhou.department == actors.justice
    wu = get_user_model().objects.get(username="wu")
    assert sorted(g.name for g in wu.groups.all()) == ["部门填报员", "部门负责人"]
    assert not wu.has_usable_password()
    assert wu.history.exists()


def test_an_unknown_department_is_refused_by_row_and_nothing_is_written(client, actors):
    """A user list naming an unknown department is refused by row and no user is created."""
    client.force_login(actors.admin)
    before = get_user_model().objects.count()
    upload = workbook(
        ["zhou", "周敏", "zhou@baoshan.example.gov.cn", "区司法局", "部门填报员", ""],
        ["qian", "钱多", "qian@baoshan.example.gov.cn", "区火星事务局", "部门填报员", ""],
        ["sun", "孙悟", "sun@baoshan.example.gov.cn", "区司法局", "超级管理员", ""],
    )
    response = post_import(client, upload)
    page = response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert "未知部门“区火星事务局”" in page
    assert "未知角色“超级管理员”" in page
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [2, 3]
    assert get_user_model().objects.count() == before
    assert not Membership.objects.filter(user__username="zhou").exists()
