"""With two districts, each supervisor's 待办 is their own district's work: 宝山's supervisor is not
asked to review 嘉定's self-reports, 销号 requests or annual report, and the city supervisor, who
reads both districts, reviews neither."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from inspections.models import CampaignTarget, Finding
from plans.models import Plan
from reports.todo import todo_for

pytestmark = pytest.mark.django_db


def items(username: str) -> list:
    user = get_user_model().objects.get(username=username)
    return [item for section in todo_for(user, today=timezone.localdate()) for item in section.items]


def areas_of(todo: list) -> set[str]:
    """The districts the 督察 and annual-report items point into."""
    names = set()
    for item in todo:
        parts = item.url.strip("/").split("/")
        if item.url.startswith("/inspections/units/"):
            names.add(CampaignTarget.objects.get(pk=parts[2]).department.area.name)
        elif item.url.startswith("/inspections/findings/"):
            names.add(Finding.objects.get(pk=parts[2]).unit.area.name)
        elif item.url.startswith("/annual/"):
            names.add(Plan.objects.get(pk=item.url.split("plan=")[1].split("&")[0]).area.name)
    return names


def test_each_supervisor_is_asked_for_their_own_districts_work(city_demo):
    assert areas_of(items("supervisor")) == {"宝山区"}
    assert areas_of(items("jd_supervisor")) == {"嘉定区"}
    assert areas_of(items("city_supervisor")) == set()
