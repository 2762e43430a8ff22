"""The reporting loop in Chromium: staff write and submit with evidence, the head confirms, a
supervisor returns it, staff revise, the head confirms again, the supervisor accepts."""

import re
from pathlib import Path

from playwright.sync_api import expect

from plans.models import Department
from tasks.models import Assignment, Evidence, ProgressReport, ReportState

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_report_submit_confirm_return_revise_accept(frozen_clock, browser_page, demo, tmp_path, output_path):
    """A report goes from staff to head to supervisor, is returned, revised and accepted, and the timeline shows every step with its time."""
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    market = Department.objects.get(name="区市场监管局")
    task = Assignment.objects.filter(department=market, role="lead").select_related("task").first().task
    evidence_file = tmp_path / "双随机抽查记录.pdf"
    evidence_file.write_bytes(PDF)

    staff = browser_page("staff")
    staff.locator("#mainnav").get_by_role("link", name="我的任务").click()
    expect(staff.get_by_test_id("my-tasks")).to_contain_text(task.title)
    staff.get_by_role("row").filter(has_text=task.title).get_by_role("link", name="填报进展").click()
    staff.get_by_label("进展情况").fill("已完成年度双随机抽查计划，抽查企业 120 家。")
    staff.get_by_label("完成百分比").fill("80")
    staff.get_by_label("佐证材料").set_input_files(str(evidence_file))
    staff.screenshot(path=shots / "1-staff-writes.png", full_page=True)
    staff.get_by_role("button", name="保存并提交").click()
    expect(staff.get_by_role("alert")).to_contain_text("报告已提交")
    report = ProgressReport.objects.get(task=task, department=market)
    assert report.state == ReportState.SUBMITTED
    assert Evidence.objects.get(report=report).original_name == "双随机抽查记录.pdf"

    head = browser_page("head")
    head.goto(f"{demo.url}/progress/{report.pk}/")
    head.get_by_role("button", name="确认上报").click()
    expect(head.get_by_role("alert")).to_contain_text("已确认上报")

    supervisor = browser_page("supervisor")
    supervisor.get_by_role("link", name="待审核", exact=True).click()
    supervisor.get_by_test_id("review-queue").get_by_role("link", name="审核").first.click()
    expect(supervisor.get_by_text("已完成年度双随机抽查计划")).to_be_visible()
    supervisor.get_by_label("退回意见").fill("请补充抽查结果公示的链接。")
    supervisor.get_by_role("button", name="退回").click()
    expect(supervisor.get_by_role("alert")).to_contain_text("已退回")

    staff.locator("#mainnav").get_by_role("link", name="我的任务").click()
    row = staff.get_by_role("row").filter(has_text=task.title)
    expect(row).to_contain_text("已退回")
    row.get_by_role("link", name="修改报告").click()
    expect(staff.get_by_test_id("review-comment")).to_contain_text("请补充抽查结果公示的链接。")
    staff.get_by_label("进展情况").fill("已完成年度双随机抽查计划，抽查企业 120 家，结果已在区政府网站公示。")
    staff.get_by_role("button", name="保存并提交").click()
    expect(staff.get_by_role("alert")).to_contain_text("报告已提交")

    head.goto(f"{demo.url}/progress/{report.pk}/")
    head.get_by_role("button", name="确认上报").click()
    expect(head.get_by_role("alert")).to_contain_text("已确认上报")

    supervisor.goto(f"{demo.url}/progress/{report.pk}/")
    supervisor.get_by_role("button", name="审核通过").click()
    expect(supervisor.get_by_role("alert")).to_contain_text("已审核通过")

    supervisor.goto(f"{demo.url}/tasks/{task.pk}/")
    timeline = supervisor.get_by_test_id("timeline")
    entries = timeline.locator("li")
    # Handed-in steps only: the draft and its file are the department's own business.
    expect(entries).to_have_count(6)
    expect(entries.first).to_contain_text("审核通过")  # newest first
    for who, step in [("张晓燕", "提交"), ("李建国", "部门确认"), ("王立平", "退回"), ("王立平", "审核通过")]:
        expect(timeline.locator("li", has_text=who).filter(has_text=step).first).to_be_visible()
    expect(timeline).to_contain_text("请补充抽查结果公示的链接。")
    expect(timeline).not_to_contain_text("创建草稿")
    for n in range(6):  # a date and time on every entry: today's, as the clock is frozen to 2026-03-02 10:00
        expect(entries.nth(n)).to_contain_text(re.compile(r"2026-03-02 10:\d\d"))
    staff.goto(f"{demo.url}/tasks/{task.pk}/")
    own = staff.get_by_test_id("timeline")
    expect(own.locator("li")).to_have_count(8)  # and the department sees its draft and its file too
    expect(own.locator("li").last).to_contain_text("创建草稿")
    expect(own).to_contain_text("上传佐证材料")
    supervisor.screenshot(path=shots / "2-timeline.png", full_page=True)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
