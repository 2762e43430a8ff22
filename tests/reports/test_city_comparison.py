"""The city supervisor compares the city's districts on one page: each district's figures are the
ones its own people read on their overview and 督察全覆盖 pages, live and as of a date."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from plans.models import Area

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def own_figures(username: str, as_of: str = "") -> dict:
    """What the district's supervisor reads on their own overview and coverage pages."""
    client = signed_in(username)
    dash = client.get("/overview/", {"as_of": as_of} if as_of else {}).context["dash"]
    cumulative = client.get("/inspections/coverage/").context["cov"].cumulative.groups["all"]
    return {
        "plan": dash.plan.pk,
        "completion": dash.percent,
        "overdue": len(dash.overdue),
        "due": sum(r.reports_due for r in dash.departments),
        "on_time": sum(r.reports_on_time for r in dash.departments),
        "findings": cumulative.findings,
        "closed": cumulative.closed,
        "inspected": cumulative.inspected,
        "units": cumulative.due,
    }


def compared(row) -> dict:
    return {
        "plan": row.plan.pk,
        "completion": row.completion_percent,
        "overdue": row.overdue,
        "due": row.reports_due,
        "on_time": row.reports_on_time,
        "findings": row.findings,
        "closed": row.findings_closed,
        "inspected": row.units_inspected,
        "units": row.units_due,
    }


def test_the_city_supervisor_lands_on_the_comparison_of_both_districts(city_demo):
    """The city supervisor signs in to 各区比较 (linked in the menu): 宝山区 and 嘉定区, one row each."""
    client = signed_in("city_supervisor")
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/city/"
    page = response.content.decode()
    assert 'data-testid="nav-city"' in page
    assert [row.area.name for row in response.context["cmp"].rows] == ["宝山区", "嘉定区"]
    assert 'data-district="宝山区"' in page and 'data-district="嘉定区"' in page
    assert 'data-testid="city-chart"' in page


def test_each_district_reads_the_figures_of_its_own_pages(city_demo):
    """Completion, overdue tasks, reports on time, findings and coverage of each district are those
    its supervisor reads on the district's overview and 督察全覆盖 pages."""
    rows = {r.area.name: r for r in signed_in("city_supervisor").get("/city/").context["cmp"].rows}
    baoshan, jiading = own_figures("supervisor"), own_figures("jd_supervisor")
    assert compared(rows["宝山区"]) == baoshan
    assert compared(rows["嘉定区"]) == jiading
    # Two districts, two stories: the figures are each district's own, not one copied twice.
    assert baoshan["plan"] != jiading["plan"]
    assert baoshan["due"] > 0 and jiading["due"] > 0 and baoshan["findings"] > 0 and jiading["findings"] > 0
    assert (baoshan["on_time"], baoshan["findings"]) != (jiading["on_time"], jiading["findings"])


def test_as_of_a_date_each_district_reads_its_overview_of_that_date(city_demo):
    """?as_of= reads what had been recorded by then, as the district's overview of that date does."""
    response = signed_in("city_supervisor").get("/city/", {"as_of": "2023-06-30"})
    assert response.context["as_of"] == datetime.date(2023, 6, 30)
    rows = {r.area.name: r for r in response.context["cmp"].rows}
    for name, username in (("宝山区", "supervisor"), ("嘉定区", "jd_supervisor")):
        own = own_figures(username, as_of="2023-06-30")
        row = compared(rows[name])
        for key in ("plan", "completion", "overdue", "due", "on_time"):
            assert row[key] == own[key], (name, key)
        assert "as_of=2023-06-30" in rows[name].link


def test_the_comparison_exports_to_excel(city_demo):
    """导出 Excel: one row per district under the title row, the same figures as the page."""
    client = signed_in("city_supervisor")
    rows = client.get("/city/").context["cmp"].rows
    response = client.get("/city/", {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = values.index(next(v for v in values if v and v[0] == "区"))
    table = values[header + 1 :]
    assert [v[0] for v in table] == ["宝山区", "嘉定区"]
    assert [v[3] for v in table] == [r.completion_percent for r in rows]
    assert [v[6] for v in table] == [r.overdue for r in rows]


def test_the_city_leader_compares_too_and_drills_into_the_overview(city_demo):
    """The city leader (a membership with the city's area and no department) reads the same page;
    their drill-down opens the district's overview on its plan."""
    client = signed_in("city_leader")
    rows = client.get("/city/").context["cmp"].rows
    jiading = next(r for r in rows if r.area.name == "嘉定区")
    assert jiading.link == f"/overview/?plan={jiading.plan.pk}"
    response = client.get(jiading.link)
    assert response.status_code == 200 and response.context["plan"] == jiading.plan


def test_the_districts_are_those_below_the_city(city_demo):
    """The page compares the districts below the city, not the city itself."""
    rows = signed_in("city_supervisor").get("/city/").context["cmp"].rows
    assert {r.area.parent.name for r in rows} == {"上海市"}
    assert Area.objects.get(name="上海市").kind == "city"
