"""A supervisor issues a 领导批示件 from its page: numbered in the year's sequence, mailed through
the delivery mechanism to the unit over real SMTP with the 督办单 PDF attached, and copied to the
unit's 分管 leader."""

import io

import pdfplumber
from django.utils import timezone

from inspections.models import NoticeSequence, SupervisionNotice
from notifications.models import Delivery
from reports.models import LeaderDepartment


def test_a_manual_notice_reaches_the_unit_and_its_leader_with_the_pdf(
    client, actors, settings, smtp_server, eager_celery, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    LeaderDepartment.objects.create(user=actors.leader, department=actors.market)
    year = timezone.localdate().year
    NoticeSequence.objects.create(year=year, last=1)  # one notice issued already this year
    client.force_login(actors.market_staff)
    assert client.get("/inspections/notices/new/").status_code == 403
    client.force_login(actors.supervisor)
    assert 'data-testid="notice-create"' in client.get("/inspections/notices/").content.decode()
    form = {
        "subject": "区领导批示：加快行政复议规则出台",
        "source": "区长在《法治建设专报》第3期上的批示",
        "requirement": "请于两周内报送进展，并说明完成时限。",
        "colour": "yellow",
        "units": [actors.market.pk],
        "reply_deadline": "2099-01-10",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/inspections/notices/new/", form)
    notice = SupervisionNotice.objects.get(is_manual=True)
    assert response.status_code == 302 and response["Location"] == f"/inspections/notices/{notice.pk}/"
    assert notice.number == f"宝法督〔{year}〕2号" and notice.source.startswith("区长")
    assert str(notice.reply_deadline) == "2099-01-10"
    assert set(Delivery.objects.filter(ref=f"notice:{notice.pk}").values_list("status", flat=True)) == {"sent"}

    by_to = {m["To"]: m for m in smtp_server.messages}
    assert set(by_to) == {"scjg@baoshan.example.gov.cn", "erin@baoshan.example.gov.cn"}
    unit_mail, leader_mail = by_to["scjg@baoshan.example.gov.cn"], by_to["erin@baoshan.example.gov.cn"]
    assert str(unit_mail["Subject"]).strip().startswith(f"【黄色督办单】宝法督〔{year}〕2号")
    assert str(leader_mail["Subject"]).strip().startswith(f"【抄送】【黄色督办单】宝法督〔{year}〕2号")
    assert "向你分管的区市场监管局下发" in leader_mail.get_body(("plain",)).get_content()
    for message in (unit_mail, leader_mail):
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == f"宝法督〔{year}〕2号.pdf"
        with pdfplumber.open(io.BytesIO(attachment.get_content())) as pdf:
            text = "".join(pdf.pages[0].extract_text().split())
        assert f"宝法督〔{year}〕2号" in text and "黄色督办单" in text and "区市场监管局" in text


def test_the_form_says_what_is_missing(client, actors):
    client.force_login(actors.supervisor)
    response = client.post("/inspections/notices/new/", {"subject": "", "colour": "yellow"})
    assert response.status_code == 200 and SupervisionNotice.objects.count() == 0
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
