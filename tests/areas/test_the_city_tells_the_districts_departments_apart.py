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
