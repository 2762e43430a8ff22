"""The unit's documents: the 督察反馈意见书 PDF lists the findings with requirements and deadlines;
the 整改情况报告 is drafted from what the unit handed in."""

from __future__ import annotations

import subprocess

from django.test import Client


def test_feedback_pdf_and_rectification_report_carry_the_findings(actors, finding, tmp_path):
    """The PDF names the finding, its requirement and deadline in a Chinese font; the report page shows its state."""
    target = finding.campaign.targets.get(department=actors.market)
    client = Client()
    client.force_login(actors.market_staff)
    response = client.get(f"/inspections/units/{target.pk}/feedback.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "feedback.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "督察反馈意见书" in compact and "行政处罚案卷未载明听证告知" in compact
    assert "补正案卷并建立案卷评查制度" in compact and "2024年9月30日" in compact
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DubanCJK" in fonts
    report = client.get(f"/inspections/units/{target.pk}/report/").content.decode()
    assert "整改情况报告" in report and "尚未报送整改方案" in report
