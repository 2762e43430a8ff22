"""A unit whose first sentence is long gets the sentence's first clause as its heading and the rest
as its body — in plain text, in traditional characters and in Word alike. Text from
增強法治區政構建意見 (traditional characters; fixtures/README.md)."""

import datetime
import io

import docx

from plans.parsing import parse_document, parse_text

TRADITIONAL = """增強法治區政構建意見
一、充分認識貫徹落實《意見》建設法治政府的重要意義
（一）全面推進依法行政，建設法治政府，對於貫徹落實科學發展觀、發展社會主義市場經濟、優化經濟社會發展環境、構建社會主義和諧社會、加強政府自身建設具有重要意義。各級各部門要統一思想，提高認識。
（二）各級各部門要統一思想，提高認識，充分認識貫徹《意見》的重大意義，切實增強全面推進依法行政、建設法治政府的使命感、緊迫感和責任感，把《意見》提出的各項任務和要求落到實處。責任單位：區政府辦公室。
二、加強法治政府建設的指導思想和基本要求
（三）2022年，全區各級行政機關工作人員依法行政意識和能力明顯增強，行政決策、行政執法和行政監督的制度體系更加完善。牽頭單位：區司法局；協同責任單位：各鎮人民政府、各街道辦事處。
"""
EXPECTED = [
    ("chapter", "一、", "充分认识贯彻落实《意见》建设法治政府的重要意义"),
    ("clause", "（一）", "全面推进依法行政"),
    ("clause", "（二）", "各级各部门要统一思想"),
    ("chapter", "二、", "加强法治政府建设的指导思想和基本要求"),
    ("clause", "（三）", "全区各级行政机关工作人员依法行政意识和能力明显增强"),
]


def check(plan) -> None:
    assert plan.title == "增强法治区政构建意见"
    assert [(u.level, u.label, u.heading) for u in plan.units] == EXPECTED
    first, second, third = plan.units[1], plan.units[2], plan.units[4]
    assert first.body.startswith("建设法治政府，对于贯彻落实科学发展观")
    assert [(m.name, m.role) for m in second.departments] == [("区政府办公室", "lead")]
    # A sentence opening with its year is dated, and the date asks to be confirmed.
    assert [(d.date, d.phrase, d.needs_confirmation) for d in third.deadlines] == [
        (datetime.date(2022, 12, 31), "2022年", True)
    ]
    assert third.body.startswith("2022年，全区")
    assert [(m.name, m.role) for m in third.departments] == [
        ("区司法局", "lead"),
        ("各镇人民政府", "support"),
        ("各街道办事处", "support"),
    ]


def test_long_first_sentences_in_traditional_text():
    """Traditional-character text: first clauses become headings, in simplified characters."""
    check(parse_text(TRADITIONAL))


def test_long_first_sentences_in_word():
    """The same text as a Word document gives the same units."""
    document = docx.Document()
    for line in TRADITIONAL.strip().split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    check(parse_document(buffer.getvalue(), "意见.docx"))
