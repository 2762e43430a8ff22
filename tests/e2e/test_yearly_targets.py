"""A lead department records its 2024 targets; a supervisor returns them; revised, they are approved."""

from pathlib import Path

from playwright.sync_api import expect

from plans.models import Department
from tasks.models import Assignment, ReportState, YearlyTarget
from tests.e2e.conftest import log_in


def test_record_return_revise_approve_2024_targets(browser, demo, output_path):
    """A lead department's 2024 targets are returned by a supervisor, revised and approved."""
    market = Department.objects.get(name="区市场监管局")
    task = Assignment.objects.filter(department=market, role="lead").select_related("task").first().task
    pages = {}
    for username in ["staff", "head", "supervisor"]:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        pages[username] = context.new_page()
        log_in(pages[username], demo, username)
    staff, head, supervisor = pages["staff"], pages["head"], pages["supervisor"]

    staff.goto(f"{demo.url}/tasks/{task.pk}/")
    staff.get_by_role("link", name="填报2024年目标").click()
    staff.get_by_label("年度目标").fill("新建园区法律服务工作站 2 个。")
    staff.get_by_label("推进措施").fill("会同园区管委会选址，季度督导。")
    staff.get_by_label("时间节点").fill("2024-06-30 完成选址\n2024-12-31 两个工作站投入运行")
    staff.get_by_role("button", name="保存并提交").click()
    expect(staff.get_by_role("alert")).to_contain_text("2024年度目标已提交")
    target = YearlyTarget.objects.get(task=task, year=2024)

    head.goto(f"{demo.url}/review/")
    head.get_by_test_id("target-queue").get_by_role("link", name="确认").click()
    head.get_by_role("button", name="确认上报").click()
    expect(head.get_by_role("alert")).to_contain_text("已确认上报")

    supervisor.goto(f"{demo.url}/review/")
    supervisor.get_by_test_id("target-queue").get_by_role("link", name="审核").click()
    expect(supervisor.get_by_test_id("targets")).to_contain_text("新建园区法律服务工作站 2 个。")
    supervisor.get_by_label("退回意见").fill("请写明服务企业数量目标。")
    supervisor.get_by_role("button", name="退回").click()
    expect(supervisor.get_by_role("alert")).to_contain_text("已退回")

    staff.goto(f"{demo.url}/tasks/{task.pk}/")
    staff.get_by_role("link", name="修改2024年目标").click()
    expect(staff.get_by_test_id("review-comment")).to_contain_text("请写明服务企业数量目标。")
    staff.get_by_label("年度目标").fill("新建园区法律服务工作站 2 个，服务企业不少于 200 家。")
    staff.get_by_role("button", name="保存并提交").click()
    expect(staff.get_by_role("alert")).to_contain_text("已提交")

    head.goto(f"{demo.url}/targets/{target.pk}/")
    head.get_by_role("button", name="确认上报").click()
    supervisor.goto(f"{demo.url}/targets/{target.pk}/")
    supervisor.get_by_role("button", name="审核通过").click()
    expect(supervisor.get_by_role("alert")).to_contain_text("已审核通过")

    target.refresh_from_db()
    assert target.state == ReportState.ACCEPTED
    assert "不少于 200 家" in target.targets
    assert [m.description for m in target.milestones.all()] == ["完成选址", "两个工作站投入运行"]
    states = [h.state for h in target.history.order_by("history_date", "history_id")]
    assert "returned" in states and states[-1] == "accepted"
    supervisor.goto(f"{demo.url}/tasks/{task.pk}/")
    expect(supervisor.get_by_test_id("yearly-targets")).to_contain_text("已通过")
    Path(output_path).mkdir(parents=True, exist_ok=True)
    supervisor.screenshot(path=Path(output_path) / "task-with-targets.png", full_page=True)
    for page in pages.values():
        page.context.close()
