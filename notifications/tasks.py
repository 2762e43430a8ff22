"""Celery tasks of the notifications app: thin wrappers that take ids and call the email helper."""

import smtplib

from celery import shared_task
from django.contrib.auth import get_user_model

from notifications import emails
from plans.models import Department


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_email(self, name: str, context: dict, *, department_id: int | None = None, user_id: int | None = None):
    """Send one email in the background; SMTP trouble is retried with back-off."""
    department = Department.objects.get(pk=department_id) if department_id else None
    user = get_user_model().objects.get(pk=user_id) if user_id else None
    try:
        return emails.send(name, context, department=department, user=user)
    except (smtplib.SMTPException, OSError) as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
