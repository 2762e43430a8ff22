"""The annual report pages on a desktop and a phone: the list of who owes one, the district draft."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from plans.models import Plan


@pytest.mark.parametrize("width", [1366, 390])
def test_a_supervisor_drafts_the_district_report_and_reads_it(full_demo, browser_page, output_path, width):
    """The supervisor opens 年度报告, starts the district's 2022 draft and sees its four parts."""
    plan = Plan.objects.get(source_name__startswith="baoshan")
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    page = browser_page("supervisor", width=width)
    page.goto(f"{full_demo.url}/annual/?plan={plan.pk}&year=2022")
    expect(page.get_by_test_id("not-submitted")).to_be_visible()
    page.screenshot(path=shots / f"annual-list-{width}.png", full_page=True)
    page.get_by_role("button", name="起草全区2022年度报告").click()
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text("三、党政主要负责人履行推进法治建设第一责任人职责情况")
    page.screenshot(path=shots / f"annual-detail-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
