"""The 整改台账 page and its Excel cost the same number of queries however many findings there
are: what a row shows comes with the findings (campaign, units, progress), and whether its reader
sees the unit's plan is answered from the row, not asked of the database per row."""

import datetime
import io

import openpyxl
from django.contrib.auth import get_user_model
from django.test import Client

from inspections.models import Campaign, Finding, FindingState, RectificationEntry
from plans.models import Department
from reports.todo import todo_count
from tests.conftest import count_queries

READERS = ("supervisor", "leader", "staff")


def _more_findings(n: int) -> None:
    """``n`` findings handed in by other units, supported by 区市场监管局 (the demo's ``staff``),
    each with a progress entry."""
    market = Department.objects.get(name="区市场监管局")
    others = list(Department.objects.exclude(pk=market.pk).order_by("pk")[:5])
    campaign = Campaign.objects.order_by("pk").first()
    findings = Finding.objects.bulk_create(
        Finding(
            campaign=campaign,
            unit=others[i % len(others)],
            description=f"补充问题{i}",
            deadline=datetime.date(2024, 12, 31),
            state=FindingState.RECTIFYING,
            plan_measures=f"整改措施{i}",
        )
        for i in range(n)
    )
    Finding.supporting_units.through.objects.bulk_create(
        Finding.supporting_units.through(finding=f, department=market) for f in findings
    )
    RectificationEntry.objects.bulk_create(
        RectificationEntry(
            finding=f, department=f.unit, entry_date=datetime.date(2024, 10, 1), text="已整改一半", handed_in=True
        )
        for f in findings
    )


def test_the_ledger_costs_the_same_queries_with_60_more_findings(demo_data):
    """Each reader's ledger page (50 rows) and Excel cost as many queries with 60 more findings
    (supported by the reader's unit, with their plans and progress handed in) as before."""
    clients = {}
    for name in READERS:
        user = get_user_model().objects.get(username=name)
        clients[name] = Client()
        clients[name].force_login(user)
        todo_count(user)  # the header's 待办 count is cached between events (pinned elsewhere)

    def page(name):
        response = clients[name].get("/inspections/ledger/")
        assert response.status_code == 200
        return response.context["rows"]

    def export(name):
        response = clients[name].get("/inspections/ledger.xlsx")
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
        return list(sheet.iter_rows(min_row=5, values_only=True))

    before = {
        (name, kind): count_queries(lambda n=name, f=fetch: f(n))
        for name in READERS
        for kind, fetch in [("page", page), ("xlsx", export)]
    }
    exported = {name: len(export(name)) for name in READERS}
    _more_findings(60)
    after = {
        (name, kind): count_queries(lambda n=name, f=fetch: f(n))
        for name in READERS
        for kind, fetch in [("page", page), ("xlsx", export)]
    }
    assert after == before
    assert all(before[name, "page"] <= 12 for name in READERS), before
    for name in READERS:
        assert len(export(name)) == exported[name] + 60
    # The supporting unit reads the responsible unit's handed-in plan and progress in the new rows.
    rows = [r for r in export("staff") if str(r[3]).startswith("补充问题")]
    assert len(rows) == 60 and all(r[4].startswith("整改措施") and "已整改一半" in r[8] for r in rows)
