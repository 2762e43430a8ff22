"""On first start the demo shows a plan that has run its course, on every role's pages."""

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_every_role_sees_a_lived_in_plan(browser, full_demo, output_path):
    """Every role's home page on the demo shows completed and overdue tasks and a department ranking."""
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    for username, path in [("supervisor", "/supervision/"), ("leader", "/overview/"), ("staff", "/my/")]:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        log_in(page, full_demo, username)
        page.goto(f"{full_demo.url}{path}")
        assert int(page.get_by_test_id("light-blue").inner_text()) > 0
        assert int(page.get_by_test_id("light-red").inner_text()) > 0
        expect(page.get_by_test_id("department-ranking")).to_be_visible()
        page.screenshot(path=shots / f"{username}-home.png", full_page=True)
        if username == "staff":
            page.goto(f"{full_demo.url}/tasks/mine/")
            expect(page.get_by_test_id("my-tasks")).to_contain_text("已通过")
            page.get_by_test_id("my-tasks").get_by_role("link").first.click()
            timeline = page.get_by_test_id("timeline")
            expect(timeline.locator("li").first).to_contain_text("审核通过")  # newest first, paged
            for _ in range(10):
                if not page.get_by_role("link", name="较早").count():
                    break
                page.get_by_role("link", name="较早").click()
            expect(timeline.locator("li").last).to_contain_text("2021")  # the oldest: the plan's first year
            page.screenshot(path=shots / "staff-task.png", full_page=True)
        context.close()
