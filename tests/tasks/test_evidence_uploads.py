"""Evidence files: a refused upload leaves nothing behind."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import Evidence

PDF = b"%PDF-1.4\n%%EOF\n"


def test_a_refused_second_file_leaves_no_first_file_behind(client, actors, reported, settings):
    """When one of two evidence files is refused, the other is not stored either."""
    _plan, task, period, _key, report = reported
    client.force_login(actors.market_staff)
    evidence_dir = Path(settings.MEDIA_ROOT) / "evidence"
    before = set(evidence_dir.rglob("*.pdf")) if evidence_dir.exists() else set()
    response = client.post(
        f"/tasks/{task.pk}/report/{period.pk}/",
        {
            "narrative": "新稿",
            "progress_status": "in_progress",
            "version": report.version,
            "evidence": [SimpleUploadedFile("好.pdf", PDF), SimpleUploadedFile("坏.pdf", b"not a pdf")],
        },
    )
    assert "内容不是PDF" in response.content.decode()
    assert Evidence.objects.count() == 0
    after = set(evidence_dir.rglob("*.pdf")) if evidence_dir.exists() else set()
    assert after == before
