"""Accepting a report that completes a task moves the supervisor dashboard's numbers."""

from pathlib import Path

from playwright.sync_api import expect

from plans.models import Department
from tasks.models import Assignment
from tests.e2e.conftest import log_in


def chapter_completion(page, number):
    return int(
        page.locator(f"[data-testid=chapters] tr[data-chapter='{number}'] [data-testid=chapter-completion]")
        .inner_text()
        .rstrip("%")
    )


def department_completion(page, name):
    return page.locator(
        f"[data-testid=department-ranking] tr[data-department='{name}'] [data-testid=department-completion]"
    ).inner_text()


def test_accepting_a_completed_task_updates_chapter_completion_and_ranking(
    page, browser, demo, frozen_clock, output_path
):
    """When a supervisor accepts a report saying a task is done, the overview's chapter completion, ranking and blue count move."""
    market = Department.objects.get(name="区市场监管局")
    task = (
        Assignment.objects.filter(department=market, role="lead", task__is_ongoing=False)
        .select_related("task__clause__chapter")
        .first()
        .task
    )
    chapter = task.clause.chapter.number

    log_in(page, demo, "supervisor")
    expect(page.get_by_test_id("page-title")).to_have_text("督察总览")
    before_chapter = chapter_completion(page, chapter)
    before_department = department_completion(page, "区市场监管局")
    assert before_department == "0%"
    blue_before = int(page.get_by_test_id("light-blue").inner_text())

    staff_context = browser.new_context(locale="zh-CN")
    staff = staff_context.new_page()
    log_in(staff, demo, "staff")
    staff.goto(f"{demo.url}/tasks/{task.pk}/")
    staff.get_by_role("link", name="本部门2025年第四季度进展").click()
    staff.get_by_label("推进状态").select_option(label="已完成")
    staff.get_by_label("完成百分比").fill("100")
    staff.get_by_label("进展情况").fill("任务已全部完成，相关制度已印发实施。")
    staff.get_by_role("button", name="保存并提交").click()
    expect(staff.get_by_role("alert")).to_contain_text("报告已提交")
    staff_context.close()

    head_context = browser.new_context(locale="zh-CN")
    head = head_context.new_page()
    log_in(head, demo, "head")
    head.goto(f"{demo.url}/tasks/{task.pk}/")
    head.get_by_role("link", name="2025年第四季度").first.click()
    head.get_by_role("button", name="确认上报").click()
    expect(head.get_by_role("alert")).to_contain_text("已确认上报")
    head_context.close()

    page.get_by_role("link", name="待审核", exact=True).first.click()
    page.get_by_test_id("review-queue").get_by_role("link", name="审核").first.click()
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_role("alert")).to_contain_text("已审核通过")

    page.goto(f"{demo.url}/supervision/")
    assert chapter_completion(page, chapter) > before_chapter
    assert department_completion(page, "区市场监管局") != before_department
    assert int(page.get_by_test_id("light-blue").inner_text()) == blue_before + 1
    Path(output_path).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=Path(output_path) / "dashboard.png", full_page=True)
