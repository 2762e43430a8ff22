"""Pages name what a user oversees by their jurisdiction's level: 全市总览 for the city's leader and
supervisor, 全区总览 for a district's."""

from django.test import Client
from django.urls import reverse


def _overview(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("reports:overview")).content.decode()


def test_the_city_reads_the_whole_city_and_a_district_the_whole_district(districts):
    for role in ("clead", "csup"):
        page = _overview(districts.users[role])
        assert "全市总览" in page and "全区" not in page, role
    for role in ("blead", "sup"):
        page = _overview(districts.users[role])
        assert "全区总览" in page and "全市" not in page, role
