"""The demo plan's annual reports, built and rendered once per session.

The district report for 2022 (and 区市场监管局's) is built on the demo with two texts planted: a
2022 report of a lead department returned by the 司法局 and another sent back to draft, each with
a sentence nobody else wrote. Neither may appear in any output. Built inside a transaction that is
rolled back."""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction

from plans.models import Department, Plan
from reports import annual
from reports.annual_docx import render_docx
from reports.annual_pdf import render_pdf
from tasks.facts import gather_facts
from tasks.models import Assignment, ProgressReport, ReportState
from tests.demo_snapshot import install_demo

OUTPUT = Path(__file__).resolve().parents[3] / "test-results" / "annual"
PLANTED_RETURNED = "埋设文字甲：退回报告里的独有句子"
PLANTED_DRAFT = "埋设文字乙：草稿报告里的独有句子"
DISTRICT_HEADINGS_2022 = [
    "一、2022年推进法治政府建设的主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "四、2023年推进法治政府建设的主要安排",
]
DEPARTMENT_HEADINGS_2022 = [
    "一、2022年推进法治政府建设的主要举措和成效",
    "二、存在的不足和原因",
    "三、2023年推进法治政府建设的主要安排",
]


@dataclass
class RenderedAnnual:
    district: annual.AnnualReportData
    department: annual.AnnualReportData
    district_2023: annual.AnnualReportData
    facts_2023: object
    accepted_narratives: list[str]
    district_docx: bytes
    district_pdf: bytes
    department_docx: bytes
    department_pdf: bytes
    pdf_path: Path


@pytest.fixture(scope="session")
def annual_reports(django_db_setup, django_db_blocker) -> RenderedAnnual:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        install_demo(with_progress=True)
        plan = Plan.objects.get(source_name__startswith="baoshan")
        market = Department.objects.get(name="区市场监管局")
        lead_2022 = ProgressReport.objects.filter(
            task__plan=plan,
            period__year=2022,
            state=ReportState.ACCEPTED,
            task__assignments__role=Assignment.Role.LEAD,
            task__assignments__department=market,
            department=market,
        ).order_by("pk")
        returned, drafted = lead_2022[0], lead_2022[1]
        ProgressReport.objects.filter(pk=returned.pk).update(
            state=ReportState.RETURNED, narrative=PLANTED_RETURNED + "。", returned_by_reviewer=True
        )
        ProgressReport.objects.filter(pk=drafted.pk).update(state=ReportState.DRAFT, narrative=PLANTED_DRAFT + "。")
        cache.clear()
        district = annual.build(plan, year=2022)
        department = annual.build(plan, year=2022, department=market)
        district_2023 = annual.build(plan, year=2023)
        facts_2023 = gather_facts(plan, periods_through=datetime.date(2023, 12, 31))
        accepted = list(
            ProgressReport.objects.filter(task__plan=plan, period__year=2022, state=ReportState.ACCEPTED)
            .exclude(narrative="")
            .values_list("narrative", flat=True)
        )
        rendered = RenderedAnnual(
            district,
            department,
            district_2023,
            facts_2023,
            accepted,
            render_docx(district, draft=True),
            render_pdf(district, draft=True),
            render_docx(department, draft=True),
            render_pdf(department, draft=True),
            OUTPUT / "district-2022.pdf",
        )
        transaction.set_rollback(True)
    cache.clear()
    ContentType.objects.clear_cache()
    rendered.pdf_path.write_bytes(rendered.district_pdf)
    (OUTPUT / "district-2022.docx").write_bytes(rendered.district_docx)
    (OUTPUT / "department-2022.pdf").write_bytes(rendered.department_pdf)
    return rendered


def page_png(pdf_path: Path, page: int, name: str) -> Path:
    target = OUTPUT / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf_path), str(target)],
        check=True,
    )
    return target.with_suffix(".png")
