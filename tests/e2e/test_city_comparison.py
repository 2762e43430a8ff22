"""The city supervisor signs in, compares 宝山区 and 嘉定区 on one page and drills into 嘉定: on a
desktop (1366 px) and on a phone (390 px)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("width", [1366, 390])
def test_the_city_supervisor_compares_two_districts_and_drills_into_one(
    frozen_clock, city_demo_server, browser_page, output_path, width
):
    """Signed in, the city supervisor lands on 各区比较: both districts with their figures and the
    chart, nothing wider than the screen; 嘉定区's link opens 嘉定's plan on the supervision page."""
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    page = browser_page("city_supervisor", width=width)
    expect(page.get_by_test_id("page-title")).to_have_text("各区比较")
    rows = page.get_by_test_id("city-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    for name in ("宝山区", "嘉定区"):
        row = page.locator(f"tr[data-district='{name}']")
        expect(row.get_by_test_id("completion")).to_have_text(re.compile(r"^\d+%$"))
        expect(row.get_by_test_id("overdue")).to_have_text(re.compile(r"^\d+$"))
    expect(page.get_by_test_id("city-chart")).to_be_visible()
    assert page.get_by_test_id("city-chart").bounding_box()["width"] >= min(500, width - 80)
    page.screenshot(path=shots / f"city-comparison-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("tr[data-district='嘉定区']").get_by_test_id("drill-down").click()
    expect(page.get_by_test_id("page-title")).to_contain_text("督察总览")
    expect(page.locator("main, body").first).to_contain_text("嘉定区全面推进法治政府建设")
    expect(page.get_by_test_id("plan-completion")).to_be_visible()
    page.screenshot(path=shots / f"city-drill-down-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
