"""督办单 in Chromium: the unit signs it and replies, the supervisor returns the reply, the unit
replies again, the supervisor accepts it; the notice's record shows every step."""

import datetime
from pathlib import Path

import pytest
from django.db import transaction
from playwright.sync_api import expect

from inspections.actions import _create_notice
from plans.models import Department
from tests.e2e.conftest import log_in


@pytest.fixture
def open_as(browser, demo):
    contexts = []

    def open_page(username):
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900}
        )
        page = context.new_page()
        log_in(page, demo, username)
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_sign_reply_return_reply_accept(open_as, demo, output_path):
    """sign → reply → return → reply → accept, each seen by the other side, with the history."""
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    market = Department.objects.get(name="区市场监管局")
    with transaction.atomic():
        notice = _create_notice(
            colour="yellow",
            units=[market],
            subject="推进行政执法“三项制度” · 2026年第一季度进展报告",
            requirement="请于反馈期限前办结并书面反馈。",
            today=datetime.date(2026, 4, 27),
        )
    url = f"{demo.url}/inspections/notices/{notice.pk}/"

    staff = open_as("staff")
    staff.goto(f"{demo.url}/inspections/notices/")
    staff.get_by_role("link", name=notice.number).click()
    staff.get_by_test_id("move-signed").click()
    expect(staff.get_by_test_id("notice-state")).to_have_text("已签收")
    staff.get_by_label("反馈内容").fill("已完成第一季度报告填报")
    staff.get_by_test_id("reply").click()
    expect(staff.get_by_test_id("notice-state")).to_have_text("已反馈")

    sup = open_as("supervisor")
    sup.goto(url)
    expect(sup.get_by_test_id("reply-text")).to_have_text("已完成第一季度报告填报")
    sup.get_by_label("退回理由").fill("请附佐证材料")
    sup.get_by_test_id("move-returned").click()
    expect(sup.get_by_test_id("notice-state")).to_have_text("反馈被退回")

    staff.goto(url)
    expect(staff.get_by_test_id("review-comment")).to_have_text("请附佐证材料")
    staff.get_by_label("反馈内容").fill("已补充佐证材料")
    evidence = shots / "第一季度报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    staff.get_by_label("佐证材料").set_input_files(str(evidence))
    staff.get_by_test_id("reply").click()
    expect(staff.get_by_test_id("notice-state")).to_have_text("已反馈")
    expect(staff.get_by_test_id("reply-files")).to_have_text("第一季度报告.pdf")

    sup.goto(url)
    with sup.expect_download() as download:
        sup.get_by_test_id("reply-files").get_by_role("link", name="第一季度报告.pdf").click()
    assert download.value.suggested_filename == "第一季度报告.pdf"
    sup.get_by_test_id("move-accepted").click()
    expect(sup.get_by_test_id("notice-state")).to_have_text("已审结")
    events = sup.get_by_test_id("events")
    for step in ("签收督办单", "反馈办理情况", "退回反馈：请附佐证材料", "审结"):
        expect(events).to_contain_text(step)
    sup.screenshot(path=str(shots / "notice-accepted.png"), full_page=True)
