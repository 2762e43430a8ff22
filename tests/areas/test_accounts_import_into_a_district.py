"""An administrator of a city imports accounts for two districts from one sheet: each row's
department is found in its own district (both have a 区司法局), a leader is kept in their district."""

import io

import openpyxl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Area, AreaKind, Department, Membership, default_area_id
from tests.plans.test_user_import import post_import

HEADER = ["用户名", "姓名", "邮箱", "区域", "部门", "角色", "职务"]


def _sheet(*rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("users.xlsx", buffer.getvalue())


def test_each_row_finds_its_department_in_its_own_district(client, actors):
    baoshan = Area.objects.get(pk=default_area_id())
    city = Area.objects.create(name="上海市", kind=AreaKind.CITY)
    baoshan.parent = city
    baoshan.save()
    jiading = Area.objects.create(name="嘉定区", short_name="嘉定", parent=city)
    jiading_justice = Department.objects.create(area=jiading, name="区司法局", aliases=["嘉定区司法局"])

    client.force_login(actors.admin)
    preview = post_import(
        client,
        _sheet(
            ["zhou", "周敏", "zhou@example.gov.cn", "", "区司法局", "司法局督察员", "科员"],
            ["wu", "吴刚", "wu@example.gov.cn", "嘉定区", "区司法局", "司法局督察员", "科长"],
            ["qian", "钱区长", "qian@example.gov.cn", "嘉定区", "", "区领导", "副区长"],
        ),
    )
    confirmed = client.post("/admin/auth/user/process_import/", preview.context["confirm_form"].initial)
    assert confirmed.status_code == 302

    memberships = {m.user.username: m for m in Membership.objects.select_related("user")}
    assert memberships["zhou"].department == actors.justice and memberships["zhou"].area == baoshan
    assert memberships["wu"].department == jiading_justice and memberships["wu"].area == jiading
    assert memberships["qian"].department is None and memberships["qian"].area == jiading


def test_an_unknown_district_is_a_row_error_and_nothing_is_imported(client, actors):
    client.force_login(actors.admin)
    preview = post_import(
        client,
        _sheet(
            ["zhou", "周敏", "zhou@example.gov.cn", "", "区司法局", "部门填报员", ""],
            ["wu", "吴刚", "wu@example.gov.cn", "火星区", "区司法局", "部门填报员", ""],
        ),
    )
    assert "未知区域“火星区”" in preview.content.decode()
    assert not get_user_model().objects.filter(username__in=["zhou", "wu"]).exists()
