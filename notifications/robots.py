"""Group robots (群机器人): a message rendered as markdown from ``robots/<name>.md`` and posted to a
企业微信 or 钉钉 webhook. 钉钉 robots with 加签 get ``timestamp`` and ``sign`` (base64 HMAC-SHA256
of "timestamp\\nsecret" keyed by the secret) added to the URL.

A failure raises RobotError (an OSError, as SMTP trouble is), so notifications.tasks.deliver
retries it with back-off, exactly like a refused mail."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote_plus

from notifications.emails import render_text
from notifications.models import Robot

TIMEOUT_SECONDS = 10


class RobotError(OSError):
    """The robot's server refused or could not be reached; worth trying again."""


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉's 加签: base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def render_markdown(name: str, context: dict) -> tuple[str, str]:
    """(title, markdown) of message ``name``: the title is its email subject."""
    context = {"site_name": "督办", **context}
    title = " ".join(render_text(f"emails/{name}-subject.txt", context).split())
    return title, render_text(f"robots/{name}.md", context).strip()


def payload(robot: Robot, title: str, text: str) -> dict:
    if robot.kind == Robot.Kind.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def url_for(robot: Robot, *, now_ms: int | None = None) -> str:
    if robot.kind != Robot.Kind.DINGTALK:
        return robot.webhook
    timestamp = now_ms if now_ms is not None else int(time.time() * 1000)
    joiner = "&" if "?" in robot.webhook else "?"
    return f"{robot.webhook}{joiner}timestamp={timestamp}&sign={dingtalk_sign(robot.secret, timestamp)}"


def post(robot: Robot, name: str, context: dict) -> None:
    """Send message ``name`` to ``robot``; RobotError when it was not accepted."""
    title, text = render_markdown(name, context)
    body = json.dumps(payload(robot, title, text), ensure_ascii=False).encode()
    request = urllib.request.Request(
        url_for(robot), data=body, headers={"Content-Type": "application/json; charset=utf-8"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = response.read()
    except urllib.error.URLError as exc:
        raise RobotError(f"群机器人请求失败：{exc}") from exc
    try:
        result = json.loads(answer or b"{}")
    except ValueError as exc:
        raise RobotError(f"群机器人返回无法识别：{answer[:200]!r}") from exc
    # Both services answer 200 with an error code of their own when they refuse a message.
    if result.get("errcode", 0) != 0:
        raise RobotError(f"群机器人拒绝消息：{result.get('errcode')} {result.get('errmsg', '')}")
