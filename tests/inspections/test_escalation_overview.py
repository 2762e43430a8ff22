"""督办总览: leaders see 督办单 counts by colour and unit, 挂牌督办 and 约谈 proposals, filter them and export Excel."""

import datetime
import io

import openpyxl

from inspections.escalation import escalate
from tests.inspections.escalation_scenario import DUE, make_plan


def test_leaders_see_counts_listed_matters_and_export(client, actors, eager_celery):
    """After 红 and 挂牌 days, the leader's overview counts by colour and unit, lists 挂牌督办 and the
    约谈 proposals; the Excel export follows the filter; a unit may not open it."""
    make_plan(actors)
    for offset in (1, 16, 31, 61):
        escalate(DUE + datetime.timedelta(days=offset))
    client.force_login(actors.leader)
    page = client.get("/inspections/escalation/?year=2024").content.decode()
    assert "区市场监管局" in page and "挂牌督办（2）" in page and "约谈建议（" in page
    response = client.get("/inspections/escalation.xlsx?year=2024&colour=red")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["A1"].value == "2024年督办单台账" and sheet["A2"].value == "筛选条件：年度：2024；颜色：红色"
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert {r[1] for r in rows} == {"红色督办单"} and len(rows) == 2
    assert rows[0][0].startswith("宝法督〔2024〕")
    other_unit = client.get(f"/inspections/escalation.xlsx?year=2024&unit={actors.town.pk}")
    assert (
        list(openpyxl.load_workbook(io.BytesIO(other_unit.getvalue())).active.iter_rows(min_row=5)) == []
    )  # no row below the header
    client.force_login(actors.market_staff)
    assert client.get("/inspections/escalation/").status_code == 403
