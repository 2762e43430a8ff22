"""The task list of 嘉定's plan offers 导入任务分解表 to 嘉定's supervisor only: the city's supervisor
reads the plan but does not change it, and 宝山's does not see it (the plan's area is read with the
plan, plans.policy.within_areas)."""

import pytest
from django.test import Client


@pytest.mark.parametrize(("who", "status", "offered"), [("sup", 200, True), ("csup", 200, False), ("bsup", 404, False)])
def test_the_import_button_is_for_the_plans_own_district(districts, who, status, offered):
    client = Client()
    client.force_login(districts.users[who])
    response = client.get(f"/plans/{districts.world.plan.pk}/tasks/")
    assert response.status_code == status
    assert ("导入任务分解表" in response.content.decode()) is offered
