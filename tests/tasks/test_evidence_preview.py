"""Evidence previewed inline: a PDF in a frame and an image on the report's page, served by a view
that asks the policy like the download and checks the bytes are what the kind says."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tasks import actions
from tasks.models import Evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8ff"
    "ff3f0005fe02fea7d6a4b50000000049454e44ae426082"
)


def test_pdf_and_image_evidence_show_inline_to_who_may_read_them(actors, reported, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _plan, _task, _period, _key, report = reported
    pdf = actions.evidence_add(actor=actors.market_staff, report=report, uploaded=SimpleUploadedFile("方案.pdf", PDF))
    png = actions.evidence_add(actor=actors.market_staff, report=report, uploaded=SimpleUploadedFile("现场.png", PNG))
    report = actions.report_submit(actor=actors.market_staff, report=report)
    client = Client()
    client.force_login(actors.market_head)
    page = client.get(f"/progress/{report.pk}/").content.decode()
    assert f'<iframe src="/evidence/{pdf.pk}/preview/"' in page and f'<img src="/evidence/{png.pk}/preview/"' in page

    response = client.get(f"/evidence/{pdf.pk}/preview/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # framed by our own page only
    assert b"".join(response.streaming_content) == PDF
    assert client.get(f"/evidence/{png.pk}/preview/")["Content-Type"] == "image/png"

    # Another department does not see it; and a stored file that is not what its kind says is not shown.
    other = Client()
    other.force_login(actors.justice_staff)
    assert other.get(f"/evidence/{pdf.pk}/preview/").status_code == 404
    stored = Evidence.objects.get(pk=png.pk)
    with open(stored.file.path, "wb") as handle:
        handle.write(b"<script>alert(1)</script>")
    assert client.get(f"/evidence/{png.pk}/preview/").status_code == 404
