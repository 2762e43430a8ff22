"""Claim a message by its key, then send it; the Celery task in notifications.tasks retries."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.emails import make_message
from notifications.models import Delivery


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


def send_claimed(delivery_id: int) -> bool:
    """Send one claimed message unless it went already; SMTP errors propagate to the caller's retry."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status == Delivery.Status.SENT:
            return False
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    try:
        make_message(delivery.template, delivery.recipients, delivery.context).send()
    except Exception as exc:
        Delivery.objects.filter(pk=delivery_id).update(last_error=f"{exc.__class__.__name__}: {exc}"[:2000])
        raise
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    return True


def stale_pending(*, older_than_minutes: int) -> list[int]:
    """Claimed messages that never went out (their queue message was lost, or a worker died
    between the claim and the send): to be queued again."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    return list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, created_at__lt=cutoff).values_list("pk", flat=True)
    )


def mark_failed(delivery_id: int) -> None:
    delivery = Delivery.objects.get(pk=delivery_id)
    delivery.status = Delivery.Status.FAILED
    delivery.save(update_fields=["status"])
