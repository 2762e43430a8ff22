"""manage.py weekly_digest: a catch-up run for a date, for one leader or all, or a dry run."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import Delivery
from tests.reports.digest_scenario import TODAY, make_digest_scenario


def run(*args):
    out = StringIO()
    call_command("weekly_digest", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_readers_and_sends_nothing(actors, eager_celery):
    """--dry-run names each reader and scope and sends nothing."""
    make_digest_scenario(actors)
    output = run("--today", TODAY.isoformat(), "--dry-run")
    assert "读者 5 人" in output and "towns" in output and "分管部门：罗店镇" in output
    assert not mail.outbox and not Delivery.objects.exists()


def test_one_leader_then_everyone_never_twice(actors, eager_celery, django_capture_on_commit_callbacks):
    """Sending to one leader, then to all, mails that leader once."""
    make_digest_scenario(actors)
    with django_capture_on_commit_callbacks(execute=True):
        assert "督办周报第1期" in run("--today", TODAY.isoformat(), "--leader", "whole")
    with django_capture_on_commit_callbacks(execute=True):
        assert "已发送 4 份周报" in run("--today", TODAY.isoformat())
    assert len(mail.outbox) == 5


def test_bad_arguments_are_refused(actors):
    """A malformed date or an unknown user is an error, not a silent no-op."""
    with pytest.raises(CommandError):
        run("--today", "2024-13-01")
    with pytest.raises(CommandError):
        run("--today", TODAY.isoformat(), "--leader", "nobody")
