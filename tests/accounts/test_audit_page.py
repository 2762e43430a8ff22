"""The audit page: the audit administrator reads the event log and the history, filtered by who,
what, when and which object, and exports them to Excel; nobody else opens it, and nothing on it
changes anything."""

import io

import openpyxl

from plans.models import Event
from tests.tasks.conftest import reported  # noqa: F401 (a fixture)


def test_the_auditor_filters_the_event_log_and_exports_it(client, actors, reported):  # noqa: F811
    *_rest, report = reported
    client.force_login(actors.auditor)
    page = client.get("/audit/")
    assert page.status_code == 200
    assert "report.draft" in page.content.decode()
    # who / what / when / object
    assert client.get("/audit/", {"who": "bob"}).context["page"].paginator.count == 1
    assert client.get("/audit/", {"who": "dave"}).context["page"].paginator.count == 0
    assert client.get("/audit/", {"verb": "report."}).context["page"].paginator.count == 1
    assert client.get("/audit/", {"verb": "plan."}).context["page"].paginator.count == 0
    assert client.get("/audit/", {"since": "2999-01-01"}).context["page"].paginator.count == 0
    found = client.get("/audit/", {"model": "tasks.progressreport", "object_id": report.pk})
    assert [e.verb for e in found.context["page"]] == ["report.draft"]
    refused = client.get("/audit/", {"since": "昨天"})
    assert "不是有效日期" in refused.content.decode()

    export = client.get("/audit/export.xlsx", {"who": "bob"})
    assert export.status_code == 200 and "no-store" in export["Cache-Control"]
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=4, values_only=True)
    )  # under the title, filters, time
    assert rows[0][:3] == ("时间", "操作人", "操作")
    assert [r[2] for r in rows[1:]] == ["report.draft"]


def test_the_auditor_reads_the_history_of_a_kind_of_object(client, actors, reported):  # noqa: F811
    *_rest, report = reported
    client.force_login(actors.auditor)
    page = client.get("/audit/", {"source": "history", "model": "tasks.progressreport", "object_id": report.pk})
    assert page.status_code == 200
    assert [r.history_type for r in page.context["page"]] == ["+"]
    export = client.get("/audit/export.xlsx", {"source": "history", "model": "tasks.progressreport"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=4, values_only=True)
    )  # under the title, filters, time
    assert rows[1][2] == "新增" and rows[1][4] == report.pk


def test_only_the_auditor_opens_it_and_it_changes_nothing(client, actors, reported):  # noqa: F811
    for who in ("admin", "security_admin", "supervisor", "leader", "market_head"):
        client.force_login(getattr(actors, who))
        assert client.get("/audit/").status_code == 403, who
        assert client.get("/audit/export.xlsx").status_code == 403, who
    client.force_login(actors.auditor)
    before = Event.objects.count()
    assert client.post("/audit/", {"who": "x"}).status_code in (403, 405)
    assert Event.objects.count() == before
    # The auditor lands on the audit page.
    assert client.get("/")["Location"] == "/audit/"
