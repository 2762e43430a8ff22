"""The 整改台账 from Excel: a table with any bad row is refused with row-level errors and nothing
written; a good one imports every row."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from inspections.actions import ledger_import
from inspections.ledger import HEADERS
from inspections.models import Finding, FindingState
from plans.models import Event


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["督察问题整改台账"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    [
        1,
        "2024年度法治督察",
        "区市场监管局",
        "案卷未载明听证告知",
        "逐卷补正",
        "牵头：区市场监管局；配合：罗店镇",
        "张三",
        datetime.date(2024, 9, 30),
        "已补正12卷",
        "已销号",
        "是",
        datetime.date(2024, 9, 20),
    ],
    [2, "", "罗店镇", "执法公示不及时", "", "", "", "2024-12-31", "", "待整改", "否", None],
]


def test_a_ledger_with_bad_rows_is_refused_row_by_row_and_nothing_is_written(actors, campaign):
    """Unknown unit, impossible date and a missing problem are reported by row and column; no finding is written."""
    bad = [
        *GOOD,
        [3, "", "区不存在局", "问题", "", "", "", "2024-06-30", "", "", "", None],
        [4, "", "罗店镇", "问题", "", "", "", "2024-02-30", "", "", "", None],
        [5, "", "罗店镇", "", "", "", "", "2024-06-30", "", "", "", None],
    ]
    before = Event.objects.count()
    result = ledger_import(actor=actors.supervisor, campaign=campaign, data=workbook(bad), filename="台账.xlsx")
    errors = {(e.row, e.column) for e in result.errors}
    assert errors == {(5, "单位"), (6, "整改时限"), (7, "问题")}
    assert "区不存在局" in next(e.message for e in result.errors if e.row == 5)
    assert not Finding.objects.exists()
    assert Event.objects.count() == before


def test_a_good_ledger_imports_all_rows_after_a_dry_run(actors, campaign):
    """The dry run writes nothing; the import writes every row with its state, units and 销号 date."""
    data = workbook(GOOD)
    dry = ledger_import(actor=actors.supervisor, campaign=campaign, data=data, filename="台账.xlsx", dry_run=True)
    assert dry.ok and len(dry.rows) == 2 and not Finding.objects.exists()
    result = ledger_import(actor=actors.supervisor, campaign=campaign, data=data, filename="台账.xlsx")
    assert result.ok
    closed, open_ = Finding.objects.order_by("pk")
    assert (closed.unit, closed.state, closed.closed_on) == (
        actors.market,
        FindingState.CLOSED,
        datetime.date(2024, 9, 20),
    )
    assert list(closed.supporting_units.all()) == [actors.town]
    assert closed.entries.get().text == "已补正12卷"
    assert (open_.unit, open_.state, open_.deadline) == (
        actors.town,
        FindingState.RECORDED,
        datetime.date(2024, 12, 31),
    )
    assert Event.objects.filter(verb="campaign.ledger_import").count() == 1


def test_only_supervisors_import_a_ledger(actors, campaign):
    """A unit cannot import findings about itself."""
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ledger_import(actor=actors.market_head, campaign=campaign, data=workbook(GOOD), filename="台账.xlsx")
