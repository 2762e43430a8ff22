"""Celery tasks of the notifications app: thin wrappers that take ids and call the helpers."""

import smtplib

from celery import shared_task
from django.contrib.auth import get_user_model

from notifications import emails
from notifications.actions import delivery_fail, delivery_send, stale_pending
from plans.models import Department
from plans.policy import SYSTEM

TRANSIENT = (smtplib.SMTPException, OSError)


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_email(self, name: str, context: dict, *, department_id: int | None = None, user_id: int | None = None):
    """Send one email in the background; SMTP trouble is retried with back-off."""
    department = Department.objects.get(pk=department_id) if department_id else None
    user = get_user_model().objects.get(pk=user_id) if user_id else None
    try:
        return emails.send(name, context, department=department, user=user)
    except TRANSIENT as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc


@shared_task(bind=True, max_retries=6, acks_late=True)
def deliver(self, delivery_id: int) -> bool:
    """Send a claimed Delivery; idempotent (a sent one is not sent again), retried on SMTP errors."""
    try:
        return delivery_send(actor=SYSTEM, delivery_id=delivery_id)
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            delivery_fail(actor=SYSTEM, delivery_id=delivery_id)
            raise
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
    except Exception as exc:
        # A broken template or context will not mend itself: stop, and say why.
        delivery_fail(actor=SYSTEM, delivery_id=delivery_id, error=f"{exc.__class__.__name__}: {exc}")
        raise


@shared_task(name="notifications.requeue_stale_deliveries")
def requeue_stale_deliveries(older_than_minutes: int = 15) -> int:
    """Queue again what was claimed but never sent; sending is idempotent, so a message that is
    merely slow is not sent twice."""
    ids = stale_pending(older_than_minutes=older_than_minutes)
    for delivery_id in ids:
        deliver.delay(delivery_id)
    return len(ids)
