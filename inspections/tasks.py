"""Celery tasks of 督察 and 督办: thin, they take plain values and call domain code."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from inspections.escalation import escalate


@shared_task(name="inspections.run_daily_escalation", acks_late=True)
def run_daily_escalation(today: str | None = None) -> dict:
    """The daily 督办 run (celery beat), which includes the 催办 reminder as its first rung;
    ``today`` (ISO date) lets tests and catch-up runs choose the day. Safe to run again or retry:
    every rung is a unique record."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return escalate(day).as_dict()
