"""A supervisor's 退回 lands on the review queue, and the return stays on the task's timeline."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from plans.models import Department
from tasks.actions import report_confirm, report_save, report_submit
from tasks.models import Assignment, ProgressReport, ReportState
from tasks.progress import current_period
from tests.conftest import FROZEN_NOW


def _confirmed_report() -> ProgressReport:
    users = get_user_model().objects
    market = Department.objects.get(name="区市场监管局")
    task = Assignment.objects.filter(department=market, role="lead").select_related("task__plan").first().task
    period = current_period(task.plan, FROZEN_NOW.date())
    report = report_save(
        actor=users.get(username="staff"),
        task=task,
        period=period,
        data={"narrative": "内部草稿：抽查企业 120 家", "percent_complete": 60, "progress_status": "in_progress"},
        version=None,
    )
    report = report_submit(actor=users.get(username="staff"), report=report, version=report.version)
    return report_confirm(actor=users.get(username="head"), report=report, version=report.version)


def test_a_returned_report_leaves_the_supervisor_on_the_queue_and_on_the_record(frozen_clock, demo, browser_page):
    """After 退回 the supervisor is on 待审核报告 with a message; supervisor and leader read who returned it, when and why, not the department's text."""
    report = _confirmed_report()

    supervisor = browser_page("supervisor")
    supervisor.goto(f"{demo.url}/progress/{report.pk}/")
    supervisor.get_by_label("退回意见").fill("请补充抽查结果公示的链接。")
    supervisor.get_by_role("button", name="退回").click()
    expect(supervisor.get_by_test_id("page-title")).to_have_text("待审核报告")
    expect(supervisor.get_by_role("alert")).to_contain_text("已退回")
    assert ProgressReport.objects.get(pk=report.pk).state == ReportState.RETURNED

    for page in (supervisor, browser_page("leader")):
        page.goto(f"{demo.url}/tasks/{report.task_id}/")
        entry = page.get_by_test_id("timeline").locator("li").first
        expect(entry).to_contain_text("退回")
        expect(entry).to_contain_text("请补充抽查结果公示的链接。")
        expect(entry).to_contain_text("2026-03-02")
        expect(page.locator("body")).not_to_contain_text("内部草稿")
