"""Claim a message by its key, then send it; the Celery task in notifications.tasks retries.

Sending takes a lease on the row (status "sending" until a time), so that a retry, the sweeper
and a slow first attempt never send the same message at once; a lease that runs out (a worker
died mid-send) lets the sweeper try again.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from notifications.emails import make_message
from notifications.models import Delivery

LEASE = datetime.timedelta(minutes=5)
MAX_ATTEMPTS = 8


def claim(*, key: str, template: str, context: dict, recipients: list[str], department=None, ref: str = "", user=None):
    """Insert the delivery row; None when the key was already claimed (by this or another process)."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                key=key[:200],
                template=template,
                context=context,
                recipients=sorted(set(recipients)),
                department=department,
                ref=ref,
                created_by=user,
            )
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
        delivery.lease_until = now + LEASE
        delivery.attempts += 1
        delivery.save(update_fields=["status", "lease_until", "attempts"])
    return delivery


def send_claimed(delivery_id: int) -> bool:
    """Send one claimed message unless it went already or is being sent; errors propagate to the
    caller's retry after the row is released."""
    delivery = _take_lease(delivery_id)
    if delivery is None:
        return False
    try:
        make_message(delivery.template, delivery.recipients, delivery.context).send()
    except Exception as exc:
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.PENDING, lease_until=None, last_error=f"{exc.__class__.__name__}: {exc}"[:2000]
        )
        raise
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), lease_until=None
    )
    return True


def stale_pending(*, older_than_minutes: int) -> list[int]:
    """Claimed messages that never went out (their queue message was lost, or a worker died
    mid-send), within their attempt budget: to be queued again."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(minutes=older_than_minutes)
    waiting = Q(status=Delivery.Status.PENDING) | Q(status=Delivery.Status.SENDING, lease_until__lt=now)
    return list(
        Delivery.objects.filter(waiting, created_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)
    )


def mark_failed(delivery_id: int, error: str = "") -> None:
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.FAILED, lease_until=None, **({"last_error": error[:2000]} if error else {})
    )
