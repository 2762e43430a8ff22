"""Leaders and administrators are imported without a department (a leader keeps an area); everyone
else still needs one."""

from django.contrib.auth import get_user_model

from plans.models import Membership, default_area_id
from tests.plans.test_user_import import post_import, workbook


def test_a_leader_and_an_administrator_import_without_a_department(client, actors):
    """A 区领导 and a 系统管理员 row without a department import; a 填报员 row without one is refused."""
    client.force_login(actors.admin)
    preview = post_import(
        client,
        workbook(
            ["qian", "钱区长", "qian@baoshan.example.gov.cn", "", "区领导", "副区长"],
            ["sun", "孙管理", "sun@baoshan.example.gov.cn", "", "系统管理员", ""],
        ),
    )
    confirmed = client.post("/admin/auth/user/process_import/", preview.context["confirm_form"].initial)
    assert confirmed.status_code == 302
    leader = get_user_model().objects.get(username="qian")
    assert [g.name for g in leader.groups.all()] == ["区领导"]
    # The leader is kept in the district (no department): never wider once a city is added; the
    # administrator runs the whole install.
    membership = Membership.objects.get(user=leader)
    assert membership.department is None and membership.area_id == default_area_id()
    assert not Membership.objects.filter(user__username="sun").exists()

    refused = post_import(client, workbook(["li", "李四", "li@baoshan.example.gov.cn", "", "部门填报员", ""]))
    assert "部门不能为空" in refused.content.decode()
    assert not get_user_model().objects.filter(username="li").exists()
