"""Hand-off messages (流转提醒): who must act next is told, batched.

Driven by the event log: once a move commits (``plans.events.event_recorded``), ``queue_handoff``
notes it for each person whose turn it now is — a submission for the department's head, a
confirmation for the supervisors, a return for the department's staff — unless their own setting
for that kind (``DigestSettings.handoff_*``) is 不通知. A beat job (``reports.send_handoffs``,
every few minutes) then sends each person one message with every move noted since their last
one, and at most one message per person per ``HANDOFF_WINDOW``: moves that come meanwhile wait
for the next run after the window. Each message is a Delivery (exactly once, retried by
``notifications``); by e-mail or to the group robots (a head's are the department's, anyone
else's their own), as the person chose.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from notifications.actions import delivery_claim
from notifications.models import Robot
from notifications.tasks import deliver
from plans import events
from plans.models import Event
from plans.policy import actor_for, department_heads, department_staff, require, work_reviewers
from reports.models import DigestSettings, HandoffChannel, HandoffItem

HANDOFF_WINDOW = datetime.timedelta(minutes=15)
# A move recorded with a clock in the past (the demo, history written afterwards) hands nothing off.
RECENT = datetime.timedelta(hours=1)

# The moves that hand work to someone, and the kind (and setting) each one is.
HANDOFF_VERBS = {
    "report.submit": HandoffItem.Kind.SUBMITTED,
    "target.submit": HandoffItem.Kind.SUBMITTED,
    "report.confirm": HandoffItem.Kind.CONFIRMED,
    "target.confirm": HandoffItem.Kind.CONFIRMED,
    "report.return": HandoffItem.Kind.RETURNED,
    "target.return": HandoffItem.Kind.RETURNED,
    "report.reopen": HandoffItem.Kind.RETURNED,
    "target.reopen": HandoffItem.Kind.RETURNED,
}
SETTING_OF = {
    HandoffItem.Kind.SUBMITTED: "handoff_submitted",
    HandoffItem.Kind.CONFIRMED: "handoff_confirmed",
    HandoffItem.Kind.RETURNED: "handoff_returned",
}
WHAT = {
    "report": "进展报告",
    "target": "年度目标",
}


def kinds_for(user) -> list[str]:
    """The hand-off kinds that can ever reach ``user`` (what the settings page offers): a head is
    handed submissions, a supervisor confirmations, a 填报员 returns; a leader none."""
    actor = actor_for(user)
    reaches = {
        HandoffItem.Kind.SUBMITTED: actor.is_head,
        HandoffItem.Kind.CONFIRMED: actor.reviews_work,
        HandoffItem.Kind.RETURNED: actor.is_staff_member,
    }
    return [kind for kind, _label in HandoffItem.Kind.choices if reaches[kind]]


def recipients(event: Event, kind: str):
    """Whose turn it is after the move: active accounts, never the one who moved."""
    users = get_user_model().objects.filter(is_active=True)
    if kind == HandoffItem.Kind.SUBMITTED:
        chosen = department_heads(users.filter(membership__department_id=event.department_id))
    elif kind == HandoffItem.Kind.CONFIRMED:
        chosen = work_reviewers(users, department_id=event.department_id)
    else:
        chosen = department_staff(users, event.department_id)
    if event.actor_id:
        chosen = chosen.exclude(pk=event.actor_id)
    return chosen.distinct().order_by("pk")


def queue_handoff(event: Event) -> int:
    """Note the move for everyone whose turn it now is (the receiver of ``event_recorded``);
    returns how many were noted. Noting is idempotent per person and event."""
    kind = HANDOFF_VERBS.get(event.verb)
    if kind is None or event.department_id is None or timezone.now() - event.occurred_at > RECENT:
        return 0
    people = list(recipients(event, kind))
    chosen = {row.user_id: getattr(row, SETTING_OF[kind]) for row in DigestSettings.objects.filter(user__in=people)}
    items = [
        HandoffItem(user=user, kind=kind, channel=chosen.get(user.pk, HandoffChannel.EMAIL), event=event)
        for user in people
        if chosen.get(user.pk, HandoffChannel.EMAIL) != HandoffChannel.NONE
    ]
    HandoffItem.objects.bulk_create(items, ignore_conflicts=True)
    return len(items)


def _move_line(item: HandoffItem) -> dict:
    event = item.event
    noun = WHAT.get(event.verb.split(".")[0], "")
    when = timezone.localtime(event.occurred_at)
    subject = event.data.get("period") or (f"{event.data['year']}年" if event.data.get("year") else "")
    task_id = event.ref.split(":", 1)[1] if event.ref.startswith("task:") else ""
    url = settings.SITE_URL.rstrip("/") + (reverse("tasks:task_detail", args=[task_id]) if task_id else "/todo/")
    return {
        "kind": item.get_kind_display(),
        "what": f"任务{event.data.get('task', '')} {subject}{noun}",
        "department": event.department.name if event.department_id else "",
        "actor": event.actor_name,
        "when": f"{when:%Y-%m-%d %H:%M}",
        "comment": event.comment,
        "url": url,
    }


def _robots_for(user) -> list[Robot]:
    actor = actor_for(user)
    if actor.robots_belong_to_department and actor.department_id:
        return list(Robot.objects.filter(department_id=actor.department_id, is_active=True))
    return list(Robot.objects.filter(user=user, is_active=True))


def send_due_handoffs(*, actor, now: datetime.datetime | None = None) -> int:
    """Send every person whose window is open one message of their waiting moves; returns the
    number of people sent to. Safe to run twice at once: the moves are locked and marked in the
    transaction that claims the delivery."""
    require(actor, "send", HandoffItem, "仅系统可以发送流转提醒。")
    now = now or timezone.now()
    waiting = HandoffItem.objects.filter(sent_at__isnull=True).values_list("user_id", flat=True).distinct()
    sent = 0
    for user_id in sorted(set(waiting)):
        if _send_one(actor=actor, user_id=user_id, now=now):
            sent += 1
    return sent


@transaction.atomic
def _send_one(*, actor, user_id: int, now: datetime.datetime) -> bool:
    last = HandoffItem.objects.filter(user_id=user_id, sent_at__isnull=False).aggregate(last=Max("sent_at"))["last"]
    if last is not None and now - last < HANDOFF_WINDOW:
        return False  # told less than a window ago: the moves wait for the next run
    items = list(
        HandoffItem.objects.select_for_update(of=("self",))
        .filter(user_id=user_id, sent_at__isnull=True)
        .select_related("user", "event__department")
        .order_by("created_at", "pk")
    )
    if not items:
        return False
    user = items[0].user
    key = f"handoff:{user_id}:{items[0].pk}"
    by_channel = defaultdict(list)
    for item in items:
        by_channel[item.channel].append(item)
    queued = []
    for channel, chosen in by_channel.items():
        context = {
            "name": user.get_full_name() or user.username,
            "count": len(chosen),
            "moves": [_move_line(item) for item in chosen],
            "todo_url": settings.SITE_URL.rstrip("/") + reverse("reports:todo"),
            "settings_url": settings.SITE_URL.rstrip("/") + reverse("reports:notification_settings"),
        }
        if channel == HandoffChannel.EMAIL and user.email:
            delivery = delivery_claim(
                actor=actor,
                key=key,
                template="handoff",
                context=context,
                recipients=[user.email],
                ref=f"handoff:{user_id}",
            )
            if delivery is not None:
                queued.append(delivery.pk)
        elif channel == HandoffChannel.ROBOT:
            for robot in _robots_for(user):
                delivery = delivery_claim(
                    actor=actor,
                    key=f"{key}:robot:{robot.pk}",
                    template="handoff",
                    context=context,
                    recipients=[],
                    ref=f"handoff:{user_id}",
                    robot=robot,
                )
                if delivery is not None:
                    queued.append(delivery.pk)
    HandoffItem.objects.filter(pk__in=[item.pk for item in items]).update(sent_at=now, delivery_key=key)
    events.record(
        actor=actor,
        verb="handoff.send",
        subject=items[0],
        audience=Event.Audience.OVERSIGHT,
        ref=f"handoff:{user_id}",
        data={"moves": len(items), "deliveries": queued},
        occurred_at=now,
    )
    transaction.on_commit(lambda: [deliver.delay(pk) for pk in queued])
    return True
