"""Areas in the admin: the system administrator adds a city above the first district and a second
district beside it, with their 代字 and 发文机关; path and jurisdiction are computed, never typed."""

import pytest
from django.contrib.auth import get_user_model

from plans.models import Area, Department, default_area_id
from plans.roles import Role, ensure_role_groups


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_user("sysadmin", "a@example.gov.cn", "pw", is_staff=True)
    user.groups.add(ensure_role_groups()[Role.ADMIN])
    client.force_login(user)
    return client


def test_an_administrator_adds_a_city_and_a_second_district(admin_client):
    baoshan = Area.objects.get(pk=default_area_id())
    assert admin_client.get("/admin/plans/area/").status_code == 200
    response = admin_client.post(
        "/admin/plans/area/add/",
        {
            "name": "上海市",
            "short_name": "上海",
            "kind": "city",
            "notice_code": "沪法督",
            "issuing_office": "上海市司法局",
        },
    )
    assert response.status_code == 302
    city = Area.objects.get(name="上海市")
    page = admin_client.get(f"/admin/plans/area/{baoshan.pk}/change/").content.decode()
    assert 'name="path"' not in page and 'name="jurisdiction"' not in page  # shown, not editable
    admin_client.post(
        f"/admin/plans/area/{baoshan.pk}/change/",
        {
            "name": "宝山区",
            "short_name": "宝山",
            "kind": "district",
            "parent": city.pk,
            "notice_code": "宝法督",
            "issuing_office": "宝山区司法局",
            "path": "/999/",
            "jurisdiction": city.pk,
        },
    )
    admin_client.post(
        "/admin/plans/area/add/",
        {
            "name": "嘉定区",
            "short_name": "嘉定",
            "kind": "district",
            "parent": city.pk,
            "notice_code": "",
            "issuing_office": "",
        },
    )
    baoshan.refresh_from_db()
    jiading = Area.objects.get(name="嘉定区")
    assert (baoshan.path, baoshan.jurisdiction_id) == (f"/{city.pk}/{baoshan.pk}/", baoshan.pk)
    assert (jiading.path, jiading.jurisdiction_id) == (f"/{city.pk}/{jiading.pk}/", jiading.pk)
    assert (jiading.notice_prefix, jiading.justice_bureau) == ("嘉法督", "嘉定区司法局")
    # A department is put in its district in the admin; its aliases are checked within that district.
    Department.objects.create(area=baoshan, name="区司法局", aliases=["司法局"])
    response = admin_client.post(
        "/admin/plans/department/add/",
        {
            "area": jiading.pk,
            "name": "区司法局",
            "aliases": "司法局",
            "kind": "district",
            "emails": "",
            "is_active": "on",
            "inspectable": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Department.objects.get(area=jiading, name="区司法局").aliases == ["司法局"]


def test_an_area_cannot_be_put_under_itself_nor_deleted(admin_client):
    city = Area.objects.create(name="上海市", kind="city")
    baoshan = Area.objects.get(pk=default_area_id())
    baoshan.parent = city
    baoshan.save()
    response = admin_client.post(
        f"/admin/plans/area/{city.pk}/change/", {"name": "上海市", "kind": "city", "parent": baoshan.pk}
    )
    assert response.status_code == 200 and "上级不能是本区域或其下级区域" in response.content.decode()
    assert Area.objects.get(pk=city.pk).parent_id is None
    assert admin_client.post(f"/admin/plans/area/{city.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Area.objects.filter(pk=city.pk).exists()
