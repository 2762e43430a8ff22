"""The 任务分解表: the fixture for the seed, messy real tables, errors by row and column, export."""

import csv
import io
from collections import Counter

import openpyxl
import pytest

from plans.models import Plan
from tasks.breakdown import export_breakdown, normalize_code
from tasks.models import Assignment, Task
from tests.tasks.conftest import BREAKDOWN, SEED, run, run_json


@pytest.fixture
def plan(departments):
    status, result = run_json("import_plan", str(SEED))
    assert status == 0
    return Plan.objects.get(pk=result["plan_id"])


def xlsx(path, rows, *, title=None, merges=()):
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


HEADER = ["序号", "任务内容", "牵头单位", "配合单位", "完成时限", "年度目标"]


def test_the_fixture_gives_every_clause_a_fitting_lead(plan):
    """The demo's 任务分解表 gives every clause of the 宝山 plan a fitting lead department."""
    status, result = run_json("import_tasks", str(plan.pk), str(BREAKDOWN))
    assert status == 0, result["errors"]
    assert result["ok"] and len(result["rows"]) == 58
    leads = {
        t.code: [d.name for d in t.lead_departments] for t in plan.tasks.prefetch_related("assignments__department")
    }
    assert all(len(names) == 1 for names in leads.values())
    assert leads["9"] == leads["37"] == ["区司法局"]
    assert all(leads[str(n)] == ["区应急局"] for n in range(26, 31))
    assert leads["38"] == ["区信访办"]
    assert leads["50"] == ["区政务服务办"]
    assert max(Counter(name for names in leads.values() for name in names).values()) <= 15
    assert plan.tasks.get(code="1").is_ongoing
    assert str(plan.tasks.get(code="58").deadline) == "2023-12-31"


def test_a_messy_excel_table_imports(plan, tmp_path):
    """A messy Excel 任务分解表 (merged cells, mixed separators, empty rows, numbers in any form) imports."""
    path = xlsx(
        tmp_path / "分解表.xlsx",
        [
            HEADER,
            [
                "（九）",
                "完成行政复议体制改革",
                "司法局",
                "区政府办公室，区财政局;区人力资源社会保障局",
                "2022年12月底前",
                "年底前完成",
            ],
            ["9.0", None, None, None, None, None],  # placeholder, replaced by the merge below
            ["十", "加强新时代司法所建设", "区司法局", "各街镇", "持续推进", ""],
            ["48", "完善行政执法监督机制", "区司法局", "区城管执法局\n区市场监管局", "2024年6月", ""],
            [None, None, None, None, None, None],
            ["(五十五)", "完善法治政府建设推进机制", "区委依法治区办", "", "2025年前", ""],
        ],
        title="宝山区法治政府建设规划任务分解表",
    )
    # Remove the placeholder row: write a proper merged row instead.
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.delete_rows(4)
    sheet.insert_rows(4)
    for col, value in enumerate(["(三十七)", "加强行政复议和行政诉讼工作", "区司法局", "", "长期坚持", ""], start=1):
        sheet.cell(4, col, value)
    sheet.insert_rows(5)
    for col, value in enumerate(["(三十八)", "信访", "区信访办", "", "2023年", ""], start=1):
        sheet.cell(5, col, value)
    sheet.merge_cells("C4:C4")
    sheet.cell(6, 3, None)
    sheet.merge_cells("C5:C6")  # a merged 牵头单位 cell covering two rows
    sheet.cell(6, 1, "十")
    book.save(path)

    status, result = run_json("import_tasks", str(plan.pk), str(path))
    assert status == 0, result["errors"]
    task9 = Task.objects.get(plan=plan, code="9")
    assert [d.name for d in task9.lead_departments] == ["区司法局"]
    assert {d.name for d in task9.supporting_departments} == {"区政府办公室", "区财政局", "区人力资源社会保障局"}
    assert str(task9.deadline) == "2022-12-31"
    task10 = Task.objects.get(plan=plan, code="10")
    assert task10.is_ongoing and [d.name for d in task10.lead_departments] == ["区信访办"]
    assert len(task10.supporting_departments) == 12  # 各街镇
    assert Task.objects.get(plan=plan, code="37").is_ongoing
    assert str(Task.objects.get(plan=plan, code="48").deadline) == "2024-06-30"
    assert str(Task.objects.get(plan=plan, code="55").deadline) == "2025-12-31"


def test_errors_are_reported_by_row_and_column_and_nothing_is_written(plan, tmp_path):
    """Errors in a 任务分解表 are reported by row and column, and nothing is written."""
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["任务分解表"])
        writer.writerow(HEADER)
        writer.writerow(["(九)", "", "区司法局", "", "2022年底前", ""])
        writer.writerow(["(十)", "", "区火星事务局", "", "2023年", ""])
        writer.writerow(["(十一)", "", "区发展改革委", "", "等领导定", ""])
        writer.writerow(["(九十)", "", "区司法局", "", "", ""])
    status, result = run_json("import_tasks", str(plan.pk), str(path))
    assert status == 1
    assert result["ok"] is False
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(4, "牵头单位"), (5, "完成时限"), (6, "序号")]
    assert "区火星事务局" in result["errors"][0]["message"]
    assert Assignment.objects.filter(task__plan=plan).count() == 0
    assert Task.objects.get(plan=plan, code="9").deadline.isoformat() == "2022-12-31"  # from the text, untouched


def test_dry_run_checks_without_writing(plan):
    """A dry run of the 任务分解表 import checks everything and writes nothing."""
    status, _out, _err = run("import_tasks", str(plan.pk), str(BREAKDOWN), "--dry-run")
    assert status == 0
    assert Assignment.objects.count() == 0


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("(九)", "9"),
        ("（九）", "9"),
        ("九", "9"),
        ("9", "9"),
        ("9.0", "9"),
        ("第九条", "9"),
        ("(五十八)", "58"),
        ("9.2", "9.2"),
    ],
)
def test_clause_numbers_in_every_form(written, code):
    """A 任务分解表 may write clause numbers in any form (九, (九), （九）, 9)."""
    assert normalize_code(written) == code


def test_export_round_trips(plan, tmp_path):
    """An exported 任务分解表 imports back unchanged."""
    run("import_tasks", str(plan.pk), str(BREAKDOWN))
    data = export_breakdown(plan.tasks.all()).export("xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[9][0] == "(九)" and rows[9][2] == "区司法局"
    assert len(rows) == 59
    before = {(a.task.code, a.department_id, a.role) for a in Assignment.objects.select_related("task")}
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    status, result = run_json("import_tasks", str(plan.pk), str(path))
    assert status == 0, result["errors"]
    assert result["updated"] == 0  # nothing changed
    after = {(a.task.code, a.department_id, a.role) for a in Assignment.objects.select_related("task")}
    assert after == before
