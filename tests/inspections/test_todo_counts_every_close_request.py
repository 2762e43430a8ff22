"""A district's supervisor with more 销号 requests waiting than the to-do centre lists: the 督察整改
section lists the first SECTION_ITEMS and counts every one of them, as the header does."""

import datetime

from django.test import Client
from django.utils import timezone

from inspections.models import Finding, FindingState
from reports import todo

WAITING = 53


def test_the_inspection_section_counts_every_close_request(actors, campaign):
    Finding.objects.bulk_create(
        Finding(
            campaign=campaign,
            unit=actors.market,
            description=f"问题{n}",
            deadline=datetime.date(2024, 9, 30),
            state=FindingState.CLOSE_REQUESTED,
        )
        for n in range(WAITING)
    )

    (section,) = [s for s in todo.todo_for(actors.supervisor, today=timezone.localdate()) if s.key == "inspections"]
    assert section.total == WAITING
    assert len(section.items) == todo.SECTION_ITEMS
    assert section.unlisted == WAITING - todo.SECTION_ITEMS
    assert todo.todo_count(actors.supervisor) >= WAITING

    client = Client()
    client.force_login(actors.supervisor)
    page = client.get("/todo/").content.decode()
    assert f'data-testid="todo-inspections-count">{WAITING}<' in page
    assert f"还有 {WAITING - todo.SECTION_ITEMS} 项未列出。" in page
