"""A supervisor imports a plan in the browser: upload, preview, correct, confirm; then the
任务分解表 goes out to Excel and comes back in."""

from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from plans.demo import FIXTURES_DIR, load_departments
from plans.models import Plan
from tasks.models import Task
from tests.e2e.conftest import log_in

SEED = FIXTURES_DIR / "baoshan-plan-2021-2025.txt"


def test_preview_correct_and_confirm_a_plan(page, demo, output_path):
    """A supervisor uploads a plan, sees its units and deadlines in a preview, corrects it and confirms the import."""
    log_in(page, demo, "supervisor")
    page.get_by_role("link", name="规划与任务").click()
    expect(page.get_by_test_id("page-title")).to_have_text("规划")
    page.get_by_role("link", name="导入规划文档").click()
    page.get_by_label("规划文档").set_input_files(str(SEED))
    page.get_by_label("规划名称").fill("宝山区法治政府建设十四五规划（修订试导入）")
    page.get_by_role("button", name="上传并预览").click()

    expect(page.get_by_test_id("count-chapters")).to_have_text("11")
    expect(page.get_by_test_id("count-clauses")).to_have_text("58")
    expect(page.get_by_test_id("warnings")).to_contain_text("做好规划的任务分解与评估工作")
    clause9 = page.get_by_test_id("unit-clause-9")
    expect(clause9.locator("mark.deadline")).to_have_text("2022年年底前")
    clause55 = page.get_by_test_id("unit-clause-55")
    expect(clause55.get_by_text("待确认")).to_be_visible()
    Path(output_path).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=Path(output_path) / "preview.png", full_page=False)
    assert Plan.objects.count() == 1  # the demo plan only: nothing written before confirmation

    # "2025年前" may mean the end of 2024: the supervisor decides it does.
    clause55.get_by_label("(五十五) 时限").fill("2024-12-31")
    page.get_by_role("button", name="确认导入").click()

    expect(page.get_by_test_id("page-title")).to_have_text("宝山区法治政府建设十四五规划（修订试导入）")
    expect(page.get_by_role("alert")).to_contain_text("58 条")
    plan = Plan.objects.get(title="宝山区法治政府建设十四五规划（修订试导入）")
    assert plan.tasks.count() == 58
    assert str(plan.milestones.get(clause__number=55).due_date) == "2024-12-31"
    assert not plan.milestones.get(clause__number=55).needs_confirmation
    page.screenshot(path=Path(output_path) / "plan.png", full_page=False)


def test_a_wrong_file_type_is_refused_with_a_clear_message(page, demo, tmp_path):
    """Uploading a file that is not a plan document is refused with a clear message."""
    fake = tmp_path / "plan.docx"
    fake.write_text("这不是 Word 文件", encoding="utf-8")
    log_in(page, demo, "supervisor")
    page.goto(f"{demo.url}/plans/import/")
    page.get_by_label("规划文档").set_input_files(str(fake))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("alert")).to_contain_text("内容不是Word (.docx)格式")


def test_breakdown_round_trip_through_excel(page, demo, tmp_path, output_path):
    """The 任务分解表 downloads to Excel and, edited, uploads back into the plan."""
    plan = Plan.objects.get(source_name=SEED.name)
    log_in(page, demo, "supervisor")
    page.goto(f"{demo.url}/plans/{plan.pk}/tasks/?q=行政复议体制改革")
    expect(page.get_by_test_id("task-table")).to_contain_text("完成行政复议体制改革")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出任务分解表").click()
    exported = tmp_path / "export.xlsx"
    download_info.value.save_as(exported)
    book = openpyxl.load_workbook(exported)
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].endswith("任务分解表") and rows[1][0].startswith("筛选条件：关键词：")
    assert rows[3][:3] == ("序号", "任务内容", "牵头单位")
    assert [r[0] for r in rows[4:]] == ["(九)"]  # the filter applies to the export

    # Reassign (九)'s supporting departments and change its deadline, then import the file back.
    for row in sheet.iter_rows(min_row=5):
        if row[0].value == "(九)":
            row[3].value = "区政府办公室、区财政局"
            row[4].value = "2022年10月底前"
    book.save(exported)
    page.goto(f"{demo.url}/plans/{plan.pk}/breakdown/")
    page.get_by_label("任务分解表").set_input_files(str(exported))
    page.get_by_role("button", name="检查").click()
    expect(page.get_by_role("status")).to_contain_text("全部 1 行检查通过")
    # The departments the table takes off the task are listed, and confirmed before anything is written.
    expect(page.get_by_test_id("breakdown-removals")).to_contain_text("移除配合单位")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_test_id("breakdown-removals")).to_contain_text("尚未确认移除，未导入任何内容")
    page.get_by_label("我已核对").check()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("alert")).to_contain_text("任务分解表已导入")

    task9 = Task.objects.get(plan=plan, code="9")
    assert {d.name for d in task9.supporting_departments} == {"区政府办公室", "区财政局"}
    assert str(task9.deadline) == "2022-10-31"

    # A table with an unknown department is refused by row and column, and nothing changes.
    sheet.cell(5, 3).value = "区火星事务局"  # the first data row, below the title lines and the header
    book.save(exported)
    page.goto(f"{demo.url}/plans/{plan.pk}/breakdown/")
    page.get_by_label("任务分解表").set_input_files(str(exported))
    page.get_by_role("button", name="检查").click()
    expect(page.get_by_test_id("breakdown-errors")).to_contain_text("第 5 行，“牵头单位”列：未知部门“区火星事务局”")
    Path(output_path).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=Path(output_path) / "breakdown-errors.png", full_page=True)
    task9.refresh_from_db()
    assert [d.name for d in task9.lead_departments] == ["区司法局"]


def test_staff_cannot_import_plans(page, demo):
    """Department staff are not offered, and cannot open, the plan import."""
    load_departments()
    log_in(page, demo, "staff")
    page.goto(f"{demo.url}/plans/import/")
    expect(page.get_by_text("仅司法局督察人员和管理员可以导入规划")).to_be_visible()
