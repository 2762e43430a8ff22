"""The annual report in Word: the seeds' headings in order, the statistics period, and content from
accepted progress only."""

import io

import pytest
from docx import Document

from tests.reports.annual.conftest import (
    DEPARTMENT_HEADINGS_2022,
    DISTRICT_HEADINGS_2022,
    PLANTED_DRAFT,
    PLANTED_RETURNED,
)

pytestmark = pytest.mark.django_db


def _read(docx: bytes) -> tuple[list[str], str]:
    doc = Document(io.BytesIO(docx))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    return headings, "\n".join(p.text for p in doc.paragraphs)


def test_the_district_report_has_the_four_headings_in_order_and_no_unaccepted_text(annual_reports):
    """python-docx reads 一…四 in the seeds' order (五 is absent while unfilled), then 口径说明; the
    planted texts of a returned and a draft report are nowhere, an accepted report's text is there."""
    headings, text = _read(annual_reports.district_docx)
    assert headings == [*DISTRICT_HEADINGS_2022, "口径说明"]
    assert "统计期间：2022年1月1日至12月31日" in text
    assert PLANTED_RETURNED not in text and PLANTED_DRAFT not in text
    assert "埋设文字" not in text
    quoted = [n for n in annual_reports.accepted_narratives if n.split("。")[0] in text]
    assert quoted, "the 主要举措和成效 quote the year's accepted reports"
    assert "periods_through" not in text and "截至2022年12月31日结束的各报告期" in text  # 口径说明


def test_the_department_report_has_three_parts(annual_reports):
    """A department's report: 一 主要举措和成效, 二 不足和原因, 三 下一年度安排."""
    headings, text = _read(annual_reports.department_docx)
    assert headings == [*DEPARTMENT_HEADINGS_2022, "口径说明"]
    assert annual_reports.department.title == "区市场监管局2022年法治政府建设工作情况报告"
    assert PLANTED_RETURNED not in text and PLANTED_DRAFT not in text


def test_each_shortcoming_is_footnoted_to_its_sources(annual_reports):
    """存在的不足和原因: every counted sentence carries a footnote naming the tasks or records."""
    section = next(s for s in annual_reports.district.sections if s.key == "shortcomings")
    footnoted = [x for b in section.blocks for x in b.sentences if x.footnote]
    assert footnoted
    numbers = {f.number: f for f in annual_reports.district.footnotes}
    for sentence in footnoted:
        assert numbers[sentence.footnote].sources
