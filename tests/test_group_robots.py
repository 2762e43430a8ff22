"""Group robots (群机器人): the digest and 催办 reminders reach a 钉钉 robot signed with 加签, and a
企业微信 robot as markdown, exactly once, a server error retried."""

import base64
import datetime
import hashlib
import hmac

import pytest

from notifications.actions import delivery_send
from notifications.models import Delivery, Robot
from notifications.robots import RobotError, dingtalk_sign
from plans.policy import SYSTEM
from reports.actions import digest_issue
from tasks.reminders import send_reminders
from tests.reports.digest_scenario import TODAY, make_digest_scenario
from tests.robot_server import LoopbackRobotServer

SECRET = "SEC0123456789abcdef"


def expected_sign(timestamp: str) -> str:
    digest = hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def test_the_dingtalk_signature_is_the_documented_one():
    """加签: base64 of HMAC-SHA256 over "timestamp\\nsecret", URL-encoded."""
    raw = base64.b64encode(hmac.new(b"SECxyz", b"1700000000000\nSECxyz", hashlib.sha256).digest()).decode()
    assert dingtalk_sign("SECxyz", 1700000000000) == raw.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")


def test_a_leaders_dingtalk_robot_gets_the_signed_digest_after_a_500(actors, django_capture_on_commit_callbacks):
    """A real HTTP server on loopback plays the 钉钉 robot: the first post gets a 500 and is put back
    with the error; the retry is signed and carries the digest as markdown; nothing goes twice."""
    s = make_digest_scenario(actors)
    leader = s.readers["whole"]
    with LoopbackRobotServer() as server:
        robot = Robot.objects.create(
            kind=Robot.Kind.DINGTALK, name="区领导群", webhook=server.url(), secret=SECRET, user=leader
        )
        with django_capture_on_commit_callbacks(execute=False):
            digest_issue(actor=SYSTEM, user=leader, today=TODAY)
            assert digest_issue(actor=SYSTEM, user=leader, today=TODAY) is None
        to_robot = Delivery.objects.get(robot=robot)
        server.fail_next = 1
        with pytest.raises(RobotError):
            delivery_send(actor=SYSTEM, delivery_id=to_robot.pk)
        to_robot.refresh_from_db()
        assert to_robot.status == "pending" and "500" in to_robot.last_error
        assert delivery_send(actor=SYSTEM, delivery_id=to_robot.pk) is True
        assert delivery_send(actor=SYSTEM, delivery_id=to_robot.pk) is False  # sent already
    [request] = server.requests
    assert request["path"] == "/robot/send" and request["query"]["access_token"] == ["token123"]
    [timestamp], [sign] = request["query"]["timestamp"], request["query"]["sign"]
    assert abs(int(timestamp) / 1000 - datetime.datetime.now().timestamp()) < 60
    assert sign == expected_sign(timestamp)
    body = request["json"]
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "督办周报第1期（截至2024年7月14日）"
    assert "### 督办周报第1期" in body["markdown"]["text"] and "需要领导协调" in body["markdown"]["text"]
    to_robot.refresh_from_db()
    assert to_robot.status == "sent" and to_robot.attempts == 2


def test_a_departments_wecom_robot_gets_the_reminders(actors, eager_celery, django_capture_on_commit_callbacks):
    """A department's 企业微信 robot gets its 催办 reminders as markdown, once."""
    from tests.tasks.test_reminders import TODAY as REMINDER_DAY
    from tests.tasks.test_reminders import make_scenario

    make_scenario(actors)
    with LoopbackRobotServer() as server:
        Robot.objects.create(
            kind=Robot.Kind.WECOM,
            name="司法局群",
            webhook=server.url("/cgi-bin/webhook/send?key=k"),
            department=actors.justice,
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders(REMINDER_DAY) == 4  # two mails and the same two to the robot
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders(REMINDER_DAY) == 0
    assert len(server.requests) == 2
    texts = sorted(r["json"]["markdown"]["content"] for r in server.requests)
    assert all(r["json"]["msgtype"] == "markdown" for r in server.requests)
    assert "出台复议规则" in texts[0] and "已于" in "".join(texts) and "sign" not in server.requests[0]["query"]


def test_the_secret_is_never_shown_again(client, actors):
    """An administrator saves a 钉钉 robot's secret; the edit page never shows it, and saving
    again with the field left empty keeps it."""
    client.force_login(actors.admin)
    data = {"kind": "dingtalk", "name": "区领导群", "webhook": "https://oapi.dingtalk.com/robot/send?access_token=t"}
    response = client.post(
        "/admin/notifications/robot/add/",
        {**data, "secret": "SECtopsecret", "user": actors.leader.pk, "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    robot = Robot.objects.get()
    assert robot.secret == "SECtopsecret"
    page = client.get(f"/admin/notifications/robot/{robot.pk}/change/").content.decode()
    assert "SECtopsecret" not in page
    client.post(
        f"/admin/notifications/robot/{robot.pk}/change/",
        {**data, "secret": "", "user": actors.leader.pk, "is_active": "on"},
    )
    robot.refresh_from_db()
    assert robot.secret == "SECtopsecret"
    assert "SECtopsecret" not in client.get(f"/admin/notifications/robot/{robot.pk}/history/").content.decode()


@pytest.mark.redis
def test_the_real_worker_retries_a_robot_after_a_500(live_actors, celery_worker_process, smtp_server):
    """Through the real worker: the robot answers 500 once; the retry reaches it, once."""
    from reports.tasks import send_weekly_digests
    from tests.tasks.test_reminders import deliveries_settled, wait_for

    s = make_digest_scenario(live_actors)
    with LoopbackRobotServer() as server:
        Robot.objects.create(
            kind=Robot.Kind.DINGTALK, name="区领导群", webhook=server.url(), secret=SECRET, user=s.readers["whole"]
        )
        server.fail_next = 1
        assert send_weekly_digests.delay(TODAY.isoformat()).get(timeout=30) == 5
        assert wait_for(lambda: deliveries_settled(count=6), timeout=60)
        assert len(server.requests) == 1
    [request] = server.requests
    assert request["query"]["sign"] == [expected_sign(request["query"]["timestamp"][0])]
    assert Delivery.objects.get(robot__isnull=False).attempts == 2
    assert len(smtp_server.messages) == 5


def test_a_leader_adds_a_robot_and_never_sees_its_secret_again(client, actors):
    """A read-only leader adds their own 钉钉 robot (one event); the page says only 已设置; they stop it."""
    from plans.models import Event

    client.force_login(actors.leader)
    response = client.post(
        "/digest/robots/",
        {
            "kind": "dingtalk",
            "name": "领导群",
            "webhook": "https://oapi.dingtalk.com/robot/send?access_token=t",
            "secret": "SECleader",
        },
    )
    assert response.status_code == 302
    robot = Robot.objects.get()
    assert robot.user == actors.leader and robot.secret == "SECleader"
    page = client.get("/digest/robots/").content.decode()
    assert "领导群" in page and "已设置" in page and "SECleader" not in page
    assert Event.objects.get(verb="robot.add").actor == actors.leader
    client.post(f"/digest/robots/{robot.pk}/remove/")
    robot.refresh_from_db()
    assert not robot.is_active
    client.force_login(actors.market_head)
    client.post(
        "/digest/robots/", {"kind": "wecom", "name": "部门群", "webhook": "https://qyapi.weixin.qq.com/x?key=1"}
    )
    assert Robot.objects.get(name="部门群").department == actors.market


def test_a_supervisors_urge_reaches_the_lead_departments_robot(
    actors, eager_celery, django_capture_on_commit_callbacks
):
    """A manual 催办 goes to the lead department's group robot as well as its mailbox, once each."""
    from plans.models import Plan
    from tasks.actions import task_urge
    from tasks.models import Assignment, Task

    plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025)
    task = Task.objects.create(plan=plan, code="1", title="推进复议体制改革", position=1)
    Assignment.objects.create(task=task, department=actors.market, role=Assignment.Role.LEAD)
    with LoopbackRobotServer() as server:
        Robot.objects.create(
            kind=Robot.Kind.WECOM, name="市场监管群", webhook=server.url("/send?key=k"), department=actors.market
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert task_urge(actor=actors.supervisor, task=task, note="请于本周内报送") == 2
    assert len(server.requests) == 1
    text = server.requests[0]["json"]["markdown"]["content"]
    assert "催办" in text and "请于本周内报送" in text and "推进复议体制改革" in text
