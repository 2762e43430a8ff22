"""Celery tasks of reports: thin, they take ids and call reports.actions."""

from celery import shared_task
from django.contrib.auth import get_user_model

from plans.policy import SYSTEM
from reports import actions
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
