"""定稿 freezes a midterm evaluation: its bytes match the stored hash whatever is accepted later,
and the next 定稿 is No. 2 with the new figures."""

import datetime
import hashlib
import io
import json

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from plans.models import Event, Plan
from reports.actions import midterm_create, midterm_finalize
from reports.models import MidtermEvaluation
from tasks.actions import work_move
from tasks.models import ProgressReport, ReportState

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def demo_plan(demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Plan.objects.get(source_name__startswith="baoshan")


def download(client, evaluation, kind="pdf") -> bytes:
    response = client.get(f"/midterm/{evaluation.pk}/{kind}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_final_report_keeps_its_bytes_and_a_later_one_is_number_two(client, demo_plan):
    """The downloaded 定稿 hashes to its stored SHA-256 after more progress is accepted; No. 2 differs."""
    supervisor = get_user_model().objects.get(username="supervisor")
    client.force_login(supervisor)
    with time_machine.travel(datetime.datetime(2025, 1, 20, 10, tzinfo=BEIJING), tick=False):
        first = midterm_create(actor=supervisor, plan=demo_plan, as_of=datetime.date(2024, 9, 30))
        first = midterm_finalize(actor=supervisor, evaluation=first)
    assert first.number == 1 and first.is_final
    assert Event.objects.filter(verb="midterm.finalize", object_id=first.pk).count() == 1
    pdf = download(client, first)
    assert hashlib.sha256(pdf).hexdigest() == first.pdf_sha256
    assert hashlib.sha256(download(client, first, "docx")).hexdigest() == first.docx_sha256
    data = json.loads(download(client, first, "json"))
    assert data["as_of"] == "2024-09-30"

    # Later, a supervisor reopens a report accepted before that cut-off.
    report = ProgressReport.objects.filter(
        task__plan=demo_plan, period__year=2024, period__index=2, state=ReportState.ACCEPTED
    ).first()
    work_move(actor=supervisor, work=report, to=ReportState.RETURNED, comment="数据有误")
    assert hashlib.sha256(download(client, first)).hexdigest() == first.pdf_sha256

    second = midterm_create(actor=supervisor, plan=demo_plan, as_of=datetime.date(2025, 12, 31))
    second = midterm_finalize(actor=supervisor, evaluation=second)
    assert second.number == 2
    assert second.pdf_sha256 != first.pdf_sha256
    newer = json.loads(download(client, second, "json"))
    assert newer["categories"] != data["categories"]
    first.refresh_from_db()
    assert first.pdf_sha256 == hashlib.sha256(download(client, first)).hexdigest()


def test_the_command_writes_the_file_and_finalizes_as_the_system(demo_plan, tmp_path):
    """manage.py midterm_report --final stores a numbered 定稿 and writes the requested .docx."""
    target = tmp_path / "midterm.docx"
    out = io.StringIO()
    call_command(
        "midterm_report", "--plan", str(demo_plan.pk), "--as-of", "2023-12-31", "-o", str(target), "--final", stdout=out
    )
    evaluation = MidtermEvaluation.objects.get()
    assert evaluation.number == 1 and evaluation.is_final
    assert target.read_bytes()[:2] == b"PK"
    with evaluation.docx.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == evaluation.docx_sha256
    assert "第1号定稿" in out.getvalue()
    assert Event.objects.filter(verb__startswith="midterm.", actor__isnull=True).count() == 2
