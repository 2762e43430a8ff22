"""The ledgers as Excel: the progress reports with the page's filters, and the dashboards' department
table, read back with openpyxl."""

import io

import openpyxl
from django.contrib.auth import get_user_model
from django.test import Client

from plans.models import Department, Plan
from tasks.models import ProgressReport, ReportState


def _rows(response) -> list[tuple]:
    """The table of the sheet, from its header down (below the title, filters and export time)."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0].startswith("筛选条件：") and rows[2][0].startswith("导出时间：")
    assert sheet.auto_filter.ref.startswith("A4:")
    return rows[3:]


def test_the_progress_ledger_exports_the_rows_its_filters_show(demo_data):
    plan = Plan.objects.get(source_name__startswith="baoshan")
    market = Department.objects.get(name="区市场监管局")
    client = Client()
    client.force_login(get_user_model().objects.get(username="supervisor"))
    query = {"plan": plan.pk, "year": 2023, "department": market.pk, "state": ReportState.ACCEPTED}
    page = client.get("/ledgers/progress/", query)
    assert page.status_code == 200
    expected = ProgressReport.objects.filter(
        task__plan=plan, period__year=2023, department=market, state=ReportState.ACCEPTED
    ).count()
    assert page.context["count"] == expected > 0
    rows = _rows(client.get("/ledgers/progress/", {**query, "format": "xlsx"}))
    header = [c for c in rows[0] if c]
    assert header[:4] == ["条款", "任务", "部门", "报告期"]
    body = [r for r in rows[1:] if any(r)]
    assert len(body) == expected and {r[2] for r in body} == {"区市场监管局"} and {r[4] for r in body} == {"已通过"}


def test_the_department_table_exports_the_dashboard_ranking(demo_data):
    plan = Plan.objects.get(source_name__startswith="baoshan")
    client = Client()
    client.force_login(get_user_model().objects.get(username="leader"))
    dash = client.get("/overview/", {"plan": plan.pk, "as_of": "2023-12-31"}).context["dash"]
    rows = _rows(client.get("/ledgers/departments.xlsx", {"plan": plan.pk, "as_of": "2023-12-31"}))
    names = [r[1] for r in rows if r and r[0] == 1] or [r[1] for r in rows[1:2]]
    ranked = [r.department.name for r in dash.departments if r.owes_reports]
    assert ranked[0] in names
    assert len([r for r in rows if r and r[1]]) - 1 == len(dash.departments)
