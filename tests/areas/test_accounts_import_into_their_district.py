"""Bulk accounts name their 区域: 嘉定's 区司法局 staff land in 嘉定's bureau (not 宝山's, made first),
a leader with only a 区域 belongs to that district; without the column, the first district as before."""

from functools import partial

from django.contrib.auth import get_user_model

from plans.models import Membership
from plans.policy import actor_for
from tests.plans import test_user_import

HEADER = ["用户名", "姓名", "邮箱", "部门", "角色", "职务", "区域"]
workbook = partial(test_user_import.workbook, header=HEADER)


def test_accounts_are_imported_into_the_named_district(client, districts):
    admin = districts.users["admin"]
    client.force_login(admin)
    upload = workbook(
        ["jzhou", "周敏", "jzhou@jiading.example.gov.cn", "区司法局", "司法局督察员", "科员", "嘉定区"],
        ["jqian", "钱区长", "jqian@jiading.example.gov.cn", "", "区领导", "副区长", "嘉定区"],
        ["bwu", "吴刚", "bwu@baoshan.example.gov.cn", "区司法局", "部门填报员", "科员", ""],
    )
    preview = client.post("/admin/auth/user/import/", {"resource": 0, "format": 0, "import_file": upload})
    assert preview.status_code == 200 and "confirm_form" in preview.context, preview.content.decode()[:3000]
    confirmed = client.post("/admin/auth/user/process_import/", preview.context["confirm_form"].initial)
    assert confirmed.status_code == 302
    assert Membership.objects.get(user__username="jzhou").department == districts.world.justice
    assert Membership.objects.get(user__username="bwu").department == districts.baoshan_justice
    leader = get_user_model().objects.get(username="jqian")
    assert (leader.membership.department, leader.membership.area) == (None, districts.jiading)
    assert actor_for(leader).jurisdiction_id == districts.jiading.pk


def test_an_unknown_area_is_refused(client, districts):
    client.force_login(districts.users["admin"])
    upload = workbook(["x", "某", "x@example.gov.cn", "区司法局", "部门填报员", "", "火星区"])
    response = client.post("/admin/auth/user/import/", {"resource": 0, "format": 0, "import_file": upload})
    assert "未知区域" in response.content.decode()
    assert not get_user_model().objects.filter(username="x").exists()
