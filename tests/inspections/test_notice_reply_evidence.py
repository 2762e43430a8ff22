"""The unit replies to a 督办单 with evidence files: checked by content, stored as attachments of
the notice, listed on it and downloaded through the policy-checked view by those who read it."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.escalation import escalate
from inspections.models import Attachment, SupervisionNotice
from plans.models import Event
from tests.inspections.escalation_scenario import DUE, make_plan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_reply_carries_its_evidence(client, actors, eager_celery, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_plan(actors)
    escalate(DUE + datetime.timedelta(days=1))
    notice = SupervisionNotice.objects.get(matter__kind="report")
    url = f"/inspections/notices/{notice.pk}/"
    client.force_login(actors.market_staff)
    disguised = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf")
    client.post(f"{url}move/", {"to": "replied", "text": "已报送", "files": [disguised], "version": notice.version})
    notice.refresh_from_db()
    assert notice.state == "issued" and not Attachment.objects.exists()  # refused as a whole, nothing kept
    assert not list(tmp_path.rglob("*.pdf"))
    files = [SimpleUploadedFile("第一季度报告.pdf", PDF), SimpleUploadedFile("签收单.pdf", PDF)]
    client.post(
        f"{url}move/", {"to": "replied", "text": "已报送第一季度报告", "files": files, "version": notice.version}
    )
    notice.refresh_from_db()
    assert notice.state == "replied"
    stored = list(Attachment.objects.filter(notice=notice).order_by("pk"))
    assert [a.original_name for a in stored] == ["第一季度报告.pdf", "签收单.pdf"]
    assert all(a.purpose == "notice_reply" and a.handed_in and a.department == actors.market for a in stored)
    assert Event.objects.get(verb="notice.reply").data["files"] == ["第一季度报告.pdf", "签收单.pdf"]

    client.force_login(actors.supervisor)
    page = client.get(url).content.decode()
    assert f"/inspections/files/{stored[0].pk}/" in page and "签收单.pdf" in page
    response = client.get(f"/inspections/files/{stored[0].pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(actors.leader)
    assert client.get(f"/inspections/files/{stored[0].pk}/").status_code == 200
    client.force_login(actors.outsider)
    assert client.get(f"/inspections/files/{stored[0].pk}/").status_code == 404
