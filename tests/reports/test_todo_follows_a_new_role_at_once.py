"""The to-do is kept per user until the next event; a role taken away (no event is recorded for it)
shows at once all the same: who the user is now is part of what the to-do is kept under."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from plans.roles import Role
from reports.todo import todo_sections
from tests.reports.test_todo_centre import file_overdue

pytestmark = pytest.mark.usefixtures("frozen_clock")


def keys(name):
    return [s.key for s in todo_sections(get_user_model().objects.get(username=name))]


def test_a_head_who_is_no_longer_head_has_nothing_to_confirm(demo_data):
    file_overdue(get_user_model().objects.get(username="staff"))
    assert "confirm" in keys("head")

    get_user_model().objects.get(username="head").groups.remove(Group.objects.get(name=Role.HEAD))

    assert "confirm" not in keys("head")
