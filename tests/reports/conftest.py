"""The demo plan's midterm evaluation as of 2023-12-31, built and rendered once per session.

Rendering a 20-page PDF costs seconds, so every test of the printed report reads this one. It is
built inside a transaction that is rolled back, on the demo with one story added: in March 2023 a
supervisor reopened the report that had declared (九) 复议体制改革 done, so its 2022年年底前
milestone was missed by the cut-off. A change recorded in 2024 is then made, and the report built
again, to compare."""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from plans.models import Plan
from reports import midterm
from reports.midterm_docx import render_docx
from reports.midterm_pdf import render_pdf
from tasks.actions import report_reopen, work_move
from tasks.models import Assignment, ProgressReport, ProgressStatus, ReportState
from tests.demo_snapshot import install_demo

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
CUTOFF = datetime.date(2023, 12, 31)
OUTPUT = Path(__file__).resolve().parents[2] / "test-results" / "midterm"


@dataclass
class RenderedMidterm:
    report: midterm.MidtermReport
    rebuilt_after_2024_change: midterm.MidtermReport
    dashboard_categories: dict[str, int]
    missed_task_id: int
    pdf: bytes
    docx: bytes
    pdf_path: Path
    docx_path: Path
    seconds: float


@pytest.fixture(scope="session")
def midterm_2023(django_db_setup, django_db_blocker) -> RenderedMidterm:
    """The rendered report; tests that use it are marked ``django_db`` so the session sets up a
    database even when they run alone."""
    import time

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        install_demo(with_progress=True)
        plan = Plan.objects.get(source_name__startswith="baoshan")
        supervisor = get_user_model().objects.get(username="supervisor")
        lead = Assignment.objects.get(task__plan=plan, task__code="9", role=Assignment.Role.LEAD)
        done = ProgressReport.objects.get(
            task=lead.task,
            department=lead.department,
            state=ReportState.ACCEPTED,
            progress_status=ProgressStatus.COMPLETED,
        )
        report_reopen(
            actor=supervisor,
            report=done,
            comment="改革尚未完成，材料不实",
            now=datetime.datetime(2023, 3, 1, 10, tzinfo=BEIJING),
        )
        cache.clear()
        started = time.perf_counter()
        report = midterm.build(plan, as_of=CUTOFF)
        pdf = render_pdf(report, draft=False)
        seconds = time.perf_counter() - started
        docx = render_docx(report, draft=False)
        client = Client()
        client.force_login(supervisor)
        dash = client.get("/supervision/", {"plan": plan.pk, "as_of": CUTOFF.isoformat()}).context["dash"]
        dashboard_categories = dict(dash.categories.counts)

        # In 2024 a supervisor reopens an accepted 2023 report of another task.
        later = (
            ProgressReport.objects.filter(task__plan=plan, period__year=2023, state=ReportState.ACCEPTED)
            .exclude(task__code="9")
            .order_by("pk")
            .first()
        )
        work_move(
            actor=supervisor,
            work=later,
            to=ReportState.RETURNED,
            comment="补充材料",
            now=datetime.datetime(2024, 2, 1, 10, tzinfo=BEIJING),
        )
        cache.clear()
        rebuilt = midterm.build(plan, as_of=CUTOFF)
        missed_task_id = done.task_id
        transaction.set_rollback(True)
    cache.clear()
    ContentType.objects.clear_cache()
    pdf_path, docx_path = OUTPUT / "midterm-2023.pdf", OUTPUT / "midterm-2023.docx"
    pdf_path.write_bytes(pdf)
    docx_path.write_bytes(docx)
    return RenderedMidterm(
        report, rebuilt, dashboard_categories, missed_task_id, pdf, docx, pdf_path, docx_path, seconds
    )


def page_png(pdf_path: Path, page: int, name: str) -> Path:
    """Render one page of the PDF to ``test-results/midterm/NAME.png`` with pdftoppm."""
    target = OUTPUT / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf_path), str(target)],
        check=True,
    )
    return target.with_suffix(".png")
