"""The city supervisor opens 全部任务 from the plan list, sees both districts' tasks with their 区 and
plan, and narrows them to 嘉定's 区市场监管局: on a desktop (1366 px) and on a phone (390 px)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("width", [1366, 390])
def test_the_city_supervisor_finds_a_districts_tasks_across_plans(
    frozen_clock, city_demo_server, browser_page, output_path, width
):
    """From 规划 → 全部任务: rows of both districts; the 区 and 部门 pickers narrow them to 嘉定's
    区市场监管局; nothing is wider than the screen (the table scrolls inside its card)."""
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    page = browser_page("city_supervisor", width=width)
    page.goto(f"{city_demo_server.url}/plans/")
    page.get_by_test_id("all-tasks").click()
    expect(page.get_by_test_id("page-title")).to_have_text("全部任务")
    table = page.get_by_test_id("task-table")
    expect(table.locator("tbody tr")).to_have_count(50)
    expect(table.locator("thead")).to_contain_text("区")
    page.screenshot(path=shots / f"task-search-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label("区", exact=True).select_option(label="嘉定")
    page.get_by_label("部门").select_option(label="嘉定 · 区市场监管局")
    page.get_by_role("button", name="筛选").click()
    expect(table.locator("tbody tr").first).to_contain_text("嘉定")
    expect(table.locator("tbody")).not_to_contain_text("宝山")
    page.screenshot(path=shots / f"task-search-filtered-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
