"""A .docx whose 一、 （一） 1. （1） come from Word's automatic numbering (numbering.xml, through a
style and through paragraphs' numPr) reads into the same units as one with typed numbers. Text
from 内蒙古自治区法治政府建设实施方案 (fixtures/README.md)."""

import datetime
import io

import docx

from plans.parsing import parse_document
from plans.parsing.word import format_number
from tests.plans.documents import numbered_docx

TITLE = "内蒙古自治区法治政府建设实施方案（2021—2025年）"
PARAGRAPHS = [
    (0, "健全政府机构职能体系"),
    (1, "推进政府机构职能优化协同高效。继续优化政府组织结构，进一步理顺政府各部门职责关系。牵头单位：自治区党委编办。"),
    (
        2,
        "全面实行政府权责清单制度，按照法律法规规章、国务院决定和深化“放管服”改革等要求，动态调整自治区政府各部门权责清单。",
    ),
    (3, "2022年，全面完成权责清单调整。"),
    (2, "探索建立苏木乡镇（街道）权责清单制度。"),
    (1, "深入推进“放管服”改革。持续推进行政审批制度改革。牵头单位：自治区政务服务局；配合单位：自治区司法厅。"),
    (0, "健全依法行政制度体系"),
    (1, "加强重要领域立法。积极推进国家安全、科技创新等重要领域立法。"),
]
TYPED = ["一、", "（一）", "1.", "（1）", "2.", "（二）", "二、", "（一）"]


def typed_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph(TITLE)
    for label, (_level, text) in zip(TYPED, PARAGRAPHS, strict=True):
        document.add_paragraph(label + text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def shape(plan):
    return [
        (u.level, u.number, u.label, u.parent, u.heading, [(d.date, d.needs_confirmation) for d in u.deadlines],
         [(m.name, m.role) for m in u.departments])
        for u in plan.units
    ]  # fmt: skip


def test_automatic_numbering_reads_like_typed_numbers():
    """Automatic and typed numbering give the same units, level by level, restarting per chapter."""
    automatic = parse_document(numbered_docx(PARAGRAPHS, title=TITLE), "自动编号.docx")
    typed = parse_document(typed_docx(), "手工编号.docx")
    assert shape(automatic) == shape(typed)
    assert automatic.title == TITLE and automatic.years == (2021, 2025)
    assert [(u.level, u.label, u.heading) for u in automatic.units] == [
        ("chapter", "一、", "健全政府机构职能体系"),
        ("clause", "（一）", "推进政府机构职能优化协同高效"),
        ("item", "1.", "全面实行政府权责清单制度"),
        ("subitem", "（1）", "2022年，全面完成权责清单调整"),
        ("item", "2.", "探索建立苏木乡镇（街道）权责清单制度"),
        ("clause", "（二）", "深入推进“放管服”改革"),
        ("chapter", "二、", "健全依法行政制度体系"),
        ("clause", "（一）", "加强重要领域立法"),
    ]
    assert [(d.date, d.needs_confirmation) for d in automatic.units[3].deadlines] == [
        (datetime.date(2022, 12, 31), True)
    ]
    assert automatic.units[1].source == "第3段"


def test_number_formats_render_as_word_shows_them():
    """Word's number formats: Chinese counting, decimal, circled, heavenly stems."""
    assert [format_number(n, "chineseCountingThousand") for n in (1, 10, 11, 20, 58)] == [
        "一",
        "十",
        "十一",
        "二十",
        "五十八",
    ]
    assert format_number(3, "chineseCounting") == "三"
    assert format_number(3, "decimal") == "3"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(1, "bullet") == ""
