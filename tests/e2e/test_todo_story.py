"""A working day through the to-do centre (待办), in Chromium: staff file an overdue past period,
the head confirms it from 待确认, the supervisor accepts two reports at once, the department asks
for more time and the supervisor grants it, and the hand-off mails arrive, one per person."""

import datetime
import re

from playwright.sync_api import expect

from plans.models import Department
from reports.tasks import send_handoffs
from tasks.extension_views import extendable_dates
from tasks.models import Task
from tests.conftest import FROZEN_NOW

SCREENSHOTS = "test-results"


def _task_with_a_date_to_extend():
    market = Department.objects.get(name="区市场监管局")
    for task in Task.objects.filter(assignments__department=market, archived_at__isnull=True).order_by("position"):
        dates = extendable_dates(task, today=FROZEN_NOW.date())
        if dates:
            return task, dates[0][0]
    raise AssertionError("the demo has no task of 区市场监管局 with an open due date")


def test_a_day_through_the_todo_centre(frozen_clock, full_demo, browser_page, settings, smtp_server, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    url = full_demo.url

    # Staff land on their home page: the to-do centre lists the overdue past periods.
    staff = browser_page("staff")
    centre = staff.get_by_test_id("todo-centre")
    owed = centre.get_by_test_id("todo-reports_to_write")
    expect(owed).to_contain_text("逾期未报")
    expect(owed.get_by_test_id("todo-reports_to_write-count")).to_have_text("2")
    staff.screenshot(path=str(tmp_path / "todo-staff-desktop.png"), full_page=True)
    for _ in range(2):  # both overdue periods, each one click from its form
        staff.goto(f"{url}/todo/")
        staff.get_by_test_id("todo-reports_to_write").get_by_role("link").first.click()
        expect(staff).to_have_url(re.compile(r"/tasks/\d+/report/\d+/$"))
        staff.get_by_label("进展情况").fill("补报：已完成季度执法检查，问题均已整改。")
        staff.get_by_role("button", name="保存并提交").click()
        expect(staff.get_by_role("alert")).to_contain_text("报告已提交")
    staff.goto(f"{url}/todo/")
    expect(staff.get_by_test_id("todo-reports_to_write")).to_have_count(0)

    # The head sees both under 待确认, with a count, in the header too, and confirms them.
    head = browser_page("head")
    expect(head.get_by_test_id("nav-todo-count")).to_be_visible()
    confirm = head.get_by_test_id("todo-confirm")
    expect(confirm.get_by_test_id("todo-confirm-count")).to_have_text("2")
    for _ in range(2):
        head.goto(f"{url}/todo/")
        head.get_by_test_id("todo-confirm").get_by_role("link").first.click()
        head.get_by_role("button", name="确认上报").click()
        expect(head.get_by_role("alert")).to_contain_text("已确认上报")
    head.goto(f"{url}/todo/")
    expect(head.get_by_test_id("todo-confirm")).to_have_count(0)

    # The supervisor accepts both at once from the review queue, with one comment.
    supervisor = browser_page("supervisor")
    expect(supervisor.get_by_test_id("todo-review-count")).to_have_text("2")
    supervisor.goto(f"{url}/review/")
    for box in supervisor.get_by_role("checkbox").all():
        box.check()
    supervisor.get_by_label("审核意见（可选，适用于所勾选的全部报告）").fill("补报材料齐全，同意。")
    supervisor.get_by_role("button", name="批量审核通过").click()
    expect(supervisor.get_by_role("alert")).to_contain_text("已审核通过 2 份报告")

    # The department asks for more time on one of its tasks; the supervisor grants it.
    task, due = _task_with_a_date_to_extend()
    staff.goto(f"{url}/tasks/{task.pk}/")
    form = staff.get_by_test_id("extension-form")
    if not form.is_visible():
        staff.get_by_text("申请延期").click()
    form.get_by_label("延期的时限").select_option(due.isoformat())
    new_date = due.replace(year=due.year + 1) if due.year < 2027 else due + datetime.timedelta(days=90)
    form.get_by_label("申请延至").fill(new_date.isoformat())
    form.get_by_label("延期理由").fill("需与市级部门协调执法系统对接，原定时限内无法完成。")
    form.get_by_role("button", name="提交延期申请").click()
    expect(staff.get_by_role("alert")).to_contain_text("延期申请已提交")

    supervisor.goto(f"{url}/todo/")
    supervisor.get_by_test_id("todo-extensions").get_by_role("link").first.click()
    expect(supervisor.get_by_test_id("extension-state")).to_have_text("待审批")
    supervisor.get_by_label("审批意见（不予批准时必填）").fill("理由充分，同意延期。")
    supervisor.get_by_role("button", name="批准延期").click()
    expect(supervisor.get_by_role("alert")).to_contain_text("已批准延期")
    moved = supervisor.get_by_test_id("moved-dates")
    expect(moved).to_contain_text(f"{due:%Y-%m-%d} → {new_date:%Y-%m-%d}")
    timeline = supervisor.get_by_test_id("timeline")
    expect(timeline).to_contain_text("批准延期")
    expect(timeline).to_contain_text("理由充分，同意延期。")
    expect(timeline.get_by_test_id("timeline-extension").first).to_contain_text(f"{due:%Y-%m-%d} → {new_date:%Y-%m-%d}")

    # The batched hand-off mails: one per person, with every move in it.
    assert send_handoffs.delay().get() >= 2
    received = [m["To"] for m in smtp_server.messages]
    assert sorted(received) == sorted(set(received)), received
    by_to = {m["To"]: m for m in smtp_server.messages}
    head_mail = by_to["head@baoshan.example.gov.cn"]
    text = next(p.get_content() for p in head_mail.walk() if p.get_content_type() == "text/plain")
    assert text.count("[报告提交待确认]") == 2
    supervisor_mail = by_to["supervisor@baoshan.example.gov.cn"]
    text = next(p.get_content() for p in supervisor_mail.walk() if p.get_content_type() == "text/plain")
    assert text.count("[报告确认待审核]") == 2
    assert send_handoffs.delay().get() == 0  # nothing new, and nobody mailed twice

    # The to-do centre at a phone's width: it fits, nothing scrolls sideways.
    phone = browser_page("head", width=390)
    expect(phone.get_by_test_id("todo-centre")).to_be_visible()
    expect(phone.get_by_test_id("nav-todo-phone")).to_be_visible()  # the count, outside the folded menu
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(tmp_path / "todo-head-390.png"), full_page=True)
    staff.goto(f"{url}/my/")
    staff.screenshot(path=str(tmp_path / "todo-staff-after.png"), full_page=True)
