"""Leak tests by content: private text planted in every kind of it never reaches a page, an export
or an email of someone who may not read it — every URL of the URL table, every role."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.emails import make_message
from tasks.reminders import send_reminders
from tests.security.leak_world import LEAK_ROLES, LeakWorld, readable_text, swept_urls


def _sweep(world: LeakWorld) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Every role GETs every URL of the table; returns the leaks per role and URL, and what each
    role did read (to show the planted text is reachable at all)."""
    urls = sorted(swept_urls(world))
    leaks, seen = {}, {}
    for role in LEAK_ROLES:
        client = Client()
        if world.users[role]:
            client.force_login(world.users[role])
        seen[role] = set()
        for url in urls:
            text = readable_text(client.get(url))
            seen[role] |= {secret for secret in world.secrets if secret in text}
            if found := world.forbidden(role, text):
                leaks[f"{role} GET {url}"] = found
    return leaks, seen


def test_no_page_or_export_shows_private_text_to_anyone_outside_its_readers(db, settings, tmp_path):
    """Drafts, returned work, a head's internal comment, evidence names and draft targets stay with their readers."""
    settings.MEDIA_ROOT = tmp_path
    world = LeakWorld()
    leaks, seen = _sweep(world)
    assert leaks == {}
    # The sweep does reach the planted text: its readers find it on these pages.
    assert {"机密草稿DRAFT01", "内部材料EVID02.pdf", "上传材料EVID03.pdf", "负责人内部意见CMT05"} <= seen["staff"]
    assert {"年度报告草稿ANN17", "履职情况草稿ANN18"} <= seen["head"]
    assert {"目标草稿TGT09", "目标退回意见TGT13", "通过进展ACC06"} <= seen["head"]
    assert "配合部门负责人意见SCMT07" in seen["sstaff"]
    assert "通过进展ACC06" in seen["lead"]
    assert {"约谈事由IVW18", "督办反馈内容NTC19", "反馈佐证EVID20.pdf"} <= seen["staff"]
    assert {"约谈建议理由IVW17", "约谈事由IVW18", "反馈佐证EVID20.pdf"} <= seen["sup"]


def test_no_email_carries_private_text_to_a_department_that_may_not_read_it(
    db, settings, tmp_path, eager_celery, django_capture_on_commit_callbacks
):
    """Reminders and 催办 mails carry nothing their receiving department may not read."""
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        world = LeakWorld()
        send_reminders(world.period.due_date - datetime.timedelta(days=3))
    messages = [*mail.outbox, make_message("test", ["x@example.gov.cn"], {"greeting": "同志"})]
    assert len(mail.outbox) >= 2  # the 催办 and the reminder of the lead department's draft
    readers = {"scjg@example.gov.cn": "staff", "mzj@example.gov.cn": "sstaff", "x@example.gov.cn": "none"}
    leaks = {}
    for message in messages:
        text = "\n".join([message.subject, message.body, *(body for body, _type in message.alternatives)])
        for address in message.to:
            if found := world.forbidden(readers[address], text):
                leaks[f"{message.subject} → {address}"] = found
    assert leaks == {}
    assert any("催办内容URGE14" in m.body for m in mail.outbox)  # the note does reach the lead department


def test_a_leaders_digest_never_shows_department_drafts(
    db, settings, tmp_path, eager_celery, django_capture_on_commit_callbacks
):
    """The weekly digest of a leader following the whole plan — its mail, its page and the
    administrator's preview of it — carries nothing a leader may not read."""
    from django.utils import timezone

    from notifications.models import Robot
    from notifications.robots import render_markdown
    from plans.policy import SYSTEM
    from reports.actions import digest_issue
    from reports.models import DigestScope

    settings.MEDIA_ROOT = tmp_path
    world = LeakWorld()
    leader = world.users["lead"]
    DigestScope.objects.create(user=leader, plan=world.plan)
    Robot.objects.update(is_active=False)  # its markdown is checked below, without a network
    next_week = timezone.localdate() + datetime.timedelta(days=7)  # the week just ended holds every event
    with django_capture_on_commit_callbacks(execute=True):
        digest = digest_issue(actor=SYSTEM, user=leader, today=next_week)
    [message] = mail.outbox
    texts = {"mail": "\n".join([message.subject, message.body, *(body for body, _type in message.alternatives)])}
    client = Client()
    client.force_login(leader)
    texts["page"] = readable_text(client.get(reverse("reports:digest_detail", args=[digest.pk])))
    client.force_login(world.users["admin"])
    preview = client.get(reverse("reports:digest_preview"), {"user": leader.username, "today": next_week.isoformat()})
    texts["preview"] = readable_text(preview)
    texts["robot"] = "\n".join(render_markdown("digest", digest.context))
    assert digest.context["sections"] and all(digest.context["sections"][0]["totals"])
    assert {where: world.forbidden("lead", text) for where, text in texts.items()} == {
        "mail": [],
        "page": [],
        "preview": [],
        "robot": [],
    }
