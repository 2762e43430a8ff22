"""A supervisor revises the demo plan in the browser from an edited copy of its text: upload, read
the clause-by-clause difference, confirm; the removed clause's task is archived with its reports."""

from pathlib import Path

from playwright.sync_api import expect

from plans.models import Plan
from tasks.models import ProgressReport, Task
from tests.e2e.conftest import log_in
from tests.tasks.test_plan_revision_in_the_ui import CHANGED_TO, edited_text


def test_a_supervisor_revises_the_plan_from_an_edited_text(page, full_demo, output_path, tmp_path):
    plan = Plan.objects.current()
    removed = Task.objects.get(plan=plan, code="30")
    reports = ProgressReport.objects.filter(task__plan=plan).count()
    revised = tmp_path / "宝山规划-修订稿.txt"
    revised.write_text(edited_text(), encoding="utf-8")
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)

    log_in(page, full_demo, "supervisor")
    page.goto(f"{full_demo.url}/plans/{plan.pk}/")
    page.get_by_role("link", name="以修订稿更新").click()
    page.get_by_label("修订后的规划文档").set_input_files(str(revised))
    page.get_by_role("button", name="上传并比对").click()

    expect(page.get_by_test_id("count-added")).to_have_text("1")
    expect(page.get_by_test_id("count-changed")).to_have_text("1")
    expect(page.get_by_test_id("count-removed")).to_have_text("1")
    expect(page.get_by_test_id("count-unchanged")).to_have_text("56")
    changed = page.get_by_test_id("revision-changed")
    expect(changed.get_by_test_id("textdiff").locator("ins")).to_have_text("和咨询专家库")
    expect(page.get_by_test_id("revision-removed")).to_contain_text("完善突发事件应对保障体系")
    expect(page.get_by_test_id("revision-removed")).to_contain_text("归档")
    expect(page.get_by_test_id("revision-added")).to_contain_text("建立规划实施年度报告制度")
    page.screenshot(path=shots / "revision-preview.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=shots / "revision-preview-390.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    assert Plan.objects.get(pk=plan.pk).version == 1  # nothing written before the confirmation

    page.get_by_test_id("confirm-revision").click()

    expect(page.get_by_role("alert")).to_contain_text("新增 1 条，修改 1 条，删除 1 条")
    page.screenshot(path=shots / "revised-plan.png", full_page=False)
    removed.refresh_from_db()
    assert removed.archived_at is not None
    assert ProgressReport.objects.filter(task__plan=plan).count() == reports  # every report kept
    assert CHANGED_TO in Task.objects.get(plan=plan, code="9").content
