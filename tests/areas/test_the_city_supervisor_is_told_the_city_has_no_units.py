"""The forms that offer departments offer the user's own 市 or 区's: a city with no 受督察单位 of its
own says so, and where departments are added, instead of an empty list; the 督办单 form says whose
units it lists. A district's supervisor gets the forms as before."""

from django.test import Client
from django.urls import reverse

from plans.models import Department


def _page(user, name: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_the_city_campaign_form_says_the_city_has_no_units_to_inspect(districts):
    # As in the demo: the 市司法局 inspects, it is no 受督察单位 — the city has none.
    Department.objects.filter(pk=districts.city_bureau.pk).update(inspectable=False)
    page = _page(districts.users["csup"], "inspections:campaign_create")
    assert "本级暂无受督察单位" in page and "上海市" in page
    assert reverse("plans:department_list") in page
    assert 'name="units"' not in page
    page = _page(districts.users["sup"], "inspections:campaign_create")
    assert 'name="units"' in page and "本级暂无" not in page


def test_the_city_notice_form_lists_the_citys_own_units_and_says_so(districts):
    page = _page(districts.users["csup"], "inspections:notice_create")
    assert "只列出上海市本级的单位" in page and "市司法局" in page
    Department.objects.filter(pk=districts.city_bureau.pk).update(is_active=False)
    page = _page(districts.users["csup"], "inspections:notice_create")
    assert "本级暂无责任单位" in page and 'name="units"' not in page
