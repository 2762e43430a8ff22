"""A campaign of the 司法局 over two units, with the actors of tests/conftest.py."""

from __future__ import annotations

import datetime

import pytest

from inspections.actions import CampaignInput, FindingInput, campaign_open, campaign_save, finding_record
from plans.models import Chapter, Clause, Plan
from tasks.models import Assignment, Task
from tasks.progress import generate_periods

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CLAUSE_TEXT = (
    "(五十五)完善法治政府建设推进机制。深入推进法治政府建设督察工作,2025年前实现对街镇和区政府工作部门法治督察全覆盖。"
    "严格执行法治政府建设年度报告制度,按时向社会公开。"
)


@pytest.fixture
def plan(db):
    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    chapter = Chapter.objects.create(plan=plan, number=1, label="一、", heading="总体要求")
    Clause.objects.create(
        plan=plan,
        chapter=chapter,
        number=55,
        label="(五十五)",
        heading="完善法治政府建设推进机制",
        body=CLAUSE_TEXT,
        position=1,
    )
    return plan


@pytest.fixture
def task(plan, actors):
    task = Task.objects.create(
        plan=plan, clause=plan.clauses.get(), code="55", title="完善法治政府建设推进机制", position=1
    )
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    return task


@pytest.fixture
def campaign(actors, plan):
    campaign = campaign_save(
        actor=actors.supervisor,
        data=CampaignInput(
            name="2024年度法治督察",
            year=2024,
            kind="annual",
            mode="on_site",
            start_date=datetime.date(2024, 3, 1),
            end_date=datetime.date(2024, 6, 30),
            self_report_due=datetime.date(2024, 3, 31),
            plan_id=plan.pk,
            unit_ids=[actors.market.pk, actors.town.pk],
            clause_ids=list(plan.clauses.values_list("pk", flat=True)),
        ),
    )
    return campaign_open(actor=actors.supervisor, campaign=campaign)


@pytest.fixture
def finding(actors, campaign, task):
    return finding_record(
        actor=actors.supervisor,
        campaign=campaign,
        unit=actors.market,
        data=FindingInput(
            description="行政处罚案卷未载明听证告知",
            requirement="补正案卷并建立案卷评查制度",
            deadline=datetime.date(2024, 9, 30),
            task_id=task.pk,
            supporting_unit_ids=(actors.town2.pk,),
        ),
    )
