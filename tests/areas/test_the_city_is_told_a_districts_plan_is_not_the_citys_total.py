"""The city's people open 全市总览 and 督察总览 on a district's plan (the city has none of its own):
the page says the figures are that plan's, not the city's total, and points to 各区比较."""

from django.test import Client
from django.urls import reverse

NOTE = 'data-testid="district-plan-note"'


def _page(user, name) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse(name)).content.decode()


def test_a_city_reader_is_told_and_a_district_reader_is_not(districts):
    for role, page in [
        ("clead", "reports:overview"),
        ("csup", "reports:overview"),
        ("csup", "reports:supervision_home"),
    ]:
        html = _page(districts.users[role], page)
        assert NOTE in html and "不是全市合计" in html and reverse("reports:city") in html, (role, page)
    for role, page in [("blead", "reports:overview"), ("sup", "reports:supervision_home")]:
        assert NOTE not in _page(districts.users[role], page), (role, page)
