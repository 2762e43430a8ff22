"""A district's supervisor (and the city's) cannot act on another district's work, nor bring another
district's department into their own: every form that offers departments offers and accepts only
the own 市 or 区's, and the actions behind them refuse the others' ids."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from inspections.actions import InspectionError, notice_issue
from inspections.models import Campaign, SupervisionNotice
from plans.models import Department
from tasks.actions import task_update
from tasks.breakdown import import_breakdown
from tasks.models import Assignment, ProgressReport, ReportState


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def offered(page: bytes, department: Department) -> bool:
    return f'value="{department.pk}"' in page.decode()


@pytest.mark.parametrize("role", ["bsup", "csup"])
def test_another_districts_report_is_neither_accepted_nor_returned(districts, role):
    """嘉定's confirmed report stays confirmed whatever 宝山's or the city's supervisor posts."""
    report = districts.world.handed_report
    client = client_for(districts.users[role])
    url = reverse("tasks:report_move", args=[report.pk])
    for move in ({"to": "accepted"}, {"to": "returned", "comment": "请补充"}):
        assert client.post(url, {**move, "version": ""}).status_code in {403, 404}
    assert ProgressReport.objects.get(pk=report.pk).state == ReportState.CONFIRMED


@pytest.mark.parametrize("role", ["bsup", "csup"])
def test_a_campaign_inspects_only_the_own_districts_units(districts, role):
    """The campaign form lists none of 嘉定's units, and a campaign posted with one is not made."""
    client = client_for(districts.users[role])
    url = reverse("inspections:campaign_create")
    assert not offered(client.get(url).content, districts.world.market)
    data = {
        "name": "2025年度法治督察",
        "year": "2025",
        "kind": "annual",
        "mode": "written",
        "start_date": "2025-03-01",
        "end_date": "2025-06-30",
        "units": [str(districts.world.market.pk)],
    }
    client.post(url, data)
    assert not Campaign.objects.filter(name="2025年度法治督察").exists()


def test_a_findings_supporting_units_are_the_campaigns_districts(districts):
    """Recording a finding in 嘉定's campaign: 宝山's 区市场监管局 is not offered as a 配合单位."""
    client = client_for(districts.users["sup"])
    url = reverse("inspections:finding_create", args=[districts.world.target.pk])
    page = client.get(url).content
    assert offered(page, districts.world.town) and not offered(page, districts.baoshan_market)


@pytest.mark.parametrize("role", ["bsup", "csup"])
def test_a_manual_notice_goes_only_to_the_own_districts_units(districts, role):
    """领导批示件: 嘉定's units are not offered; posted or passed to the action, they are refused."""
    user = districts.users[role]
    client = client_for(user)
    url = reverse("inspections:notice_create")
    assert not offered(client.get(url).content, districts.world.market)
    data = {
        "subject": "加快复议规则出台",
        "source": "领导批示",
        "requirement": "请两周内报送进展",
        "colour": "yellow",
        "units": [str(districts.world.market.pk)],
        "reply_deadline": "2099-01-10",
    }
    before = SupervisionNotice.objects.count()
    client.post(url, data)
    with pytest.raises(InspectionError):
        notice_issue(actor=user, colour="yellow", units=[districts.world.market], subject="x", requirement="y")
    assert SupervisionNotice.objects.count() == before


def test_a_task_is_given_only_departments_of_its_plans_district(districts):
    """Editing 嘉定's task: 宝山's 区市场监管局 is not offered, and naming its id changes nothing."""
    world = districts.world
    client = client_for(districts.users["sup"])
    url = reverse("tasks:task_edit", args=[world.task.pk])
    page = client.get(url).content
    assert offered(page, world.town) and not offered(page, districts.baoshan_market)
    data = {
        "lead": [str(districts.baoshan_market.pk)],
        "weight": "1",
        "deadline": "2025-12-31",
        "version": str(world.task.version),
    }
    client.post(url, data)
    with pytest.raises(ValidationError):
        task_update(
            actor=districts.users["sup"],
            task=world.task,
            lead_ids=[districts.baoshan_market.pk],
            support_ids=[],
            deadline=datetime.date(2025, 12, 31),
            weight=1,
            version=world.task.version,
        )
    assert not Assignment.objects.filter(department=districts.baoshan_market).exists()


def test_a_breakdown_table_naming_another_districts_department_is_refused(districts):
    """嘉定's 任务分解表 naming 宝山区市场监管局 is an error row, never an assignment in 宝山."""
    world = districts.world
    table = "序号,任务内容,牵头单位,配合单位,完成时限,年度目标\n1,推进复议体制改革,宝山区市场监管局,,2025年12月底前,\n"
    result = import_breakdown(world.plan, table.encode(), "分解表.csv")
    assert result.errors and "宝山区市场监管局" in " ".join(e.message for e in result.errors)
    assert not Assignment.objects.filter(department=districts.baoshan_market).exists()
