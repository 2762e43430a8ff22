"""A supervisor of a city may have thousands of reports waiting: the to-do centre lists the first of
each kind, counts them all, and links the page with the rest — its cost does not grow with them."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from reports import todo
from tasks import actions
from tests.conftest import count_queries
from tests.reports.test_todo_centre import file_overdue

pytestmark = pytest.mark.usefixtures("frozen_clock")


def user(name):
    return get_user_model().objects.get(username=name)


def waiting_for_review(count):
    for report in file_overdue(user("staff"), count=count):
        actions.report_confirm(actor=user("head"), report=report)


def test_the_review_section_lists_the_first_and_counts_all(demo_data, monkeypatch):
    waiting_for_review(2)
    monkeypatch.setattr(todo, "SECTION_ITEMS", 1)

    (review,) = [s for s in todo.todo_for(user("supervisor"), today=timezone.localdate()) if s.key == "review"]
    assert (len(review.items), review.total, review.unlisted) == (1, 2, 1)
    assert review.more_url == "/review/"
    assert todo.todo_count(user("supervisor")) >= 2

    client = Client()
    client.force_login(user("supervisor"))
    page = client.get("/todo/").content.decode()
    assert 'data-testid="todo-review-count">2<' in page
    assert '<a href="/review/">还有 1 项，查看全部…</a>' in page
    assert "/review/" in page and page.count("进展报告待审核") == 1


def test_the_review_section_costs_the_same_however_many_wait(demo_data, monkeypatch):
    supervisor = user("supervisor")
    waiting_for_review(2)
    today = timezone.localdate()
    all_listed = count_queries(lambda: todo.awaiting_review(supervisor, supervisor, today))
    monkeypatch.setattr(todo, "SECTION_ITEMS", 1)
    listed = todo.awaiting_review(supervisor, supervisor, today)
    assert (len(listed), listed.total) == (1, 2)
    # Past the listed ones at most two counts (reports, yearly targets), and nothing per item.
    assert count_queries(lambda: todo.awaiting_review(supervisor, supervisor, today)) <= all_listed + 2
