"""整改台账 read over several districts (the city's) names each row's district, on the page and in
the Excel export; a district's own ledger has no such column."""

import io

import openpyxl
from django.test import Client
from django.urls import reverse


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sheet(client) -> list[tuple]:
    response = client.get(reverse("inspections:ledger_export"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    return rows[next(i for i, row in enumerate(rows) if "序号" in row) :]


def test_the_city_ledger_and_its_excel_name_the_district(districts):
    finding = districts.world.finding
    city = _client(districts.users["csup"])
    page = city.get(reverse("inspections:ledger")).content.decode()
    assert "<th>区</th>" in page
    assert 'data-testid="ledger-area">嘉定</td>' in page
    header, *rows = _sheet(city)
    assert header[:3] == ("序号", "区", "督察批次")
    assert any(row[1] == "嘉定" and row[4] == finding.description for row in rows)


def test_a_districts_own_ledger_has_no_district_column(districts):
    district = _client(districts.users["sup"])
    assert "<th>区</th>" not in district.get(reverse("inspections:ledger")).content.decode()
    header, *rows = _sheet(district)
    assert header[:2] == ("序号", "督察批次")
    assert rows and "嘉定" not in rows[0]
