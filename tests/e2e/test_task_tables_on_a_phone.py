"""The department staff reads the task tables on a phone (390 px): 全部任务 and a plan's task list
scroll sideways inside their card, and their 任务 and 配合单位 columns keep a readable width instead
of being squeezed to a character or two a line (rows of 700 px): five characters a line at least."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from plans.models import Plan

# Per 任务 and 配合单位 cell of the table's rows: (characters, lines it is laid out on).
CELL_LINES = """() => [...document.querySelectorAll('[data-testid=task-table] tbody tr')].flatMap(row => {
  const cells = [row.cells[row.cells.length - 5], row.cells[row.cells.length - 3]];  // 任务, 配合单位
  return cells.map(cell => {
    const range = document.createRange(); range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    return [cell.textContent.trim().length, tops.size];
  });
})"""


@pytest.mark.parametrize("path", ["/tasks/", "/plans/{plan}/tasks/"])
def test_the_task_tables_keep_their_columns_readable_on_a_phone(frozen_clock, demo, browser_page, output_path, path):
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    page = browser_page("staff", width=390)
    page.goto(demo.url + path.format(plan=Plan.objects.get().pk))
    expect(page.get_by_test_id("task-table")).to_be_visible()
    page.screenshot(path=shots / "task-table-390.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cells = page.evaluate(CELL_LINES)
    assert cells, "the table lists no task"
    assert all(chars / lines >= 5 for chars, lines in cells if chars >= 5), [
        c for c in cells if c[0] >= 5 and c[0] / c[1] < 5
    ]
