"""Evidence that was part of an accepted report is never destroyed: after the report is reopened,
deleting the file hides it from the report, the file stays on disk, and the task's history still
opens it. A file that never went through an acceptance is deleted with its file, as before."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.actions import report_accept, report_confirm, report_reopen, report_save, report_submit
from tasks.models import Evidence

PDF = b"%PDF-1.4\n%%EOF\n"


def _draft_with_file(actors, report, name="佐证.pdf"):
    return report_save(
        task=report.task,
        period=report.period,
        actor=actors.market_staff,
        data={"narrative": "已完成"},
        version=report.version,
        files=[SimpleUploadedFile(name, PDF)],
    )


def test_deleting_accepted_evidence_after_a_reopen_hides_it_and_keeps_the_file(client, actors, reported):
    _plan, task, period, _key, report = reported
    report = _draft_with_file(actors, report)
    report = report_submit(actor=actors.market_staff, report=report)
    report = report_confirm(actor=actors.market_head, report=report)
    report = report_accept(actor=actors.supervisor, report=report)
    report_reopen(actor=actors.supervisor, report=report, comment="请补充材料")
    evidence = Evidence.objects.get(report=report)
    path = Path(evidence.file.path)

    client.force_login(actors.market_staff)
    response = client.post(f"/evidence/{evidence.pk}/delete/")
    assert response.status_code == 302

    # Hidden from the report being revised …
    assert not Evidence.objects.filter(report=report).exists()
    edit = client.get(f"/tasks/{task.pk}/report/{period.pk}/").content.decode()
    assert f'href="/evidence/{evidence.pk}/"' not in edit
    assert "原文件保留在办理记录中" in edit
    # … but the file stays, and the history opens it.
    assert path.exists()
    assert Evidence.all_objects.get(pk=evidence.pk).removed_at is not None
    client.force_login(actors.supervisor)
    timeline = client.get(f"/tasks/{task.pk}/").content.decode()
    assert f"/evidence/{evidence.pk}/" in timeline and "（文件保留）" in timeline
    download = client.get(f"/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # A hidden file cannot be deleted a second time.
    client.force_login(actors.market_staff)
    assert client.post(f"/evidence/{evidence.pk}/delete/").status_code == 404


def test_a_draft_file_never_accepted_is_deleted_with_its_file(
    client, actors, reported, django_capture_on_commit_callbacks
):
    *_rest, report = reported
    report = _draft_with_file(actors, report, name="草稿.pdf")
    evidence = Evidence.objects.get(report=report)
    path = Path(evidence.file.path)
    client.force_login(actors.market_staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/evidence/{evidence.pk}/delete/").status_code == 302
    assert not Evidence.all_objects.filter(pk=evidence.pk).exists()
    assert not path.exists()
