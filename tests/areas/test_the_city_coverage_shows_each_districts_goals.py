"""督察全覆盖 over the city's districts together shows each district's plan goals over its own units,
never one district's goal over all of them; one district's page (the city's drill-down, or the
district's own people) shows that district's goals alone."""

from django.test import Client
from django.urls import reverse


def _goals(user, **query) -> list[str]:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("inspections:coverage"), query).content.decode()
    return [chunk.split(">")[0] for chunk in page.split('data-testid="goal"')[1:]]


def test_the_citys_coverage_gives_each_district_its_goals(districts):
    goals = _goals(districts.users["csup"])
    assert sorted(goals) == sorted([' data-area="宝山区"'] * 2 + [' data-area="嘉定区"'] * 2)
    assert _goals(districts.users["csup"], area=districts.jiading.pk) == ["", ""]
    assert _goals(districts.users["sup"]) == ["", ""]
