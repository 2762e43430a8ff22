"""Hostile uploads — zip bombs, a table of 100,000 rows, a plan text of 1.5 MB — are refused at
once with a clear Chinese message, and nothing is staged or written. (How long each takes is
measured by `make bench` / the report, never asserted here.)"""

import io
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Plan
from tasks import staging
from tasks.models import ProgressReport
from tests.test_url_table import PLAN_TEXT, World


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_bomb() -> bytes:
    """A small .docx whose document.xml unpacks to 60 MB."""
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:p/>" * 10_000_000})


def xlsx_bomb() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"<c/>" * 15_000_000})


def xlsx_of_rows(count: int) -> bytes:
    """A real workbook whose sheet holds ``count`` rows (its XML written directly: openpyxl would take a minute)."""
    book = openpyxl.Workbook()
    book.active.append(["序号", "任务内容", "牵头单位"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{r}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>任务{r}</t></is></c></row>'
        for r in range(2, count + 2)
    )
    members = {}
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        for name in archive.namelist():
            members[name] = archive.read(name)
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    head, _rows, tail = sheet.partition("<sheetData>")[0], None, "</sheetData>" + sheet.partition("</sheetData>")[2]
    members["xl/worksheets/sheet1.xml"] = (head + "<sheetData>" + rows + tail).encode()
    return _zip(members)


def long_plan_text() -> bytes:
    return PLAN_TEXT + ("（二）持续推进依法行政工作。区司法局牵头。\n" * 40_000).encode()


@pytest.fixture
def supervisor(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = World()
    client.force_login(world.users["sup"])
    return world


@pytest.mark.parametrize(
    ("url", "name", "make", "message"),
    [
        ("/plans/import/", "规划.docx", docx_bomb, "压缩"),
        ("/plans/import/", "规划.txt", long_plan_text, "文档过长"),
        ("breakdown", "任务分解表.xlsx", xlsx_bomb, "压缩"),
        ("breakdown", "任务分解表.xlsx", lambda: xlsx_of_rows(100_000), "行数过多"),
    ],
    ids=["docx-bomb", "long-text-plan", "xlsx-bomb", "xlsx-100000-rows"],
)
def test_a_hostile_upload_is_refused_with_a_clear_message_and_nothing_written(
    client, supervisor, url, name, make, message
):
    """The upload form answers with the reason; no staged file, no plan, nothing else is written."""
    data = make()
    if url == "breakdown":
        url = f"/plans/{supervisor.plan.pk}/breakdown/"
    plans, reports = Plan.objects.count(), ProgressReport.objects.count()
    staged_before = staging.staged_names()
    started = time.perf_counter()
    response = client.post(url, {"file": SimpleUploadedFile(name, data)})
    elapsed = time.perf_counter() - started
    print(f"{name} ({len(data) // 1024} KB): refused in {elapsed:.2f} s")  # reported, not asserted
    assert response.status_code == 200
    assert message in response.content.decode()
    assert staging.staged_names() == staged_before
    assert (Plan.objects.count(), ProgressReport.objects.count()) == (plans, reports)


def test_a_staged_plan_is_parsed_once_however_often_its_preview_is_opened(client, supervisor, monkeypatch):
    """Upload parses the plan; opening the preview again reads the kept result instead of parsing again."""
    from tasks import views

    calls = []
    real = views.parse_source
    monkeypatch.setattr(views, "parse_source", lambda *a, **k: calls.append(1) or real(*a, **k))
    upload = client.post("/plans/import/", {"file": SimpleUploadedFile("规划.txt", PLAN_TEXT)})
    for _ in range(3):
        assert client.get(upload["Location"]).status_code == 200
    assert len(calls) == 1
