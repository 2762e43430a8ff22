"""The 督办单 PDF: one A4 page with its number, colour word, unit, matter and reply deadline, in an embedded Chinese font."""

import datetime
import re
import subprocess

from inspections.escalation import escalate
from inspections.models import SupervisionNotice
from tests.inspections.escalation_scenario import DUE, make_plan


def test_the_pdf_reads_back(client, actors, eager_celery, tmp_path):
    """Read back with pdftotext: number, 红色, 区市场监管局, the matter, the deadline; one page; DubanCJK embedded."""
    make_plan(actors)
    escalate(DUE + datetime.timedelta(days=31))
    notice = SupervisionNotice.objects.get(matter__kind="report")
    client.force_login(actors.market_staff)
    response = client.get(f"/inspections/notices/{notice.pk}/notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert notice.number in compact and "宝法督〔2024〕1号" in compact
    assert "红色督办单" in compact and "区市场监管局" in compact
    assert "出台复议规则·2024年第一季度进展报告" in compact
    deadline = notice.reply_deadline
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日前" in compact
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M) and "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DubanCJK" in fonts and " yes " in fonts  # embedded
