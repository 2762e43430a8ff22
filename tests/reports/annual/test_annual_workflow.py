"""A department's annual report from draft to publication: the head confirms, the department
submits, the 司法局 returns or accepts, and publishes; each move one event; stale saves refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from plans.locking import StaleError
from plans.models import Event, Plan
from reports import annual
from reports.actions import (
    annual_accept,
    annual_confirm,
    annual_duty_save,
    annual_edit,
    annual_open,
    annual_publish,
    annual_return,
    annual_submit,
)
from reports.annual_models import AnnualReport
from tasks.models import Assignment, Task
from tasks.progress import generate_periods

TODAY = datetime.date(2023, 3, 10)


@pytest.fixture
def plan(actors):
    plan = Plan.objects.create(title="宝山区全面推进法治政府建设规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    task = Task.objects.create(plan=plan, code="1", title="推进复议体制改革", position=1)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    Assignment.objects.create(task=task, department=actors.town, role=Assignment.Role.SUPPORT)
    return plan


def test_the_department_report_goes_from_draft_to_published_one_event_per_move(actors, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = annual_open(actor=actors.market_staff, plan=plan, year=2022, department=actors.market)
    annual_edit(actor=actors.market_staff, report=report, sections={"shortcomings": "本部门自己写的不足。"}, version=1)
    with pytest.raises(StaleError):
        annual_edit(actor=actors.market_head, report=report, sections={"shortcomings": "覆盖"}, version=1)
    report.refresh_from_db()
    annual_duty_save(
        actor=actors.market_head,
        report=report,
        values={"meetings_chaired": 4, "learning_sessions": 6, "notes": ""},
        version=report.duty.version,
    )
    with pytest.raises(PermissionDenied):
        annual_confirm(actor=actors.market_staff, report=report)  # the head confirms
    with pytest.raises(PermissionDenied):
        annual_submit(actor=actors.market_staff, report=report)  # not before the head confirmed
    report = annual_confirm(actor=actors.market_head, report=report)
    report = annual_submit(actor=actors.market_staff, report=report)
    assert AnnualReport.objects.visible_to(actors.supervisor).filter(pk=report.pk).exists()
    with pytest.raises(ValueError):
        annual_return(actor=actors.supervisor, report=report, comment=" ")
    report = annual_return(actor=actors.supervisor, report=report, comment="请补充执法数据")
    report = annual_confirm(actor=actors.market_head, report=report)
    report = annual_submit(actor=actors.market_head, report=report)
    report = annual_accept(actor=actors.supervisor, report=report)
    report = annual_publish(actor=actors.supervisor, report=report)
    assert report.state == "published" and report.pdf and len(report.pdf_sha256) == 64
    verbs = list(Event.objects.filter(ref=f"annual:{report.pk}").order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "annual.create",
        "annual.confirm",
        "annual.submit",
        "annual.return",
        "annual.confirm",
        "annual.submit",
        "annual.accept",
        "annual.publish",
    ]
    data = annual.build(plan, year=2022, department=actors.market, report=report)
    shortcomings = next(s for s in data.sections if s.key == "shortcomings")
    assert shortcomings.edited and shortcomings.blocks[0].text == "本部门自己写的不足。"
    assert "主持召开会议专题研究法治建设4次" in data.sections[0].blocks[2].text


def test_a_draft_stays_inside_the_department_until_submitted(actors, plan):
    report = annual_open(actor=actors.market_staff, plan=plan, year=2022, department=actors.market)
    for outsider in (actors.supervisor, actors.leader, actors.justice_staff):
        assert not AnnualReport.objects.visible_to(outsider).filter(pk=report.pk).exists()
    with pytest.raises(PermissionDenied):
        annual_open(actor=actors.justice_staff, plan=plan, year=2022, department=actors.market)


def test_the_overview_lists_who_has_not_submitted_and_the_due_list_says_what_to_do(actors, plan):
    """Both departments with a task owe one; the to-do list tells each user their step."""
    client = Client()
    client.force_login(actors.supervisor)
    page = client.get("/annual/", {"plan": plan.pk, "year": 2022})
    assert [d.name for d in page.context["not_submitted"]] == ["罗店镇", "区市场监管局"] or {
        d.name for d in page.context["not_submitted"]
    } == {"罗店镇", "区市场监管局"}
    due = annual.annual_reports_due_for(actors.market_staff, TODAY)
    assert [(d.what, d.scope_name, d.year) for d in due] == [("write", "区市场监管局", 2022)]
    report = annual_open(actor=actors.market_staff, plan=plan, year=2022, department=actors.market)
    assert [d.what for d in annual.annual_reports_due_for(actors.market_head, TODAY)] == ["confirm"]
    annual_confirm(actor=actors.market_head, report=report)
    annual_submit(actor=actors.market_staff, report=report)
    assert annual.annual_reports_due_for(actors.market_staff, TODAY) == []
    assert {d.what for d in annual.annual_reports_due_for(actors.supervisor, TODAY)} == {"review", "publish"}
    page = client.get("/annual/", {"plan": plan.pk, "year": 2022})
    assert [d.name for d in page.context["not_submitted"]] == ["罗店镇"]
