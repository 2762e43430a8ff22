"""督察全覆盖: the figures per year and cumulatively, counted as the page's 口径说明 says."""

from __future__ import annotations

import datetime

import pytest

from inspections.coverage import build_coverage
from inspections.models import Campaign, CampaignTarget, Finding, FindingState
from plans.models import Department, DepartmentKind

D = datetime.date


def campaign(name, year, mode, kind="annual"):
    return Campaign.objects.create(
        name=name, year=year, mode=mode, kind=kind, start_date=D(year, 3, 1), end_date=D(year, 6, 30), state="closed"
    )


def inspect(c, unit, on):
    return CampaignTarget.objects.create(campaign=c, department=unit, inspected_on=on)


def finding(c, unit, deadline, *, closed_on=None, state=FindingState.RECTIFYING):
    if closed_on:
        state = FindingState.CLOSED
    return Finding.objects.create(
        campaign=c, unit=unit, description="问题", deadline=deadline, state=state, closed_on=closed_on
    )


@pytest.fixture
def units(db):
    make = Department.objects.create
    return {
        "a": make(name="区甲局", kind=DepartmentKind.DISTRICT),
        "b": make(name="区乙局", kind=DepartmentKind.DISTRICT),
        "c": make(name="区丙局", kind=DepartmentKind.DISTRICT),
        "t1": make(name="甲镇", kind=DepartmentKind.SUBDISTRICT),
        "t2": make(name="乙镇", kind=DepartmentKind.SUBDISTRICT),
        "sfj": make(name="区委依法治区办", kind=DepartmentKind.DISTRICT, inspectable=False),
    }


def test_coverage_counts_units_once_per_year_by_mode_and_closure_on_time(units):
    """A unit inspected twice counts once, one both ways once per mode, a non-inspectable unit nowhere, a late 销号 as late."""
    written23 = campaign("2023书面", 2023, "written")
    site23 = campaign("2023实地", 2023, "on_site")
    special23 = campaign("2023专项", 2023, "on_site", kind="enforcement")
    site24 = campaign("2024实地", 2024, "on_site")
    inspect(written23, units["a"], D(2023, 4, 1))
    inspect(site23, units["a"], D(2023, 5, 1))  # a: both ways in 2023
    inspect(site23, units["t1"], D(2023, 5, 2))
    inspect(special23, units["t1"], D(2023, 5, 9))  # t1: twice on site in 2023
    inspect(site23, units["sfj"], D(2023, 5, 3))  # not inspectable: counts nowhere
    CampaignTarget.objects.create(campaign=site23, department=units["b"])  # visit not recorded: not inspected
    inspect(site24, units["b"], D(2024, 4, 1))
    finding(site23, units["a"], D(2023, 9, 30), closed_on=D(2023, 9, 1))  # on time
    finding(site23, units["a"], D(2023, 9, 30), closed_on=D(2023, 11, 1))  # late
    finding(site23, units["t1"], D(2023, 12, 31))  # open, overdue by today
    finding(site23, units["sfj"], D(2023, 12, 31))  # not inspectable: not counted
    finding(site24, units["b"], D(2026, 6, 30))  # open, not yet due

    cov = build_coverage(today=D(2025, 3, 1))
    y2023 = next(r for r in cov.rows if r.year == 2023)
    district, town, total = y2023.groups["district"], y2023.groups["subdistrict"], y2023.groups["all"]
    assert (district.due, district.inspected, district.written, district.on_site) == (3, 1, 1, 1)
    assert (town.due, town.inspected, town.written, town.on_site) == (2, 1, 0, 1)
    assert (total.due, total.inspected, total.written, total.on_site) == (5, 2, 1, 2)
    assert total.coverage == pytest.approx(0.4)
    assert (total.findings, total.closed, total.findings_due, total.closed_on_time) == (3, 2, 3, 1)
    assert total.closure_rate == pytest.approx(2 / 3)
    assert total.on_time_rate == pytest.approx(1 / 3)
    assert [u.name for u in total.not_inspected] == ["区丙局", "区乙局", "乙镇"]

    y2024 = next(r for r in cov.rows if r.year == 2024).groups["all"]
    assert (y2024.inspected, y2024.findings, y2024.closed, y2024.findings_due) == (1, 1, 0, 0)
    assert y2024.on_time_rate is None

    cumulative = cov.cumulative.groups["all"]
    assert (cumulative.due, cumulative.inspected, cumulative.written, cumulative.on_site) == (5, 3, 1, 3)
    assert (cumulative.findings, cumulative.closed, cumulative.findings_due, cumulative.closed_on_time) == (4, 2, 3, 1)
    assert [u.name for u in cumulative.not_inspected] == ["区丙局", "乙镇"]

    enforcement, full = cov.goals
    assert (enforcement.covered, enforcement.due) == (1, 5)
    assert enforcement.forecast == "截至2024年底仍有 4 个单位未覆盖。"
    assert (full.covered, full.due) == (3, 5)
    assert full.forecast == "按目前进度（年均新增约 0.6 个单位），到2025年底仍将有 2 个单位未督察。"


def test_the_coverage_page_shows_the_table_and_chart(units, client, actors):
    """Supervisors read the coverage table with its chart."""
    client.force_login(actors.supervisor)
    page = client.get("/inspections/coverage/").content.decode()
    assert "法治督察全覆盖" in page and "<svg" in page and "按期销号率" in page
