"""The midterm evaluation as a Word document: the five headings in order and the appendix tables."""

import io

import pytest
from docx import Document

pytestmark = pytest.mark.django_db  # the session-wide report needs the test database


def test_the_docx_opens_with_the_five_headings_in_order_and_both_appendix_tables(midterm_2023):
    """python-docx reads back the headings, 附件1's indicator table and 附件2's 58-clause table."""
    doc = Document(io.BytesIO(midterm_2023.docx))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    five = ["一、评估工作开展情况", "二、总体评价", "三、分章实施情况", "四、存在的主要问题", "五、后半程对策建议"]
    assert [h for h in headings if h in five] == five
    assert headings.index("附件1　主要指标完成情况表") < headings.index("附件2　规划条款实施情况表")
    indicator_table = next(
        t for t in doc.tables if t.rows[0].cells[0].text == "序号" and "评价" in [c.text for c in t.rows[0].cells]
    )
    assert [c.text for c in indicator_table.rows[0].cells][-2:] == ["评价", "趋势判断"]
    assert len(indicator_table.rows) == 1 + len(midterm_2023.report.indicators)
    clause_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "条款")
    assert len(clause_table.rows) == 1 + 58
    assert clause_table.rows[9].cells[0].text.startswith("(九)")
    assert "数据截止2023年12月31日" in "".join(p.text for p in doc.paragraphs)
