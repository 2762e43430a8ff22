"""/healthz: is the database answering, is the broker reachable."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not healthy", reported, never raised
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:  # an unreachable broker is reported as such
        return f"error: {exc.__class__.__name__}"
    return "ok"


@login_not_required
@require_GET
def healthz(request):
    status = {"database": _database_status(), "broker": _broker_status()}
    healthy = status["database"] == "ok" and status["broker"] in {"ok", "eager"}
    return JsonResponse({"status": "ok" if healthy else "error", **status}, status=200 if healthy else 503)
