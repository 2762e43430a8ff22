"""manage.py run_escalation: the daily 督办 run for a chosen day, as the system, with --dry-run and --json."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inspections.models import EscalationStep, SupervisionNotice
from plans.models import Event
from tests.inspections.escalation_scenario import make_plan


def run(*args) -> str:
    out = StringIO()
    call_command("run_escalation", *args, stdout=out)
    return out.getvalue()


def test_json_lists_what_was_issued_and_counts(actors, eager_celery):
    """--json prints what was issued and the counts per rung; a second run issues nothing."""
    make_plan(actors)
    payload = json.loads(run("--today", "2024-04-11", "--json"))
    assert payload["counts"]["blue"] == 2 and payload["counts"]["reminder"] == 0
    assert {i["notice"] for i in payload["issued"]} == {"宝法督〔2024〕1号", "宝法督〔2024〕2号"}
    assert json.loads(run("--today", "2024-04-11", "--json"))["issued"] == []
    event = Event.objects.filter(verb="escalation.raise").first()
    assert event.actor is None and event.actor_name == Event.SYSTEM_NAME


def test_dry_run_writes_nothing(actors, eager_celery):
    """--dry-run says what would be issued and writes nothing."""
    make_plan(actors)
    out = run("--today", "2024-05-20", "--dry-run")
    assert "将下发 2 项" in out and "红色督办单" in out
    assert not EscalationStep.objects.exists() and not SupervisionNotice.objects.exists()


def test_a_malformed_day_is_an_error(actors):
    """A day that is not YYYY-MM-DD is refused."""
    with pytest.raises(CommandError):
        run("--today", "2024/04/11")
