"""Hand-off mails (流转提醒) through a real SMTP server on loopback: whoever's turn it is gets one
message with every move since their last one, and at most one message per 15 minutes."""

import datetime

import pytest
from django.utils import timezone

from reports.actions import handoff_settings_set
from reports.models import HandoffItem
from reports.tasks import send_handoffs
from tasks import actions
from tasks.models import Assignment, Task
from tasks.progress import generate_periods


@pytest.fixture
def mail_to_smtp(settings, smtp_server, eager_celery):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return smtp_server


def _plan(actors):
    from plans.models import Plan

    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    generate_periods(plan)
    tasks = []
    for n in (1, 2):
        task = Task.objects.create(plan=plan, code=str(n), title=f"任务{n}", position=n)
        Assignment.objects.create(task=task, department=actors.market, role="lead")
        tasks.append(task)
    return plan, tasks


def _submit(actors, task, period, text):
    report = actions.report_save(
        actor=actors.market_staff, task=task, period=period, data={"narrative": text}, version=None
    )
    return actions.report_submit(actor=actors.market_staff, report=report)


def bodies(message) -> str:
    """The plain-text part of a received message."""
    return next(part.get_content() for part in message.walk() if part.get_content_type() == "text/plain")


def test_each_person_gets_one_mail_with_all_their_moves(actors, mail_to_smtp, django_capture_on_commit_callbacks):
    """Two submissions reach the head in one mail; the head's confirmations reach the supervisor in
    one mail; a return reaches the staff. A move within 15 minutes of a person's last mail waits."""
    plan, (task1, task2) = _plan(actors)
    period = plan.periods.first()
    with django_capture_on_commit_callbacks(execute=True):
        r1 = _submit(actors, task1, period, "第一项进展")
        r2 = _submit(actors, task2, period, "第二项进展")
    assert HandoffItem.objects.filter(user=actors.market_head).count() == 2

    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_handoffs.delay(now.isoformat()).get() == 1
    assert [m["To"] for m in mail_to_smtp.messages] == ["carol@baoshan.example.gov.cn"]
    text = bodies(mail_to_smtp.messages[0])
    assert "报告提交待确认" in text and "任务1" in text and "任务2" in text
    assert str(mail_to_smtp.messages[0]["Subject"]).strip() == "【督办】2 项报告流转待您处理"

    # The head confirms both, and returns nothing yet: the supervisor is told once, of both.
    with django_capture_on_commit_callbacks(execute=True):
        r1 = actions.report_confirm(actor=actors.market_head, report=r1)
        r2 = actions.report_confirm(actor=actors.market_head, report=r2)
    with django_capture_on_commit_callbacks(execute=True):
        send_handoffs.delay((now + datetime.timedelta(minutes=5)).isoformat()).get()
    to_supervisor = [m for m in mail_to_smtp.messages if m["To"] == "dave@baoshan.example.gov.cn"]
    assert len(to_supervisor) == 1 and bodies(to_supervisor[0]).count("报告确认待审核") == 2

    # The supervisor returns one: the staff member hears of it.
    with django_capture_on_commit_callbacks(execute=True):
        r1 = actions.report_return(actor=actors.supervisor, report=r1, comment="请补充数据")
    with django_capture_on_commit_callbacks(execute=True):
        send_handoffs.delay((now + datetime.timedelta(minutes=6)).isoformat()).get()
    to_staff = [m for m in mail_to_smtp.messages if m["To"] == "bob@baoshan.example.gov.cn"]
    assert len(to_staff) == 1 and "请补充数据" in bodies(to_staff[0])

    # The staff resubmits at once: the head, mailed 10 minutes ago, waits for the window.
    with django_capture_on_commit_callbacks(execute=True):
        r1 = actions.report_save(
            actor=actors.market_staff, task=task1, period=period, data={"narrative": "补充后"}, version=r1.version
        )
        actions.report_submit(actor=actors.market_staff, report=r1)
    with django_capture_on_commit_callbacks(execute=True):
        send_handoffs.delay((now + datetime.timedelta(minutes=10)).isoformat()).get()
    assert [m["To"] for m in mail_to_smtp.messages].count("carol@baoshan.example.gov.cn") == 1
    with django_capture_on_commit_callbacks(execute=True):
        send_handoffs.delay((now + datetime.timedelta(minutes=16)).isoformat()).get()
    assert [m["To"] for m in mail_to_smtp.messages].count("carol@baoshan.example.gov.cn") == 2
    assert len(mail_to_smtp.messages) == 4  # nobody got a second copy of anything


def test_a_person_who_chose_none_is_not_told(actors, mail_to_smtp, django_capture_on_commit_callbacks):
    """The head switched submissions to 不通知: nothing is noted and nothing sent."""
    handoff_settings_set(actor=actors.market_head, user=actors.market_head, channels={"submitted": "none"})
    plan, (task1, _task2) = _plan(actors)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(actors, task1, plan.periods.first(), "进展")
        send_handoffs.delay(timezone.now().isoformat()).get()
    assert not HandoffItem.objects.exists()
    assert mail_to_smtp.messages == []


def test_moves_recorded_in_the_past_hand_nothing_off(actors, django_capture_on_commit_callbacks):
    """The demo and history written afterwards (a clock in the past) do not flood anyone's inbox."""
    plan, (task1, _task2) = _plan(actors)
    past = timezone.now() - datetime.timedelta(days=400)
    with django_capture_on_commit_callbacks(execute=True):
        report = actions.report_save(
            actor=actors.market_staff, task=task1, period=plan.periods.first(), data={"narrative": "x"}, version=None
        )
        actions.report_submit(actor=actors.market_staff, report=report, now=past)
    assert not HandoffItem.objects.exists()
