"""约谈 in Chromium: a supervisor opens the unit's proposal from the 督办总览, schedules it with the
form, and the page shows who is summoned, when and where; the page also fits a phone."""

import datetime
from pathlib import Path

from django.db import transaction
from playwright.sync_api import expect

from inspections.models import EscalationMatter, Interview
from plans.models import Department
from tasks.models import Task
from tests.e2e.conftest import log_in


def test_a_supervisor_schedules_a_proposed_interview(browser, demo, output_path):
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    unit = Department.objects.get(name="区民政局")
    with transaction.atomic():
        task = Task.objects.filter(assignments__department=unit).first() or Task.objects.first()
        matter = EscalationMatter.objects.create(
            key=f"e2e:interview:{unit.pk}",
            kind="report",
            task=task,
            unit=unit,
            what="推进行政执法“三项制度” · 2026年第一季度进展报告",
            due_date=datetime.date(2026, 4, 10),
            rung="listed",
            listed_on=datetime.date(2026, 6, 10),
        )
        interview = Interview.objects.create(
            matter=matter, unit=unit, reason="挂牌督办超过30天", proposed_on=datetime.date(2026, 7, 11)
        )
        interview.matters.set([matter])
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, demo, "supervisor")
    page.goto(f"{demo.url}/inspections/escalation/")
    page.get_by_test_id("interviews").get_by_role("link", name="区民政局").click()
    expect(page.get_by_test_id("interview-state")).to_have_text("建议约谈")
    page.get_by_label("被约谈人").fill("区民政局局长 王芳")
    page.get_by_label("约谈人", exact=True).fill("区司法局副局长 李强")
    page.get_by_label("约谈时间").fill("2026-07-20T09:30")
    page.get_by_label("约谈地点").fill("区司法局三楼会议室")
    page.get_by_label("约谈事由").fill("挂牌督办超过30天仍未办结")
    page.get_by_test_id("schedule").click()
    expect(page.get_by_test_id("interview-state")).to_have_text("已安排")
    expect(page.get_by_test_id("interviewee")).to_have_text("区民政局局长 王芳")
    expect(page.get_by_test_id("scheduled-for")).to_have_text("2026-07-20 09:30")
    expect(page.get_by_test_id("events")).to_contain_text("安排约谈")
    page.screenshot(path=str(shots / "interview-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.screenshot(path=str(shots / "interview-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
