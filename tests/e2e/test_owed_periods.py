"""Staff file any period their department still owes, overdue ones included, from the pages."""

from playwright.sync_api import expect

from plans.models import Department, Plan
from tasks.facts import gather_facts
from tasks.models import Task
from tasks.progress import current_period
from tasks.status import unreported_periods
from tests.conftest import FROZEN_NOW


def _task_with_overdue_periods():
    market = Department.objects.get(name="区市场监管局")
    today = FROZEN_NOW.date()
    facts = gather_facts(Plan.objects.get(), today=today)
    for task_id, task_facts in facts.facts.items():
        owed = [p for p in unreported_periods(task_facts, market.pk, today) if p.due_date < today]
        if len(owed) >= 2:
            return Task.objects.get(pk=task_id), owed
    raise AssertionError("the demo has no task with overdue periods of 区市场监管局")


def test_every_overdue_period_is_listed_with_its_due_date_and_a_link(frozen_clock, full_demo, browser_page):
    """我的任务 and the task page list each period owed and not handed in, with its due date; the link opens its form."""
    task, owed = _task_with_overdue_periods()
    staff = browser_page("staff")
    staff.goto(f"{full_demo.url}/tasks/mine/?q={task.code}")
    row = staff.get_by_role("row").filter(has=staff.get_by_role("link", name=task.title, exact=True))
    cell = row.get_by_test_id("owed-periods")
    current = current_period(task.plan, FROZEN_NOW.date())  # it has a column of its own
    for period in [p for p in owed if p.id != current.pk]:
        expect(cell).to_contain_text(f"{period.label} 截止 {period.due_date:%Y-%m-%d}")

    staff.goto(f"{full_demo.url}/tasks/{task.pk}/")
    listed = staff.get_by_test_id("owed-periods")
    for period in owed:
        expect(listed).to_contain_text(period.label)
        expect(listed).to_contain_text(f"截止 {period.due_date:%Y-%m-%d}")
    listed.get_by_role("link", name=owed[0].label).click()
    expect(staff).to_have_url(f"{full_demo.url}/tasks/{task.pk}/report/{owed[0].id}/")
    expect(staff.locator("main")).to_contain_text(owed[0].label)
