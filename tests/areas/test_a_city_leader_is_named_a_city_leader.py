"""The header names the city's leader 市领导 (their role is the 区领导 role, given on the city area);
a district's leader stays 区领导."""

from django.test import Client


def _header(user) -> str:
    client = Client()
    client.force_login(user)
    page = client.get("/plans/").content.decode()
    return page.split('data-testid="current-user">')[1].split("</span>")[0]


def test_the_city_leader_reads_as_a_city_leader_and_a_district_leader_as_a_district_leader(districts):
    city = _header(districts.users["clead"])
    assert "市领导" in city and "区领导" not in city
    district = _header(districts.users["blead"])
    assert "区领导" in district and "市领导" not in district
