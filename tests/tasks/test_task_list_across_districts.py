"""The city's supervisor reads every district's current plan on /tasks/, with a 区 column and a 区
picker; a district's supervisor and staff read their own district's tasks only, and never another's
(not by naming its plan, nor its department)."""

from types import SimpleNamespace

import pytest

from plans.models import Plan
from tasks.models import Assignment, Task
from tests.areas.cities import city_cast, district_cast, make_city
from tests.security.leak_world import readable_text


@pytest.fixture
def city(db):
    city, baoshan, jiading = make_city()
    people = {**district_cast(baoshan, "b"), **city_cast(city)}
    jd = district_cast(jiading, "j")
    plans = {}
    for area, market, name in ((baoshan, people["market"], "宝山"), (jiading, jd["market"], "嘉定")):
        plan = Plan.objects.create(area=area, title=f"{name}区法治政府建设规划", start_year=2021, end_year=2025)
        task = Task.objects.create(plan=plan, code="1", title=f"{name}的任务", position=1)
        Assignment.objects.create(task=task, department=market, role=Assignment.Role.LEAD)
        plans[name] = plan
    return SimpleNamespace(people=people, jd=jd, plans=plans, jiading=jiading)


def rows(client, query=""):
    response = client.get(f"/tasks/{query}")
    assert response.status_code == 200
    return [(row["district"], row["title"]) for row in response.context["page"].object_list]


def test_the_city_supervisor_reads_every_district_and_picks_one(client, city):
    people, jd, jiading = city.people, city.jd, city.jiading
    client.force_login(people["csup"])
    assert rows(client) == [("宝山", "宝山的任务"), ("嘉定", "嘉定的任务")]
    assert rows(client, f"?area={jiading.pk}") == [("嘉定", "嘉定的任务")]
    # Each district's 区市场监管局 is its own: the picker names the district.
    assert rows(client, f"?department={jd['market'].pk}") == [("嘉定", "嘉定的任务")]
    page = client.get("/tasks/").content.decode()
    assert "<th>区</th>" in page and 'name="area"' in page
    assert "嘉定 · 区市场监管局" in page


@pytest.mark.parametrize("who", ["bsup", "bstaff"])
def test_a_district_reads_its_own_tasks_only(client, city, who):
    people, jd, plans, jiading = city.people, city.jd, city.plans, city.jiading
    client.force_login(people[who])
    assert [title for _, title in rows(client)] == ["宝山的任务"]
    # Naming the other district's plan, area or department shows none of its tasks.
    assert rows(client, f"?plan={plans['嘉定'].pk}") == [("", "宝山的任务")]
    assert rows(client, f"?area={jiading.pk}") == [("", "宝山的任务")]
    assert rows(client, f"?department={jd['market'].pk}&scope=all") == []
    page = client.get("/tasks/?scope=all").content.decode()
    assert "嘉定" not in page
    assert "<th>区</th>" not in page and 'name="area"' not in page
    export = readable_text(client.get("/tasks/export.xlsx?scope=all"))
    assert "宝山的任务" in export and "嘉定" not in export
