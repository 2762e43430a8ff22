"""Celery tasks of reports: thin, they take ids and call reports.actions."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.utils import timezone

from plans.policy import SYSTEM
from reports import actions
from reports.annual_reminders import send_annual_reminders as remind_annual
from reports.digest import readers
from reports.models import MidtermEvaluation


@shared_task(name="reports.generate_midterm", acks_late=True)
def generate_midterm(evaluation_id: int, *, final: bool = False, user_id: int | None = None) -> str:
    """Render an edition's draft, or finalize it for ``user_id`` (the system when None)."""
    try:
        if final:
            actor = get_user_model().objects.get(pk=user_id) if user_id else SYSTEM
            evaluation = MidtermEvaluation.objects.get(pk=evaluation_id)
            evaluation = actions.midterm_finalize(actor=actor, evaluation=evaluation)
        else:
            evaluation = actions.midterm_generate_draft(evaluation_id=evaluation_id)
    except Exception as exc:
        actions.report_progress(evaluation_id, MidtermEvaluation.Stage.FAILED, "生成失败", 0, error=str(exc)[:500])
        raise
    return evaluation.pdf_sha256


@shared_task(name="reports.send_weekly_digests")
def send_weekly_digests(today: str | None = None) -> int:
    """The Monday 08:00 fan-out (celery beat): one task per reader; ``today`` (ISO date) lets tests
    and catch-up runs choose the week. Running it twice sends nothing twice (digest_issue's key)."""
    day = today or timezone.localdate().isoformat()
    user_ids = [user.pk for user in readers()]
    for user_id in user_ids:
        send_digest.delay(user_id, day)
    return len(user_ids)


@shared_task(name="reports.send_digest", bind=True, max_retries=5, acks_late=True)
def send_digest(self, user_id: int, today: str) -> bool:
    """Render and claim one reader's digest; its mail is sent (and retried) by notifications.deliver."""
    user = get_user_model().objects.get(pk=user_id)
    try:
        return actions.digest_issue(actor=SYSTEM, user=user, today=datetime.date.fromisoformat(today)) is not None
    except OperationalError as exc:  # a locked or restarting database
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc


@shared_task(name="reports.send_annual_reminders", acks_late=True)
def send_annual_reminders(today: str | None = None) -> int:
    """The daily annual-report 催办 (celery beat, with the daily 督办 run): from 1 March, once per
    department and stage (the delivery key)."""
    return remind_annual(datetime.date.fromisoformat(today) if today else timezone.localdate())


@shared_task(name="reports.send_handoffs")
def send_handoffs(now: str | None = None) -> int:
    """The batched hand-off messages (celery beat, every few minutes): one message per person with
    the moves noted since their last one, at most one per window; ``now`` (ISO time) for tests."""
    from reports.handoff import send_due_handoffs

    moment = datetime.datetime.fromisoformat(now) if now else None
    return send_due_handoffs(actor=SYSTEM, now=moment)
