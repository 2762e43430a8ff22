"""A .docx whose tasks are a 任务分工 table (序号 | 重点任务 | 落实措施 | 牵头单位 | 责任单位 | 完成时限 |
备注) with merged cells: each numbered row is one unit with its deadline and its lead and supporting
departments; a row whose 序号 is merged with the one above adds to that unit instead of repeating
its number. Tasks from 金昌市创建全国法治政府建设示范市实施方案 (fixtures/README.md)."""

import datetime

from plans.parsing import parse_document
from tests.plans.documents import table_docx

HEADER = ["序号", "重点任务", "落实措施", "牵头单位", "责任单位", "完成时限", "备注"]
ROWS = [
    ["1", "推进政府机构职能优化协同高效", "动态调整市政府各部门权责清单，实现同一事项名称、编码、依据、类型的规范统一。",
     "市委编办", "市政府各部门", "2022年12月底前", ""],
    ["", "", "探索建立乡镇（街道）权责清单制度。", "", "各县、市、区政府", "", ""],
    ["2", "深入推进“放管服”改革", "严格执行行政审批告知承诺制，全面推行审批服务“马上办、网上办、就近办”。",
     "市政务服务中心", "市发展改革委、市市场监管局", "持续推进", ""],
    ["3", "加强重要领域立法", "积极推进科技创新、公共卫生、生态文明等重要领域立法。", "市司法局",
     "市人大常委会法工委", "2021—2025年", ""],
]  # fmt: skip
# 序号, 重点任务, 牵头单位 and 完成时限 of task 1 span its two rows, as Word merges them.
MERGES = [((1, 0), (2, 0)), ((1, 1), (2, 1)), ((1, 3), (2, 3)), ((1, 5), (2, 5))]


def test_task_table_rows_become_units():
    """Each numbered row is a unit: heading, body, deadline, lead and supporting departments."""
    data = table_docx(["金昌市创建全国法治政府建设示范市实施方案", "一、主要任务"], HEADER, ROWS, MERGES)
    plan = parse_document(data, "实施方案.docx")

    assert plan.title == "金昌市创建全国法治政府建设示范市实施方案"
    assert [(u.level, u.label, u.heading) for u in plan.units] == [
        ("chapter", "一、", "主要任务"),
        ("item", "1.", "推进政府机构职能优化协同高效"),
        ("item", "2.", "深入推进“放管服”改革"),
        ("item", "3.", "加强重要领域立法"),
    ]
    one, two, three = plan.units[1:]
    # The merged rows are one unit: the second row's measure is in its body, its number not repeated.
    assert "探索建立乡镇（街道）权责清单制度" in one.body
    assert one.body.count("市委编办") == 1
    assert [(d.date, d.phrase) for d in one.deadlines] == [(datetime.date(2022, 12, 31), "2022年12月底前")]
    # 责任单位 beside a 牵头单位 column names the supporting departments; the collective stays whole.
    assert [(m.name, m.role) for m in one.departments] == [
        ("市委编办", "lead"),
        ("市政府各部门", "support"),
        ("各县、市、区政府", "support"),
    ]
    assert [(m.name, m.role) for m in two.departments] == [
        ("市政务服务中心", "lead"),
        ("市发展改革委", "support"),
        ("市市场监管局", "support"),
    ]
    assert [(d.phrase, d.recurring) for d in two.deadlines] == [("持续推进", "ongoing")]
    assert [(d.date, d.phrase) for d in three.deadlines] == [(datetime.date(2025, 12, 31), "2021—2025年")]
    assert [u.source for u in plan.units] == ["第2段", "表1第2行", "表1第4行", "表1第5行"]
    assert not [w for w in plan.warnings if w.code.startswith("numbering")]


def test_merged_task_cell_over_numbered_rows_groups_them():
    """A 重点任务 cell merged over rows with numbers of their own heads a group of those rows."""
    rows = [
        ["1", "深化行政执法体制改革", "推进综合行政执法体制改革。", "市司法局", "", "2023年6月底前", ""],
        ["2", "", "加强行政执法队伍建设。", "市司法局", "", "每年12月底前", ""],
    ]
    data = table_docx(["某市法治政府建设重点任务分工"], HEADER, rows, [((1, 1), (2, 1))])
    plan = parse_document(data, "分工.docx", years=(2023, 2025))
    assert [(u.level, u.label, u.heading) for u in plan.units] == [
        ("clause", "（一）", "深化行政执法体制改革"),
        ("item", "1.", "推进综合行政执法体制改革"),
        ("item", "2.", "加强行政执法队伍建设"),
    ]
    yearly = plan.units[2].deadlines
    assert [(d.date, d.recurring) for d in yearly] == [
        (datetime.date(year, 12, 31), "yearly") for year in (2023, 2024, 2025)
    ]
