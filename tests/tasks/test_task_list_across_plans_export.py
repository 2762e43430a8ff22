"""The list across plans exports the rows it shows, every page of them, with its filters, as Excel."""

import io

import openpyxl

from plans.models import Plan
from tasks.models import Assignment, Task


def test_the_export_holds_the_filtered_rows_of_every_page(client, actors):
    first = Plan.objects.create(title="现行规划", start_year=2021, end_year=2025, is_current=True)
    Plan.objects.create(title="另一规划", start_year=2021, end_year=2025)
    tasks = Task.objects.bulk_create(Task(plan=first, code=str(n), title=f"=任务{n}", position=n) for n in range(1, 61))
    Assignment.objects.bulk_create(
        [Assignment(task=t, department=actors.market, role=Assignment.Role.LEAD) for t in tasks[:55]]
        + [Assignment(task=t, department=actors.justice, role=Assignment.Role.SUPPORT) for t in tasks]
    )
    client.force_login(actors.market_staff)
    page = client.get(f"/tasks/?department={actors.market.pk}&role=lead").content.decode()
    assert f'href="/tasks/export.xlsx?department={actors.market.pk}&amp;role=lead"' in page

    response = client.get(f"/tasks/export.xlsx?department={actors.market.pk}&role=lead&page=2")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "任务列表（全部规划）"
    assert "部门：区市场监管局" in values[1][0] and "分工：牵头" in values[1][0]
    assert values[3] == ("规划", "序号", "状态", "任务", "牵头单位", "配合单位", "完成时限", "完成度（%）")
    rows = values[4:]
    assert len(rows) == 55  # both pages of the list, not the one asked for
    assert rows[0] == ("现行规划", "1", "未启动", "=任务1", "区市场监管局", "区司法局", "—", 0)
    assert sheet["D5"].data_type == "s"  # a title beginning with "=" stays text
