"""Each district marks its own current plan and its people open on it; a district's people never
pick another district's plan, even by its address; the city's supervisor may pick any district's."""

import pytest
from django.contrib.auth import get_user_model

from plans.models import Department, Membership, Plan
from plans.roles import Role, ensure_role_groups
from tasks import actions
from tests.areas.cities import make_city


@pytest.fixture
def city(db):
    groups = ensure_role_groups()
    shanghai, baoshan, jiading = make_city()

    def supervisor(username, area):
        bureau = Department.objects.get_or_create(area=area, name="区司法局" if area != shanghai else "市司法局")[0]
        user = get_user_model().objects.create_user(username, f"{username}@example.gov.cn", "pw")
        user.groups.add(groups[Role.SUPERVISOR])
        Membership.objects.create(user=user, department=bureau)
        return user

    plans = {
        area.name: [
            Plan.objects.create(area=area, title=f"{area.name}规划{n}", start_year=2021, end_year=2025) for n in (1, 2)
        ]
        for area in (baoshan, jiading)
    }
    return {
        "plans": plans,
        "baoshan": supervisor("bs", baoshan),
        "jiading": supervisor("jd", jiading),
        "city": supervisor("sh", shanghai),
    }


def test_each_district_marks_its_own_current_plan(city):
    baoshan_second, jiading_second = city["plans"]["宝山区"][1], city["plans"]["嘉定区"][1]
    actions.plan_mark_current(actor=city["baoshan"], plan=baoshan_second)
    actions.plan_mark_current(actor=city["jiading"], plan=jiading_second)

    assert set(Plan.objects.filter(is_current=True)) == {baoshan_second, jiading_second}
    assert Plan.objects.choose(city["baoshan"], None)[0] == baoshan_second
    assert Plan.objects.choose(city["jiading"], None)[0] == jiading_second


def test_a_district_never_picks_another_districts_plan_and_cannot_mark_it(city):
    jiading_plan = city["plans"]["嘉定区"][0]
    plan, choices = Plan.objects.choose(city["baoshan"], str(jiading_plan.pk))
    assert plan.area.name == "宝山区"
    assert {p.area.name for p in choices} == {"宝山区"}
    with pytest.raises(Exception, match="当前规划"):
        actions.plan_mark_current(actor=city["baoshan"], plan=jiading_plan)


def test_the_city_supervisor_picks_any_district_plan_but_marks_none_current(city):
    jiading_plan = city["plans"]["嘉定区"][0]
    plan, choices = Plan.objects.choose(city["city"], str(jiading_plan.pk))
    assert plan == jiading_plan
    assert {p.area.name for p in choices} == {"宝山区", "嘉定区"}
    with pytest.raises(Exception, match="当前规划"):
        actions.plan_mark_current(actor=city["city"], plan=jiading_plan)
