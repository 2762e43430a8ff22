"""督察 in Chromium: a supervisor creates a campaign for three units and drafts its checklist from
the clauses; one unit sends its 自查报告; two findings are recorded; the unit plans, its head
confirms, it asks to close both; the supervisor returns one and closes the other; the 整改台账 and
its Excel export show both with the right states."""

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from inspections.models import Campaign, CampaignTarget, Finding, FindingState
from plans.models import Clause, Department
from tests.e2e.conftest import log_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
UNITS = ["区市场监管局", "罗店镇", "大场镇"]


@pytest.fixture
def open_as(browser, demo):
    contexts = []

    def open_page(username, width=1366):
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": width, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        log_in(page, demo, username)
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()


def finding_page(page, demo, text):
    finding = Finding.objects.get(description=text)
    page.goto(f"{demo.url}/inspections/findings/{finding.pk}/")
    return finding


def test_campaign_findings_rectification_and_ledger(open_as, demo, tmp_path, output_path):
    """From a new campaign to one finding closed and one returned, read back in the ledger's Excel."""
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    evidence = tmp_path / "整改佐证.pdf"
    evidence.write_bytes(PDF)
    clauses = Clause.objects.filter(number__in=[47, 48, 55], chapter__isnull=False).order_by("position")
    units = Department.objects.filter(name__in=UNITS)

    # The supervisor creates the campaign and drafts its checklist from the clauses.
    sup = open_as("supervisor")
    sup.locator("#mainnav").get_by_role("link", name="督察整改").click()
    sup.get_by_role("link", name="新建督察活动").click()
    sup.get_by_label("督察批次名称").fill("2026年度法治督察（实地）")
    sup.get_by_label("年度").fill("2026")
    sup.get_by_label("方式").select_option(label="实地督察")
    sup.get_by_label("开始日期").fill("2026-01-05")
    sup.get_by_label("结束日期").fill("2026-12-20")
    sup.get_by_label("自查报告截止日期").fill("2026-12-31")
    sup.get_by_label("规划", exact=True).select_option(index=1)
    sup.get_by_label("受督察单位").select_option([str(u.pk) for u in units])
    sup.get_by_label("涉及规划条款").select_option([str(c.pk) for c in clauses])
    sup.get_by_role("button", name="保存").click()
    expect(sup.get_by_test_id("page-title")).to_have_text("2026年度法治督察（实地）")
    sup.get_by_role("link", name="编辑督察事项").click()
    sup.get_by_role("button", name="由涉及条款生成共性事项").click()
    expect(sup.get_by_label("督察事项 1", exact=True)).to_have_value(
        "是否落实“围绕法治政府建设规划和年度工作计划,依法组织开展政府督查工作,保障政令畅通,"
        "督促提高行政效能、推进廉政建设、健全行政监督制度”的要求（规划第四十七条）"
    )
    sup.get_by_role("button", name="保存督察事项").click()
    expect(sup.get_by_test_id("checklist")).to_contain_text("规划第五十五条")
    sup.get_by_role("button", name="启动督察并通知单位").click()
    expect(sup.get_by_test_id("campaign-state")).to_have_text("进行中")
    sup.screenshot(path=shots / "1-campaign.png", full_page=True)
    campaign = Campaign.objects.get(name="2026年度法治督察（实地）")
    assert campaign.targets.count() == 3 and campaign.items.count() >= 3

    # One unit's staff sends its 自查报告 from the home page; the head confirms it.
    staff = open_as("staff")
    staff.goto(f"{demo.url}/my/")
    expect(staff.get_by_test_id("todo-inspections")).to_contain_text("报送自查报告")
    staff.get_by_test_id("todo-inspections").get_by_role("link", name=campaign.name).click()
    expect(staff.get_by_test_id("self-report-due")).to_have_text("2026年12月31日")
    staff.get_by_label("自查情况").fill("对照督察事项逐项自查，案卷评查制度已建立。")
    staff.get_by_label("自查报告及佐证材料").set_input_files(str(evidence))
    staff.get_by_role("button", name="提交自查报告").click()
    expect(staff.get_by_test_id("self-report-state")).to_have_text("待负责人确认")
    head = open_as("head")
    target = CampaignTarget.objects.get(campaign=campaign, department__name="区市场监管局")
    head.goto(f"{demo.url}/inspections/units/{target.pk}/")
    head.get_by_role("button", name="确认报送区司法局").click()
    expect(head.get_by_test_id("self-report-state")).to_have_text("已报送")

    # The supervisor records the visit and two findings.
    sup.goto(f"{demo.url}/inspections/units/{target.pk}/")
    expect(sup.get_by_test_id("self-report")).to_contain_text("案卷评查制度已建立")
    sup.get_by_role("button", name="记录实地督察").click()
    for text, more in (("行政处罚案卷未载明听证告知", True), ("执法公示信息更新不及时", False)):
        if not sup.url.endswith("/findings/new/"):  # after 保存并继续记录 the form is open already
            sup.get_by_role("link", name="记录问题").click()
        sup.get_by_label("问题", exact=True).fill(text)
        sup.get_by_label("整改要求").fill("限期补正并建立长效机制")
        sup.get_by_label("整改期限").fill("2026-12-31")
        sup.get_by_label("责任人").fill("法规科")
        sup.get_by_role("button", name="保存并继续记录" if more else "保存并通知单位").click()
    expect(sup.get_by_test_id("findings")).to_contain_text("执法公示信息更新不及时")
    sup.screenshot(path=shots / "2-unit-findings.png", full_page=True)

    # The unit's staff plans both, the head confirms; staff ask to close both with evidence.
    for text in ("行政处罚案卷未载明听证告知", "执法公示信息更新不及时"):
        finding_page(staff, demo, text)
        staff.get_by_label("整改措施").fill("逐卷补正，建立案卷评查制度")
        staff.get_by_label("整改责任人").fill("张晓燕")
        staff.get_by_role("button", name="提交整改方案").click()
        expect(staff.get_by_test_id("finding-state")).to_have_text("整改方案待负责人确认")
        finding_page(head, demo, text)
        head.get_by_role("button", name="负责人确认报送").click()
        expect(head.get_by_test_id("finding-state")).to_have_text("整改中")
        finding_page(staff, demo, text)
        staff.get_by_label("整改完成情况").fill("已全部补正，制度已印发。")
        staff.get_by_label("销号佐证材料").set_input_files(str(evidence))
        staff.get_by_role("button", name="提交销号申请").click()
        expect(staff.get_by_test_id("finding-state")).to_have_text("销号申请待负责人确认")
        finding_page(head, demo, text)
        head.get_by_role("button", name="负责人确认报送").click()
        expect(head.get_by_test_id("finding-state")).to_have_text("销号申请待审核")
    staff.screenshot(path=shots / "3-staff-finding.png", full_page=True)

    # The supervisor returns one and closes the other.
    finding_page(sup, demo, "行政处罚案卷未载明听证告知")
    sup.get_by_label("意见（退回时必填）").fill("佐证不足，请补充制度文件")
    sup.get_by_role("button", name="退回销号申请").click()
    expect(sup.get_by_test_id("finding-state")).to_have_text("销号申请被退回")
    finding_page(sup, demo, "执法公示信息更新不及时")
    sup.get_by_role("button", name="审核销号").click()
    expect(sup.get_by_test_id("finding-state")).to_have_text("已销号")
    expect(sup.get_by_test_id("events")).to_contain_text("审核销号")
    sup.screenshot(path=shots / "4-closed-finding.png", full_page=True)
    states = dict(Finding.objects.filter(campaign=campaign).values_list("description", "state"))
    assert states == {
        "行政处罚案卷未载明听证告知": FindingState.RETURNED,
        "执法公示信息更新不及时": FindingState.CLOSED,
    }

    # The ledger and its Excel show both with their states.
    sup.goto(f"{demo.url}/inspections/ledger/?campaign={campaign.pk}")
    ledger = sup.get_by_test_id("ledger")
    expect(ledger.get_by_role("row").filter(has_text="行政处罚案卷未载明听证告知")).to_contain_text("销号申请被退回")
    expect(ledger.get_by_role("row").filter(has_text="执法公示信息更新不及时")).to_contain_text("已销号")
    sup.screenshot(path=shots / "5-ledger.png", full_page=True)
    with sup.expect_download() as download:
        sup.get_by_test_id("ledger-export").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(saved).active
    assert sheet["A1"].value == "督察问题整改台账" and sheet["A3"].value.startswith("导出时间：")
    header = [c.value for c in sheet[4]]
    assert header[:4] == ["序号", "督察批次", "单位", "问题"]
    rows = {row[3]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    returned, closed = rows["行政处罚案卷未载明听证告知"], rows["执法公示信息更新不及时"]
    assert (returned[1], returned[2], returned[9], returned[10], returned[11]) == (
        campaign.name,
        "区市场监管局",
        "销号申请被退回",
        "否",
        None,
    )
    assert (closed[9], closed[10]) == ("已销号", "是") and closed[11] is not None
    assert closed[4] == "逐卷补正，建立案卷评查制度"

    # The pages on a phone.
    phone = open_as("staff", width=390)
    finding_page(phone, demo, "执法公示信息更新不及时")
    phone.screenshot(path=shots / "6-phone-finding.png", full_page=True)
    phone.goto(f"{demo.url}/inspections/ledger/")
    phone.screenshot(path=shots / "7-phone-ledger.png", full_page=True)
