"""Importing plan documents: what a user gets when they upload a plan, a scheme or a task split.

Pure Python (no database): run with ``pytest tests/plans/test_parsing.py -p no:django``.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import re
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.parsing import (
    ParsedPlan,
    PlanParseError,
    decode_bytes,
    find_departments,
    parse_deadline,
    parse_document,
    parse_text,
    read_document,
    split_department_list,
)

SEED_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "baoshan-plan-2021-2025.txt"
SEED_TEXT = SEED_PATH.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")
DEPARTMENTS = ["区司法局", "区政府", "区财政局", "区政府办公室", "各街镇", "区行政审批局", "区委依法治区办"]
CLAUSE_58_HEADING = "做好规划的任务分解与评估工作"
D = datetime.date


def seed_line(fragment: str) -> int:
    """1-based line of the first seed line containing ``fragment`` (so expectations follow the file)."""
    return next(no for no, line in enumerate(SEED_LINES, start=1) if fragment in line)


def clause(plan: ParsedPlan, number: int):
    return next(u for u in plan.units if u.level == "clause" and u.number == number)


def codes_at(plan: ParsedPlan, code: str) -> list[int]:
    return [w.line for w in plan.warnings if w.code == code]


def assert_is_the_seed_plan(plan: ParsedPlan) -> None:
    """The facts a user checks after importing the 宝山 plan, whatever the file format."""
    assert plan.title == "宝山区全面推进法治政府建设“十四五”规划"
    assert plan.years == (2021, 2025)
    counts = plan.counts()
    assert (counts["chapters"], counts["clauses"], counts["items"], counts["subitems"]) == (11, 58, 0, 0)
    assert [u.number for u in plan.units if u.level == "clause"] == list(range(1, 59))
    assert [u.number for u in plan.units if u.level == "chapter"] == list(range(1, 12))

    c9 = clause(plan, 9)
    assert c9.parent == "二"
    assert c9.heading == "完成行政复议体制改革"
    assert [(d.date, d.phrase, d.needs_confirmation) for d in c9.deadlines] == [
        (D(2022, 12, 31), "2022年年底前", False)
    ]
    assert [(d.date, d.phrase) for d in clause(plan, 48).deadlines] == [(D(2024, 12, 31), "2024年底前")]
    c55 = clause(plan, 55).deadlines
    assert [(d.date, d.phrase, d.needs_confirmation) for d in c55] == [(D(2025, 12, 31), "2025年前", True)]

    c58 = clause(plan, 58)
    assert c58.heading == CLAUSE_58_HEADING
    assert c58.parent == "十一"
    assert c58.label == "(五十八)" or c58.label == "（五十八）"
    assert [(d.date, d.phrase) for d in c58.deadlines] == [(D(2023, 12, 31), "2023年开展")]
    assert c58.body.startswith("区司法局会同区政府相关部门")
    assert "附件" not in c58.body and "二维码" not in c58.body
    assert c58.line in codes_at(plan, "heading_no_full_stop")

    assert [(i.text, i.target, i.unit) for i in clause(plan, 10).indicators] == [("不少于4人", 4, "人")]
    assert [(i.text, i.target, i.unit) for i in clause(plan, 57).indicators] == [("不少于60学时", 60, "学时")]
    furniture = [w for w in plan.warnings if w.code == "page_furniture"]
    assert len(furniture) == 2
    assert not codes_at(plan, "numbering_gap") and not codes_at(plan, "numbering_duplicate")


# ---------------------------------------------------------------------------
# The seed plan
# ---------------------------------------------------------------------------


def test_user_imports_the_baoshan_plan_text_file():
    """The 宝山 plan's text file reads into its chapters, clauses and deadlines."""
    plan = parse_document(SEED_PATH.read_bytes(), "baoshan-plan-2021-2025.txt", department_names=DEPARTMENTS)

    assert plan.encoding == "utf-8"
    assert_is_the_seed_plan(plan)
    # Line numbers point into the file the user uploaded.
    assert clause(plan, 9).line == seed_line("(九)完成行政复议体制改革")
    assert clause(plan, 9).deadlines[0].line == seed_line("2022年年底前")
    assert clause(plan, 58).line == seed_line("(五十八)")
    assert codes_at(plan, "page_furniture") == [seed_line("附件1:"), seed_line("当前页二维码")]
    # The first chapter is a heading standing alone; its intro paragraph is its body.
    chapter_1 = plan.units[0]
    assert chapter_1.heading == "深入学习贯彻习近平法治思想,努力实现法治政府建设率先突破"
    assert chapter_1.body.startswith("党的十八大以来")
    assert "征求意见稿" in plan.preamble
    # Clause 58 names the 区司法局; the recurring duties of clause 56 repeat every plan year.
    assert ("区司法局", "mentioned", True) in [(d.name, d.role, d.known) for d in clause(plan, 58).departments]
    yearly = [d.date for d in clause(plan, 56).deadlines if d.recurring == "yearly"]
    assert yearly == [D(y, 12, 31) for y in range(2021, 2026)]
    assert [d.date for d in clause(plan, 56).deadlines if d.recurring == "term"] == [D(2025, 12, 31)]
    assert ("两期以上", 2, "期") in [(i.text, i.target, i.unit) for i in clause(plan, 56).indicators]
    # 全覆盖 is a 100 % target.
    assert [(i.text, i.target, i.unit) for i in clause(plan, 48).indicators] == [("全覆盖", 100, "%")]


def test_seed_plan_json_has_the_documented_shape():
    """The parsed 宝山 plan has the documented JSON shape."""
    data = parse_text(SEED_TEXT, department_names=DEPARTMENTS).to_dict()

    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert list(data) == ["plan_id", "title", "encoding", "years", "counts", "units", "warnings"]
    assert data["plan_id"] is None and data["years"] == [2021, 2025]
    assert data["counts"]["chapters"] == 11 and data["counts"]["clauses"] == 58
    c9 = next(u for u in data["units"] if u["label"] == "(九)")
    assert c9 == {
        "level": "clause",
        "number": 9,
        "label": "(九)",
        "parent": "二",
        "heading": "完成行政复议体制改革",
        "line": seed_line("(九)"),
        "deadlines": [
            {
                "date": "2022-12-31",
                "phrase": "2022年年底前",
                "line": seed_line("(九)"),
                "needs_confirmation": False,
                "recurring": None,
            }
        ],
        "indicators": [],
        "departments": [{"name": "区政府", "role": "mentioned", "known": True}],
    }
    c10 = next(u for u in data["units"] if u["number"] == 10 and u["level"] == "clause")
    assert c10["indicators"] == [{"text": "不少于4人", "target": 4, "unit": "人"}]
    assert data["units"][0]["parent"] is None
    assert {"line", "code", "message"} == set(data["warnings"][0])
    assert data["counts"]["milestones"] == sum(len(u["deadlines"]) for u in data["units"])


@pytest.mark.parametrize(
    ("codec", "expected"),
    [("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig")],
)
def test_seed_plan_saved_in_other_encodings_reads_the_same(codec, expected):
    """The 宝山 plan saved in GB18030, UTF-16 or UTF-8 with a BOM reads the same, naming its encoding."""
    data = SEED_TEXT.replace("\n", "\r\n").encode(codec)

    plan = parse_document(data, "规划.txt", department_names=DEPARTMENTS)

    assert plan.encoding == expected
    assert_is_the_seed_plan(plan)
    assert clause(plan, 9).line == seed_line("(九)")


def _seed_docx_bytes() -> bytes:
    document = docx.Document()
    for line in SEED_LINES:
        if line.startswith("附件1"):
            # The task table sits after the last clause, before the page furniture.
            table = document.add_table(rows=2, cols=2)
            table.cell(0, 0).text = "牵头单位：区司法局"
            table.cell(0, 1).text = "配合单位：区财政局、区统计局"
            table.cell(1, 0).text = "完成时限："
            table.cell(1, 1).text = "持续推进"
        # Word documents usually have full-width brackets.
        document.add_paragraph(line.replace("(", "（").replace(")", "）"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_user_imports_the_plan_as_a_word_document_with_full_width_brackets():
    """A Word version of the plan with full-width brackets reads like the text file."""
    plan = parse_document(_seed_docx_bytes(), "宝山规划.docx", department_names=DEPARTMENTS)

    assert plan.encoding == "docx"
    assert_is_the_seed_plan(plan)
    c58 = clause(plan, 58)
    assert c58.label == "（五十八）"
    # Table cells became lines of clause 58: its explicit lead and support departments.
    roles = [(d.name, d.role, d.known) for d in c58.departments]
    assert ("区司法局", "lead", True) in roles
    assert ("区财政局", "support", True) in roles
    assert ("区统计局", "support", False) in roles  # unknown names are kept, flagged unknown
    assert ("区司法局", "mentioned", True) not in roles  # reported once, with its explicit role


# ---------------------------------------------------------------------------
# Other document shapes
# ---------------------------------------------------------------------------

TASK_SPLIT = """宝山区2024年法治政府建设重点工作任务分解

1.深化行政复议体制改革，完善行政复议委员会案审会机制。
牵头单位：区司法局
配合单位：区政府办公室、区财政局，各街镇
完成时限：2024年12月底前
2．推进行政执法“三项制度”全覆盖
责任单位:区司法局;区城管执法局
完成时限：2024年6月
3、开展领导干部学法活动，每季度至少组织一次集体学法。
牵头单位：区委依法治区办
协办单位：区人社局等
4. 年内建成行政执法协调监督工作体系，街镇覆盖率达到95%以上。（牵头单位：区司法局；配合单位：各街镇）
"""


def test_task_split_numbered_only_with_digits_gives_items_with_departments_and_deadlines():
    """A task split numbered only 1., 2., … gives items with their departments and deadlines."""
    plan = parse_text(TASK_SPLIT, department_names=DEPARTMENTS)

    assert plan.title == "宝山区2024年法治政府建设重点工作任务分解"
    assert plan.years == (2024, 2024)
    assert plan.counts()["items"] == 4 and plan.counts()["chapters"] == 0
    items = plan.units
    assert [u.label for u in items] == ["1.", "2．", "3、", "4."]
    assert all(u.parent is None and u.level == "item" for u in items)
    assert not plan.warnings  # department and deadline lines belong to their item

    assert items[0].heading == "深化行政复议体制改革，完善行政复议委员会案审会机制"
    assert [(d.name, d.role, d.known) for d in items[0].departments] == [
        ("区司法局", "lead", True),
        ("区政府办公室", "support", True),
        ("区财政局", "support", True),
        ("各街镇", "support", True),
    ]
    assert [(d.date, d.line) for d in items[0].deadlines] == [(D(2024, 12, 31), 6)]
    assert items[0].end_line == 6

    assert items[1].heading == "推进行政执法“三项制度”全覆盖"
    assert [(d.name, d.role, d.known) for d in items[1].departments] == [
        ("区司法局", "lead", True),
        ("区城管执法局", "lead", False),
    ]
    assert [d.date for d in items[1].deadlines] == [D(2024, 6, 30)]
    assert [(i.text, i.target, i.unit) for i in items[1].indicators] == [("全覆盖", 100, "%")]

    assert [d.date for d in items[2].deadlines] == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]
    assert {d.recurring for d in items[2].deadlines} == {"quarterly"}
    assert [(i.text, i.target, i.unit) for i in items[2].indicators] == [("至少组织一次", 1, "次")]
    assert [(d.name, d.role) for d in items[2].departments] == [("区委依法治区办", "lead"), ("区人社局", "support")]

    # 年内 is the current plan year; departments given in brackets at the end of the item count too.
    assert [(d.date, d.phrase, d.needs_confirmation) for d in items[3].deadlines] == [(D(2024, 12, 31), "年内", False)]
    assert [(i.text, i.target, i.unit) for i in items[3].indicators] == [("达到95%以上", 95, "%")]
    assert [(d.name, d.role) for d in items[3].departments] == [("区司法局", "lead"), ("各街镇", "support")]


FOUR_LEVELS = """某区法治政府建设实施方案（2023—2025年）

为贯彻落实中央和市委部署，制定本方案。

一、总体要求
（一）指导思想
坚持以习近平新时代中国特色社会主义思想为指导。
（二）工作目标
到2025年，法治政府基本建成。
二、主要任务
（一）深化行政执法体制改革
1.推进综合执法。整合执法队伍，2023年底前完成。
（1）街镇综合执法。街镇执法队伍人员不少于10人。
（2）区级部门执法。2024年6月底前完成“局队合一”。
2．规范执法程序
（1）全面推行行政执法公示制度。
（二）加强执法监督
1、建立执法监督员制度
三、保障措施
（一）加强组织领导。
"""


def test_four_level_scheme_builds_the_tree():
    """A four-level numbering scheme builds chapters, clauses, items and sub-items."""
    plan = parse_text(FOUR_LEVELS)

    assert plan.years == (2023, 2025)
    assert plan.counts() == {
        "chapters": 3,
        "clauses": 5,
        "items": 3,
        "subitems": 3,
        "milestones": 3,
        "indicators": 1,
    }
    tree = [(u.level, u.label, u.parent) for u in plan.units]
    assert tree == [
        ("chapter", "一、", None),
        ("clause", "（一）", "一"),
        ("clause", "（二）", "一"),
        ("chapter", "二、", None),
        ("clause", "（一）", "二"),
        ("item", "1.", "一"),
        ("subitem", "（1）", "1"),
        ("subitem", "（2）", "1"),
        ("item", "2．", "一"),
        ("subitem", "（1）", "2"),
        ("clause", "（二）", "二"),
        ("item", "1、", "二"),
        ("chapter", "三、", None),
        ("clause", "（一）", "三"),
    ]
    # Clause numbering restarts in each chapter and items restart in each clause: no warnings.
    assert plan.warnings == []
    guiding = plan.units[1]
    assert (guiding.heading, guiding.body, guiding.line, guiding.end_line) == (
        "指导思想",
        "坚持以习近平新时代中国特色社会主义思想为指导。",
        6,
        7,
    )
    assert [(d.date, d.line) for d in plan.units[2].deadlines] == [(D(2025, 12, 31), 9)]
    subitem = plan.units[6]
    assert (subitem.heading, subitem.body) == ("街镇综合执法", "街镇执法队伍人员不少于10人。")
    assert [(i.target, i.unit) for i in subitem.indicators] == [(10, "人")]
    assert [d.date for d in plan.units[7].deadlines] == [D(2024, 6, 30)]
    assert plan.preamble == "为贯彻落实中央和市委部署，制定本方案。"


STANDALONE_HEADINGS = """关于加强法治工作队伍建设的实施意见

一、总体目标

（一）着力建设一支忠于党、忠于国家、忠于人民、忠于法律的高素质法治工作队伍，全面提升依法行政能力和水平

各级行政机关要把法治队伍建设摆在突出位置。

到2025年，行政执法人员全部持证上岗。

（二）强化培训

行政执法人员每年参加培训不少于60学时。
"""


def test_headings_standing_alone_are_followed_by_their_body_paragraphs():
    """A heading on its own line takes the paragraphs below it as its body."""
    plan = parse_text(STANDALONE_HEADINGS, years=(2021, 2025))

    first, second = plan.units[1], plan.units[2]
    assert first.heading.startswith("着力建设一支忠于党") and first.heading.endswith("依法行政能力和水平")
    assert first.body == "各级行政机关要把法治队伍建设摆在突出位置。\n到2025年，行政执法人员全部持证上岗。"
    assert (first.line, first.end_line) == (5, 9)
    assert [(d.date, d.phrase, d.line) for d in first.deadlines] == [(D(2025, 12, 31), "到2025年", 9)]
    assert second.heading == "强化培训"
    assert [d.date.year for d in second.deadlines] == [2021, 2022, 2023, 2024, 2025]
    assert [(i.target, i.unit) for i in second.indicators] == [(60, "学时")]
    assert plan.warnings == []


TRADITIONAL = """宿城區2024年法治政府建設工作要點
一、深化行政審批制度改革
（一）推進“不見面”審批。2024年6月底前完成全部事項進駐。
牽頭單位：區行政審批局
配合單位：區司法局、區財政局、區數據局
（二）加強規範性文件管理。規範性文件合法性審核率達到100%。
"""


def test_traditional_character_document_reads_like_simplified():
    """A plan written in traditional characters reads like its simplified version."""
    plan = parse_text(TRADITIONAL, department_names=DEPARTMENTS)

    assert plan.title == "宿城区2024年法治政府建设工作要点"
    assert plan.years == (2024, 2024)
    assert [u.heading for u in plan.units] == ["深化行政审批制度改革", "推进“不见面”审批", "加强规范性文件管理"]
    first = plan.units[1]
    assert [d.date for d in first.deadlines] == [D(2024, 6, 30)]
    assert [(d.name, d.role, d.known) for d in first.departments] == [
        ("区行政审批局", "lead", True),
        ("区司法局", "support", True),
        ("区财政局", "support", True),
        ("区数据局", "support", False),
    ]
    assert [(i.text, i.target) for i in plan.units[2].indicators] == [("达到100%", 100)]


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>站点标题</title>
<style>p { color: red }</style><script>var fake = "一、不是正文";</script></head>
<body>
<div class="crumbs">当前位置：首页 &gt; 政务公开</div>
<h1>某区2023年依法行政工作要点</h1>
<div class="content">
<p>一、完善依法行政制度体系</p>
<p>（一）加强规范性文件管理。2023年底前完成清理，<b>合法性审核率</b>达到100%。</p>
<p>（二）推进重大行政决策规范化。</p>
<table><tr><td>牵头单位：区司法局</td><td>配合单位：区政府办公室</td></tr></table>
</div>
<div>打印本页</div><script>alert("二、也不是")</script>
</body></html>"""


def test_html_page_from_a_government_site():
    """A plan saved as a web page from a government site reads into its units."""
    plan = parse_document(HTML_PAGE.encode("utf-8"), "要点.html", department_names=DEPARTMENTS)

    assert plan.encoding == "html"
    assert plan.title == "某区2023年依法行政工作要点"
    assert [(u.level, u.heading) for u in plan.units] == [
        ("chapter", "完善依法行政制度体系"),
        ("clause", "加强规范性文件管理"),
        ("clause", "推进重大行政决策规范化"),
    ]
    first = plan.units[1]
    assert first.body == "2023年底前完成清理，合法性审核率达到100%。"
    assert [d.date for d in first.deadlines] == [D(2023, 12, 31)]
    assert [(d.name, d.role) for d in plan.units[2].departments] == [("区司法局", "lead"), ("区政府办公室", "support")]
    assert [w.code for w in plan.warnings] == ["page_furniture", "page_furniture"]
    text, encoding = read_document(HTML_PAGE.encode("gb18030"), "page.htm")
    assert encoding == "html" and "不是正文" not in text and "也不是" not in text


def test_one_long_line_is_split_at_its_markers():
    """A plan pasted as one long line is split at its numbering markers."""
    text = (
        "闵行区2021年法治政府建设工作情况 现将情况总结如下: 一、主要措施和成效 (一)学深悟透做实,深入学习习近平法治思想"
        " 1.深入学习宣传。印发学习方案。 2.推进依法决策。重大决策合法性审查率达100%。"
        " 二、存在问题分析 法治意识有待加强。"
    )
    plan = parse_text(text)

    assert [(u.label, u.heading) for u in plan.units] == [
        ("一、", "主要措施和成效"),
        ("(一)", "学深悟透做实,深入学习习近平法治思想"),
        ("1.", "深入学习宣传"),
        ("2.", "推进依法决策"),
        ("二、", "存在问题分析"),
    ]
    assert {u.line for u in plan.units} == {1}


def test_quantities_in_a_task_become_indicators():
    """Quantities written in a task ("不少于4人") become indicators with target and unit."""
    text = (
        "年度考核指标\n"
        "1.执法人员持证率不低于90%，培训合格率95%以上，复议决定公开率100%。\n"
        "2.每年举办两期以上专题讲座，任期内至少一次脱产培训，集体学法不少于三次。\n"
    )
    plan = parse_text(text, years=(2024, 2024))

    found = [[(i.text, i.target, i.unit, i.line) for i in unit.indicators] for unit in plan.units]
    assert found == [
        [("不低于90%", 90, "%", 2), ("95%以上", 95, "%", 2), ("100%", 100, "%", 2)],
        [("两期以上", 2, "期", 3), ("至少一次", 1, "次", 3), ("不少于三次", 3, "次", 3)],
    ]
    assert [(d.phrase, d.recurring) for d in plan.units[1].deadlines] == [
        ("每年", "yearly"),
        ("任期内至少一次", "term"),
    ]


def test_chapters_written_as_di_yi_zhang():
    """Chapters written as 第一章 are recognised."""
    text = "某市法治建设规划（2026-2030年）\n第一章 总体要求\n一段说明。\n第二章 主要任务\n（一）推进依法决策。\n"
    plan = parse_text(text)

    assert plan.years == (2026, 2030)
    assert [(u.level, u.number, u.label, u.parent) for u in plan.units] == [
        ("chapter", 1, "第一章", None),
        ("chapter", 2, "第二章", None),
        ("clause", 1, "（一）", "二"),
    ]
    assert plan.units[0].heading == "总体要求" and plan.units[0].body == "一段说明。"


def test_continuous_clause_numbering_repeated_across_a_chapter_is_a_duplicate():
    """A clause number repeated in continuously numbered chapters is reported as a duplicate."""
    text = "规划\n一、甲\n(一)一。\n(二)二。\n二、乙\n(二)又是二。\n(三)三。\n"
    plan = parse_text(text, years=(2021, 2025))

    assert codes_at(plan, "numbering_duplicate") == [6]
    assert codes_at(plan, "numbering_gap") == []
    assert plan.years == (2021, 2025)


# ---------------------------------------------------------------------------
# Problems reported with line numbers
# ---------------------------------------------------------------------------

GAPS = """测试方案
一、第一部分
（一）甲。
（三）丙。
（三）丙又一次。
二、第二部分
（一）重新编号是允许的。
（二）乙。
四、第四部分
1.一项。
1)这种编号不属于任何层级
3.三项。
- 2 -
"""


def test_numbering_gaps_and_duplicates_are_reported_with_line_numbers():
    """Gaps and duplicates in the numbering are reported with their line numbers."""
    plan = parse_text(GAPS)

    assert codes_at(plan, "numbering_gap") == [4, 9, 12]
    assert codes_at(plan, "numbering_duplicate") == [5]
    assert codes_at(plan, "unrecognised_text") == [11]
    assert codes_at(plan, "page_furniture") == [13]
    assert all(w.message and re.search(r"[\u4e00-\u9fff]", w.message) for w in plan.warnings)
    # Nothing numbered is lost, and the odd line stays in the body of the unit above it.
    assert [u.line for u in plan.units] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 12]
    assert plan.units[-2].body == "1)这种编号不属于任何层级"


def test_prose_numbers_are_not_items():
    """Numbers inside sentences are not mistaken for items."""
    text = "标题\n一、总则\n2022年全区完成了清理工作。\n1.5倍的增长。\n5年来成效明显。\n3、4月份开展检查。\n"
    plan = parse_text(text)

    assert [u.label for u in plan.units] == ["一、"]
    assert plan.units[0].body.count("\n") == 3
    assert plan.warnings == []


@pytest.mark.parametrize("text", ["", "   \n\t\n\u3000", "\r\n\r\n"])
def test_empty_document_is_an_error(text):
    """An empty document is refused with a clear error."""
    with pytest.raises(PlanParseError, match="文档为空"):
        parse_text(text)
    with pytest.raises(PlanParseError, match="文档为空"):
        parse_document(text.encode("utf-8"), "empty.txt")


def test_document_without_numbered_units_is_an_error():
    """A document with no numbered units is refused with a clear error."""
    with pytest.raises(PlanParseError, match="未找到编号条目"):
        parse_text("关于某事的通知\n各单位：\n请按要求做好工作。2022年底前完成。\n")


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"this is not a zip file", "plan.docx"), (b"PK\x03\x04broken", "plan.docx"), (b"abc", "plan.pdf")],
)
def test_unreadable_files_are_reported_as_plan_errors(data, filename):
    """An unreadable file is reported as a plan error, not a crash."""
    with pytest.raises(PlanParseError):
        parse_document(data, filename)


def test_decode_bytes_reports_the_encoding():
    """Reading a file says which encoding it was in."""
    assert decode_bytes("一、总则\r\n".encode()) == ("一、总则\n", "utf-8")
    assert decode_bytes("一、总则".encode("gb18030")) == ("一、总则", "gb18030")
    assert decode_bytes("一、总则".encode("utf-16")) == ("一、总则", "utf-16")
    assert decode_bytes("一、总则".encode("utf-16-le")) == ("一、总则", "utf-16")
    assert decode_bytes("\ufeff一、总则".encode()) == ("一、总则", "utf-8-sig")


# ---------------------------------------------------------------------------
# Helpers used by the Excel task-split importer
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022年12月底前", [(D(2022, 12, 31), False)]),
        ("2024年底前", [(D(2024, 12, 31), False)]),
        ("2022年年底前", [(D(2022, 12, 31), False)]),
        ("2023年", [(D(2023, 12, 31), False)]),
        ("2024年6月", [(D(2024, 6, 30), False)]),
        ("2024年2月前", [(D(2024, 2, 29), False)]),
        ("2025年前", [(D(2025, 12, 31), True)]),
        ("到2025年", [(D(2025, 12, 31), False)]),
        ("２０２２年年底前", [(D(2022, 12, 31), False)]),
        ("二〇二二年六月底前", [(D(2022, 6, 30), False)]),
        ("2024年第三季度", [(D(2024, 9, 30), False)]),
        ("2022-06-15", [(D(2022, 6, 15), False)]),
        ("2022年6月底前、2022年12月底前", [(D(2022, 6, 30), False), (D(2022, 12, 31), False)]),
        ("持续推进", []),
        ("长期坚持", []),
        ("", []),
        ("2015-2020年", []),
        ("(2020-2025)", []),
        ("2021年至2025年", []),
        ("“十三五”期间", []),
    ],
)
def test_parse_deadline_reads_completion_cells(cell, expected):
    """Completion-time cells such as "2022年年底前" become dates."""
    assert [(d.date, d.needs_confirmation) for d in parse_deadline(cell)] == expected


def test_parse_deadline_recurring_duties_and_the_current_plan_year():
    """Recurring duties ("每年") and "当年" deadlines are read against the plan's years."""
    yearly = parse_deadline("每年", years=(2021, 2025), line=7)
    assert [(d.date, d.recurring, d.line) for d in yearly] == [(D(y, 12, 31), "yearly", 7) for y in range(2021, 2026)]
    quarterly = parse_deadline("每季度", years=(2024, 2024))
    assert [d.date for d in quarterly] == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]
    assert {d.recurring for d in quarterly} == {"quarterly"}
    term = parse_deadline("任期内至少一次", years=(2021, 2025))
    assert [(d.date, d.recurring) for d in term] == [(D(2025, 12, 31), "term")]
    assert [(d.date, d.needs_confirmation) for d in parse_deadline("年内", years=(2024, 2024))] == [
        (D(2024, 12, 31), False)
    ]
    # In a five-year plan "年内" could mean any year: the user is asked to confirm.
    assert [(d.date, d.needs_confirmation) for d in parse_deadline("年内", years=(2021, 2025))] == [
        (D(2021, 12, 31), True)
    ]
    assert [d.phrase for d in parse_deadline("  2024年底前完成  ")] == ["2024年底前"]


def test_split_department_list_handles_every_separator():
    """A list of departments is split at every separator plans use."""
    cell = "区司法局、区发展改革委，各街镇;区应急局\n区公安分局 区财政局,区民政局；区商务委"
    assert split_department_list(cell) == [
        "区司法局",
        "区发展改革委",
        "各街镇",
        "区应急局",
        "区公安分局",
        "区财政局",
        "区民政局",
        "区商务委",
    ]
    assert split_department_list("  ") == []


def test_find_departments_prefers_explicit_roles_and_longest_names():
    """Departments named in a task are found by explicit role first, then by the longest name."""
    text = "牵头部门：区司法局；配合部门：区政府办公室、区档案馆。区政府办公室和区政府定期通报，区司法局汇总。"
    mentions = find_departments(text, ["区司法局", "区政府办公室", "区政府", "司法局"], line=3)

    assert [(m.name, m.role, m.known, m.line) for m in mentions] == [
        ("区司法局", "lead", True, 3),
        ("区政府办公室", "support", True, 3),
        ("区档案馆", "support", False, 3),
        ("区政府", "mentioned", True, 3),
    ]


# ---------------------------------------------------------------------------
# Robustness: arbitrary and mangled documents
# ---------------------------------------------------------------------------

_CN_DIGITS = "一二三四五六七八九"


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN_DIGITS[tens - 1]) + "十" if tens else "") + (_CN_DIGITS[ones - 1] if ones else "")


_CN_ALT = "|".join(sorted((_cn(n) for n in range(1, 100)), key=len, reverse=True))
# Written independently of the parser: what a person would call a well-formed marker at a line start.
WELL_FORMED = re.compile(
    rf"\s*(?:(?:{_CN_ALT})\s*(?:、|[．.](?![0-9０-９]))"
    rf"|[(（]\s*(?:{_CN_ALT})\s*[)）]"
    r"|[0-9０-９]{1,3}\s*[.．、](?![0-9０-９])"
    r"|[(（]\s*[0-9０-９]{1,3}\s*[)）])"
)
ALLOWED_ERRORS = {"文档为空", "未找到编号条目"}


def assert_nothing_numbered_is_lost(text: str, plan: ParsedPlan) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    accounted = {u.line for u in plan.units} | {w.line for w in plan.warnings}
    for no, line in enumerate(lines, start=1):
        if WELL_FORMED.match(line):
            assert no in accounted, f"line {no} {line!r} is neither a unit nor a warning"
    counts = plan.counts()
    assert sum(counts[k] for k in ("chapters", "clauses", "items", "subitems")) == len(plan.units)
    json.dumps(plan.to_dict(), ensure_ascii=False)
    for unit in plan.units:
        assert 1 <= unit.line <= unit.end_line <= len(lines)
        assert unit.level in {"chapter", "clause", "item", "subitem"}


def parse_or_allowed_error(text: str, **kwargs) -> ParsedPlan | None:
    try:
        return parse_text(text, **kwargs)
    except PlanParseError as exc:
        assert str(exc) in ALLOWED_ERRORS, f"unexpected error: {exc!r} from {exc.__cause__!r}"
        return None


MARKERISH = st.sampled_from(
    [
        "一、",
        "十一、",
        "(五十八)",
        "（二）",
        "1.",
        "２．",
        "3、",
        "(1)",
        "（12）",
        "第一章",
        "1)",
        "(十",
        "2022年",
        "1.5倍",
    ]
)
LINE = st.builds(
    lambda a, b: a + b,
    st.one_of(st.just(""), st.just("  "), MARKERISH),
    st.text(
        alphabet=st.sampled_from(list("年月底前内每季度全覆盖不少于人区司法局牵头单位：:，。、 \t2025一十()（）."))
        | st.characters(),
        max_size=30,
    ),
)


@given(st.lists(LINE, max_size=25).map("\n".join))
def test_any_text_parses_or_fails_with_a_documented_error(text):
    """Any plan-like text either parses or fails with a documented error."""
    plan = parse_or_allowed_error(text, department_names=["区司法局", "各街镇"])
    if plan is not None:
        assert_nothing_numbered_is_lost(text, plan)


@given(st.text(max_size=300))
def test_completely_arbitrary_text_never_breaks_the_parser(text):
    """Arbitrary text never crashes the parser."""
    plan = parse_or_allowed_error(text)
    if plan is not None:
        assert_nothing_numbered_is_lost(text, plan)


@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.docx", "a.html", "a.htm", "a", "a.xls"]))
def test_arbitrary_bytes_only_raise_plan_parse_error(data, filename):
    """Arbitrary file contents only ever fail as a plan error."""
    with contextlib.suppress(PlanParseError):
        parse_document(data, filename)


def _swap_brackets(line: str) -> str:
    if "(" in line:
        return line.replace("(", "（").replace(")", "）")
    return line.replace("（", "(").replace("）", ")")


JUNK = st.text(
    alphabet=st.sampled_from(sorted(set(SEED_TEXT[:4000]) - {"\n"}) + list("()（）、.．1234 \t")), max_size=40
)
EDIT = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 400)),
    st.tuples(st.just("duplicate"), st.integers(0, 400)),
    st.tuples(st.just("junk"), st.integers(0, 400), JUNK),
    st.tuples(st.just("indent"), st.integers(0, 400), st.sampled_from([" ", "\t", "\u3000\u3000", "   "])),
    st.tuples(st.just("brackets"), st.integers(0, 400)),
    st.tuples(st.just("blank"), st.integers(0, 400)),
)


def _mangle(lines: list[str], edits) -> list[str]:
    lines = list(lines)
    for edit in edits:
        if not lines:
            break
        kind, index = edit[0], edit[1] % len(lines)
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "junk":
            lines.insert(index, edit[2])
        elif kind == "indent":
            lines[index] = edit[2] + lines[index].strip()
        elif kind == "brackets":
            lines[index] = _swap_brackets(lines[index])
        else:
            lines[index] = lines[index].replace(" ", "") if index % 2 else ""
    return lines


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDIT, min_size=1, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_mangled_seed_never_loses_a_numbered_unit(edits, newline):
    """Edits to line endings and spacing of the 宝山 plan never lose a numbered unit."""
    text = newline.join(_mangle(SEED_LINES, edits))

    plan = parse_or_allowed_error(text, department_names=DEPARTMENTS)

    if plan is not None:
        assert_nothing_numbered_is_lost(text, plan)
        # Clause 58, when it survived intact, keeps its heading.
        intact = [line for line in text.split(newline) if line.startswith(("(五十八)做好规划", "（五十八）做好规划"))]
        if intact:
            assert CLAUSE_58_HEADING in [u.heading for u in plan.units if u.number == 58]
