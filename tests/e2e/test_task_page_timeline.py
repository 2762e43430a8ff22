"""A task page opens on its light and completion, and its long record reads newest first, paged and filtered."""

import re

from playwright.sync_api import expect

from plans.models import Event
from tasks.models import Task


def test_the_task_page_shows_status_and_a_filtered_newest_first_record(frozen_clock, full_demo, browser_page):
    """The busiest demo task shows its light and completion on top, 20 entries a page newest first, and ?kind= filters."""
    counts = {}
    for ref in Event.objects.filter(ref__startswith="task:").values_list("ref", flat=True):
        counts[ref] = counts.get(ref, 0) + 1
    busiest = Task.objects.get(pk=int(max(counts, key=counts.get).split(":")[1]))
    assert counts[f"task:{busiest.pk}"] > 20

    supervisor = browser_page("supervisor")
    supervisor.goto(f"{full_demo.url}/tasks/{busiest.pk}/")
    status = supervisor.get_by_test_id("task-status")
    expect(status.get_by_test_id("task-light")).to_have_text(re.compile("已完成|逾期|临期或被退回|未启动|正常推进"))
    expect(status.get_by_test_id("task-completion")).to_have_text(re.compile(r"\d+%"))

    entries = supervisor.get_by_test_id("timeline").locator("li")
    expect(entries).to_have_count(20)
    times = [entries.nth(i).locator("span.text-muted.small").first.inner_text() for i in range(20)]
    assert times == sorted(times, reverse=True)
    expect(supervisor.get_by_role("link", name="较早")).to_be_visible()

    kinds = supervisor.get_by_test_id("timeline-kinds")
    kinds.get_by_role("link", name="年度目标").click()
    expect(supervisor).to_have_url(re.compile(r"\?kind=target$"))
    labels = supervisor.get_by_test_id("timeline").locator("li .badge")
    expect(labels.first).to_contain_text("年度目标")
    assert all("年度目标" in text for text in labels.all_inner_texts())
    kinds.get_by_role("link", name="进展报告").click()
    labels = supervisor.get_by_test_id("timeline").locator("li .badge")
    assert not any("年度目标" in text for text in labels.all_inner_texts())
    if supervisor.get_by_role("link", name="较早").count():
        supervisor.get_by_role("link", name="较早").click()
        expect(supervisor).to_have_url(re.compile(r"kind=report&page=2"))
