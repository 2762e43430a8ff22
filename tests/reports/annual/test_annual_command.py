"""manage.py annual_report writes the district's or a department's report as .docx or .pdf."""

import io

from django.core.management import call_command
from docx import Document

from plans.models import Plan


def test_the_command_writes_the_department_report_as_word(demo_data, tmp_path):
    plan = Plan.objects.get(source_name__startswith="baoshan")
    target = tmp_path / "market.docx"
    out = io.StringIO()
    call_command(
        "annual_report",
        "--plan",
        plan.pk,
        "--year",
        "2022",
        "--department",
        "区市场监管局",
        "-o",
        str(target),
        "--final",
        stdout=out,
    )
    doc = Document(str(target))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][:3] == [
        "一、2022年推进法治政府建设的主要举措和成效",
        "二、存在的不足和原因",
        "三、2023年推进法治政府建设的主要安排",
    ]
    assert "草稿 · 仅供内部审阅" not in "".join(p.text for p in doc.paragraphs)
    assert "草稿" not in doc.sections[0].header.paragraphs[0].text and "区市场监管局" in out.getvalue()
