"""A plan published as PDF (printed from Word, 公文 page numbers "— 2 —", a running header) reads
into the same units as its text: paragraphs joined across line and page breaks, the header and page
numbers dropped, its task table read row by row. Text from 内蒙古自治区法治政府建设实施方案
(fixtures/README.md)."""

import datetime

import pytest

from plans.parsing import parse_document
from tests.plans.documents import paragraphs, pdf_from_html

HEADER = "内蒙古自治区法治政府建设实施方案"
BODY = (
    "<h1>内蒙古自治区法治政府建设实施方案（2021—2025年）</h1>"
    + paragraphs(
        [
            "为深入贯彻落实党中央、国务院印发的《法治政府建设实施纲要（2021—2025年）》精神，在新发展阶段持续深入推进依法行政，全面建设法治政府，结合自治区实际，制定本方案。",
            "一、健全政府机构职能体系",
            "（一）推进政府机构职能优化协同高效。继续优化政府组织结构，进一步理顺政府各部门职责关系，使政府机构设置更加科学、职能更加优化、权责更加协同。持续推进政府职能转变，完善经济调节、市场监管、社会管理、公共服务、生态环境保护等职能，推动有效市场和有为政府更好结合。健全部门、区域协调配合机制，加强制定实施重大战略、规划、政策、标准的统筹，形成相互支持、密切配合、信息共享的联动机制。推动基层管理扁平化、网格化，鼓励支持从上往下跨层级调剂使用行政和事业编制。全面实行政府权责清单制度，2022年底前动态调整自治区政府各部门权责清单。牵头单位：自治区党委编办。配合单位：自治区发展改革委、自治区司法厅。",
            "（二）深入推进“放管服”改革。持续推进行政审批制度改革，严格执行行政审批告知承诺制，全面推行审批服务“马上办、网上办、就近办、一次办、自助办”。编制自治区层面设定的行政许可事项清单和行政备案事项清单并向社会公开，归并减少资质资格许可事项。持续推进“证照分离”改革，将更多涉企经营许可事项纳入改革。积极推进“一业一证”改革，实现“一证准营”、跨地互认通用。深化投资审批制度改革，健全完善投资项目行政许可机制，优化投资项目行政许可流程。持续推进行政审批制度改革，严格执行行政审批告知承诺制，全面推行审批服务。编制自治区层面设定的行政许可事项清单和行政备案事项清单并向社会公开，2023年6月底前完成清单编制。牵头单位：自治区政务服务局。",
            "二、健全依法行政制度体系",
            "（三）加强重要领域立法。积极推进国家安全、科技创新、公共卫生、生物安全、生态文明、防范风险等重要领域立法。牵头单位：自治区司法厅。",
        ]
    )
    + "<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
    "<tr><td>1</td><td>完善立法工作机制</td><td>自治区司法厅</td><td>自治区人大常委会法工委</td><td>2024年底前</td></tr>"
    "<tr><td>2</td><td>加强规范性文件备案审查</td><td>自治区司法厅</td><td>自治区各厅局</td><td>持续推进</td></tr></table>"
)


@pytest.fixture(scope="module")
def plan():
    return parse_document(pdf_from_html(BODY, header=HEADER), "方案.pdf")


def test_pdf_plan_reads_unit_by_unit(plan):
    """Each unit of the PDF comes back with its level, heading, deadline and departments."""
    assert plan.encoding == "pdf"
    assert plan.title == "内蒙古自治区法治政府建设实施方案（2021—2025年）"
    assert plan.years == (2021, 2025)
    assert [(u.level, u.label, u.heading) for u in plan.units] == [
        ("chapter", "一、", "健全政府机构职能体系"),
        ("clause", "（一）", "推进政府机构职能优化协同高效"),
        ("clause", "（二）", "深入推进“放管服”改革"),
        ("chapter", "二、", "健全依法行政制度体系"),
        ("clause", "（三）", "加强重要领域立法"),
        ("item", "1.", "完善立法工作机制"),
        ("item", "2.", "加强规范性文件备案审查"),
    ]
    one, two = plan.units[1], plan.units[2]
    assert [(d.date, d.phrase) for d in one.deadlines] == [(datetime.date(2022, 12, 31), "2022年底前")]
    assert [(m.name, m.role) for m in one.departments] == [
        ("自治区党委编办", "lead"),
        ("自治区发展改革委", "support"),
        ("自治区司法厅", "support"),
    ]
    # The paragraph runs over a line break and a page break, and is read whole.
    assert "积极推进“一业一证”改革" in two.body and two.body.endswith("牵头单位：自治区政务服务局。")
    assert [(d.date, d.phrase) for d in two.deadlines] == [(datetime.date(2023, 6, 30), "2023年6月底前")]
    row1, row2 = plan.units[5], plan.units[6]
    assert [(m.name, m.role) for m in row1.departments] == [
        ("自治区司法厅", "lead"),
        ("自治区人大常委会法工委", "support"),
    ]
    assert [(d.date, d.phrase) for d in row1.deadlines] == [(datetime.date(2024, 12, 31), "2024年底前")]
    assert [(d.phrase, d.recurring) for d in row2.deadlines] == [("持续推进", "ongoing")]


def test_pdf_page_furniture_is_dropped(plan):
    """The running header and the page numbers "— 1 —" are not read as text."""
    text = plan.preamble + "".join(u.heading + u.body for u in plan.units)
    assert "—" not in text.replace("2021—2025", "")
    assert text.count(HEADER) == 0 or HEADER + "（" in plan.title
    assert not [w for w in plan.warnings if w.code in {"page_furniture", "unrecognised_text"}]


def test_pdf_units_say_page_and_line(plan):
    """Each unit says where it came from: page and line, or page, table and row."""
    assert plan.units[0].source == "第1页第7行"
    assert plan.units[5].source.startswith("第2页表1第2行") or plan.units[5].source.endswith("表1第2行")
