"""Celery tasks of the tasks app: thin, they take plain values and call domain code."""

import datetime

from celery import shared_task
from django.utils import timezone

from tasks.reminders import send_reminders


@shared_task(name="tasks.send_daily_reminders")
def send_daily_reminders(today: str | None = None) -> int:
    """The daily 催办 run (celery beat); ``today`` (ISO date) lets tests and catch-up runs choose the day."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return send_reminders(day)
