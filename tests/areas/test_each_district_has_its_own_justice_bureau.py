"""Department names are unique within an area, not across the city: every district has its 区司法局."""

import pytest
from django.db import IntegrityError, transaction

from plans.models import Department


def test_two_districts_each_have_a_justice_bureau(districts):
    """宝山 and 嘉定 both have a 区司法局 (and a 区市场监管局); each is its own district's."""
    bureaus = Department.objects.filter(name="区司法局")
    assert {d.area.name for d in bureaus} == {"宝山区", "嘉定区"}
    assert Department.objects.in_jurisdiction(districts.baoshan).get(name="区司法局") == districts.baoshan_justice
    assert Department.objects.in_jurisdiction(districts.jiading).get(name="区司法局") == districts.world.justice


def test_a_name_is_still_unique_within_one_district(districts):
    """A second 区司法局 in the same district is refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(area=districts.jiading, name="区司法局")
