"""Buttons appear only when the policy allows what they lead to."""

from playwright.sync_api import expect


def test_the_administrator_is_not_offered_a_review_queue_it_may_not_open(demo, browser_page):
    """On 督察总览 the administrator sees no 待审核报告 button (it would be a 403); the supervisor does, and it opens."""
    admin = browser_page("admin")
    admin.goto(f"{demo.url}/supervision/")
    expect(admin.get_by_test_id("page-title")).to_contain_text("督察总览")
    expect(admin.get_by_role("link", name="待审核报告")).to_have_count(0)
    assert admin.request.get(f"{demo.url}/review/").status == 403

    supervisor = browser_page("supervisor")
    supervisor.goto(f"{demo.url}/supervision/")
    supervisor.get_by_role("link", name="待审核报告").click()
    expect(supervisor.get_by_test_id("page-title")).to_have_text("待审核报告")
