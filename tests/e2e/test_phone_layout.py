"""The department pages and the dashboards read on a phone (390 px) as on a desktop (1366 px)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

PAGES = [
    ("staff", "/my/", "department-home"),
    ("staff", "/tasks/mine/", "my-tasks"),
    ("supervisor", "/supervision/", "supervision"),
]

# Per task name on 我的任务: (characters, lines it is laid out on).
TITLE_LINES = """() => [...document.querySelectorAll('[data-testid=my-tasks] td.task-title a')].map(a => {
  const range = document.createRange(); range.selectNodeContents(a);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return [a.textContent.trim().length, tops.size];
})"""
# Per KPI label of a dashboard: its height over its line height (1 when on one line).
KPI_LINES = """() => [...document.querySelectorAll('.kpi-label')].map(e =>
  Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)))"""


@pytest.mark.parametrize("width", [1366, 390])
def test_department_pages_and_dashboards_fit_the_screen(frozen_clock, full_demo, browser_page, output_path, width):
    """No page is wider than the screen, task names never break one character per line, KPI labels stay on one line, the timeline keeps its size."""
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    pages = {}
    for username, path, name in PAGES:
        page = pages.get(username) or pages.setdefault(username, browser_page(username, width=width))
        page.goto(f"{full_demo.url}{path}")
        expect(page.get_by_test_id("page-title")).to_be_visible()
        page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} is wider than {width} px"
        if path == "/tasks/mine/":
            titles = page.evaluate(TITLE_LINES)
            assert titles, "我的任务 lists no task"
            assert all(chars / lines >= 6 for chars, lines in titles if chars >= 6), titles
        else:
            assert set(page.evaluate(KPI_LINES)) == {1}
            timeline = page.locator("svg[aria-label='规划时限节点时间轴']")
            assert timeline.bounding_box()["width"] >= min(640, width - 80)
