"""The export of 全部任务 says which plans it holds as the page's picker says it: a district's
people read their 当前规划, not 各区当前规划 (the city's words, for every district's)."""

import io

import openpyxl

from plans.models import Plan
from tasks.models import Task


def filters_line(client) -> str:
    response = client.get("/tasks/export.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return sheet["A2"].value


def test_a_districts_export_names_its_current_plan_not_each_districts(client, actors):
    plan = Plan.objects.create(title="现行规划", start_year=2021, end_year=2025, is_current=True)
    Task.objects.create(plan=plan, code="1", title="任务一", position=1)
    client.force_login(actors.market_staff)

    assert '<option value="">当前规划</option>' in client.get("/tasks/").content.decode()
    line = filters_line(client)
    assert "规划：当前规划" in line
    assert "各区" not in line
