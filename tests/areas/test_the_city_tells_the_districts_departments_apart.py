"""The city's department list says whose each department is: every district has its 区市场监管局.
A district's own people see their district's list as before, without the column."""

import re

from django.test import Client
from django.urls import reverse


def _rows(user, **query) -> list[list[str]]:
    client = Client()
    client.force_login(user)
    html = client.get(reverse("plans:department_list"), query).content.decode()
    table = html.split("<table", 1)[1].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_the_city_supervisor_sees_which_district_each_department_is_in(districts):
    header, *rows = _rows(districts.users["csup"], q="区市场监管局")
    assert header[:2] == ["名称", "区域"]
    assert sorted(row[1] for row in rows if row[0] == "区市场监管局") == ["嘉定区", "宝山区"]

    header, *rows = _rows(districts.users["sup"], q="区市场监管局")
    assert "区域" not in header
    assert [row[0] for row in rows] == ["区市场监管局"]


def test_the_city_supervisor_sees_which_district_ran_each_campaign(districts):
    """Both districts run a 2024年度法治督察: the city's list says whose each one is."""
    import datetime

    from inspections.models import Campaign

    jiading = districts.world.campaign
    Campaign.objects.create(
        name=jiading.name,
        year=jiading.year,
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2024, 6, 30),
        state=Campaign.State.OPEN,
        area=districts.baoshan,
    )
    client = Client()
    client.force_login(districts.users["csup"])
    html = client.get(reverse("inspections:campaign_list")).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", html.split('data-testid="campaigns"')[1].split("</table>")[0], re.S)
    cells = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows
    ]
    assert cells[0][:2] == ["督察批次", "区域"]
    assert sorted(row[1] for row in cells[1:] if row[0] == jiading.name) == ["嘉定区", "宝山区"]

    own = Client()
    own.force_login(districts.users["sup"])
    assert "<th>区域</th>" not in own.get(reverse("inspections:campaign_list")).content.decode()


def test_the_city_supervisors_ledger_filters_say_whose_unit_and_campaign(districts):
    """The 整改台账's choices of campaign and unit name the district above several districts."""
    world = districts.world  # its finding: 嘉定's 区市场监管局 in 嘉定's campaign
    client = Client()
    client.force_login(districts.users["csup"])
    html = client.get(reverse("inspections:ledger")).content.decode()
    assert f">嘉定 · {world.campaign.name}</option>" in html
    assert f">嘉定 · {world.market.name}</option>" in html

    own = Client()
    own.force_login(districts.users["sup"])
    assert f">{world.market.name}</option>" in own.get(reverse("inspections:ledger")).content.decode()
