"""The actions on outgoing messages: claim one by its key, then send it; the Celery task in
notifications.tasks retries. Each state change is a save (so it is in the history) and writes one
event; only the system actor sends (beat jobs and their retries).

Sending takes a lease on the row (status "sending" until a time), so that a retry, the sweeper
and a slow first attempt never send the same message at once; a lease that runs out (a worker
died mid-send) lets the sweeper try again.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from notifications import attachments, robots
from notifications.emails import make_message
from notifications.models import Delivery, Robot
from plans import events
from plans.models import Event
from plans.policy import actor_for, can, require


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)


MAX_ATTEMPTS = 8


def _record(delivery: Delivery, verb: str, *, actor, from_state: str, comment: str = "") -> None:
    events.record(
        actor=actor,
        verb=verb,
        subject=delivery,
        audience=Event.Audience.OVERSIGHT,
        from_state=from_state,
        to_state=delivery.status,
        comment=comment,
        department=delivery.department_id,
        ref=delivery.ref,
        data={"template": delivery.template, "recipients": delivery.recipients}
        | ({"robot": delivery.robot_id} if delivery.robot_id else {}),
    )


def delivery_claim(
    *,
    actor,
    key: str,
    template: str,
    context: dict,
    recipients: list[str],
    department=None,
    ref: str = "",
    robot=None,
    files: list[dict] | None = None,
) -> Delivery | None:
    """Insert the delivery row; None when the key was already claimed (by this or another process).
    ``actor`` is the user who asked for it (a manual 催办) or the system actor (a reminder).
    ``files`` name the attachments rendered at send time (notifications.attachments); robots get
    the text only."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                key=key[:200],
                template=template,
                context=context,
                recipients=sorted(set(recipients)),
                department=department,
                ref=ref,
                robot=robot,
                attachments=list(files or []) if robot is None else [],
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            _record(delivery, "delivery.queue", actor=actor, from_state="")
            return delivery
    except IntegrityError:
        return None


def _take_lease(delivery_id: int) -> Delivery | None:
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        busy = delivery.status == Delivery.Status.SENDING and delivery.lease_until and delivery.lease_until > now
        if delivery.status in {Delivery.Status.SENT, Delivery.Status.FAILED} or busy:
            return None
        delivery.status = Delivery.Status.SENDING
        delivery.lease_until = now + _lease()
        delivery.attempts += 1
        delivery.save(update_fields=["status", "lease_until", "attempts"])
    return delivery


def delivery_send(*, actor, delivery_id: int) -> bool:
    """Send one claimed message unless it went already or is being sent. A failure puts it back
    to pending with the error (and propagates, for the caller's retry)."""
    delivery = Delivery.objects.get(pk=delivery_id)
    if not can(actor, "send", delivery):
        raise PermissionDenied("只有系统可以发送消息。")
    delivery = _take_lease(delivery_id)
    if delivery is None:
        return False
    try:
        if delivery.robot_id:
            robots.post(delivery.robot, delivery.template, delivery.context)
        else:
            files = attachments.render(delivery.attachments)
            make_message(delivery.template, delivery.recipients, delivery.context, files).send()
    except Exception as exc:
        with transaction.atomic():
            delivery.status = Delivery.Status.PENDING
            delivery.lease_until = None
            delivery.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            delivery.save(update_fields=["status", "lease_until", "last_error"])
            _record(
                delivery, "delivery.retry", actor=actor, from_state=Delivery.Status.SENDING, comment=delivery.last_error
            )
        raise
    with transaction.atomic():
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.lease_until = None
        delivery.save(update_fields=["status", "sent_at", "lease_until"])
        _record(delivery, "delivery.sent", actor=actor, from_state=Delivery.Status.SENDING)
    return True


@transaction.atomic
def delivery_fail(*, actor, delivery_id: int, error: str = "") -> None:
    """Give up on a message: it will not be sent again (a broken template, or retries exhausted)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if not can(actor, "send", delivery):
        raise PermissionDenied("只有系统可以发送消息。")
    previous = delivery.status
    delivery.status = Delivery.Status.FAILED
    delivery.lease_until = None
    if error:
        delivery.last_error = error[:2000]
    delivery.save(update_fields=["status", "lease_until", "last_error"])
    _record(delivery, "delivery.fail", actor=actor, from_state=previous, comment=delivery.last_error)


def stale_pending(*, older_than_minutes: int) -> list[int]:
    """Claimed messages that never went out (their queue message was lost, or a worker died
    mid-send), within their attempt budget: to be queued again."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(minutes=older_than_minutes)
    waiting = Q(status=Delivery.Status.PENDING) | Q(status=Delivery.Status.SENDING, lease_until__lt=now)
    return list(
        Delivery.objects.filter(waiting, created_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)
    )


@transaction.atomic
def robot_add(*, actor, kind: str, name: str, webhook: str, secret: str = "") -> Robot:
    """Add a group robot: a leader's own, or (a head's) their department's. The secret is stored
    and never written to the history or the event."""
    require(actor, "create", Robot, "只有区领导和各部门负责同志可以添加群机器人。")
    who = actor_for(actor)
    robot = Robot(kind=kind, name=name, webhook=webhook, secret=secret)
    if not who.robots_belong_to_department:
        robot.user = actor
    else:
        robot.department_id = who.department_id
    robot.full_clean()
    events.stamp(robot, actor=actor, now=None)
    robot.save()
    events.record(
        actor=actor,
        verb="robot.add",
        subject=robot,
        audience=Event.Audience.OVERSIGHT,
        to_state="active",
        department=robot.department_id,
        ref=f"robot:{robot.pk}",
        data={"kind": kind, "name": name},
    )
    return robot


@transaction.atomic
def robot_remove(*, actor, robot: Robot) -> None:
    """Stop sending to a robot (kept, inactive, for the record of what it was sent)."""
    require(actor, "edit", robot, "您不能修改这个群机器人。")
    robot.is_active = False
    events.stamp(robot, actor=actor, now=None)
    robot.save(update_fields=["is_active"])
    events.record(
        actor=actor,
        verb="robot.remove",
        subject=robot,
        audience=Event.Audience.OVERSIGHT,
        from_state="active",
        to_state="inactive",
        department=robot.department_id,
        ref=f"robot:{robot.pk}",
    )
