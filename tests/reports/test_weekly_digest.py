"""The Monday fan-out of the weekly digest: one numbered mail per reader and week, exactly once;
an administrator's 补发 takes no number and leaves the automatic send; a paused reader gets none."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from notifications.models import Delivery
from plans.models import Event
from plans.policy import SYSTEM
from reports.actions import digest_issue, digest_set_paused
from reports.models import Digest
from reports.tasks import send_weekly_digests
from tests.reports.digest_scenario import TODAY, make_digest_scenario

NEXT_MONDAY = TODAY + datetime.timedelta(days=7)


def test_the_fan_out_mails_each_reader_once_a_week(actors, eager_celery, django_capture_on_commit_callbacks):
    """Five readers get one numbered digest each; running again the same week sends nothing; the
    next week is issue 2."""
    s = make_digest_scenario(actors)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests(TODAY.isoformat()) == 5
    assert sorted(m.to[0].split("@")[0] for m in mail.outbox) == sorted(
        ["whole", "chapters", "towns", "justice_ld", "carol"]
    )
    assert {m.subject for m in mail.outbox} == {"督办周报第1期（截至2024年7月14日）"}
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_digests(TODAY.isoformat())
        send_weekly_digests((TODAY + datetime.timedelta(days=2)).isoformat())  # the same ISO week
    assert len(mail.outbox) == 5 and Delivery.objects.count() == 5
    with django_capture_on_commit_callbacks(execute=True):
        digest_issue(actor=SYSTEM, user=s.readers["whole"], today=NEXT_MONDAY)
    assert mail.outbox[-1].subject == "督办周报第2期（截至2024年7月21日）"
    assert Event.objects.filter(verb="digest.issue").count() == 6


def test_a_manual_send_is_marked_and_does_not_use_up_the_week(actors, eager_celery, django_capture_on_commit_callbacks):
    """An administrator's 补发 is unnumbered and the automatic digest of the week still goes, as issue 1."""
    s = make_digest_scenario(actors)
    leader = s.readers["whole"]
    with django_capture_on_commit_callbacks(execute=True):
        manual = digest_issue(actor=actors.admin, user=leader, today=TODAY, manual=True)
        automatic = digest_issue(actor=SYSTEM, user=leader, today=TODAY)
    assert manual.number is None and manual.manual and automatic.number == 1
    assert [m.subject for m in mail.outbox] == [
        "督办周报（补发）（截至2024年7月14日）",
        "督办周报第1期（截至2024年7月14日）",
    ]
    assert "（补发）" in mail.outbox[0].body
    assert Event.objects.filter(verb="digest.resend", actor=actors.admin).count() == 1
    with pytest.raises(PermissionDenied):
        digest_issue(actor=leader, user=leader, today=TODAY, manual=True)


def test_a_paused_reader_gets_nothing_until_resumed(actors, eager_celery, django_capture_on_commit_callbacks):
    """A leader pauses their own digest (one event), gets none, resumes and gets the next one."""
    s = make_digest_scenario(actors)
    leader = s.readers["towns"]
    digest_set_paused(actor=leader, user=leader, paused=True)
    with pytest.raises(PermissionDenied):
        digest_set_paused(actor=leader, user=s.readers["whole"], paused=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests(TODAY.isoformat()) == 4
    assert "towns@baoshan.example.gov.cn" not in [m.to[0] for m in mail.outbox]
    digest_set_paused(actor=leader, user=leader, paused=False)
    assert list(Event.objects.filter(ref=f"digest:{leader.pk}").values_list("verb", flat=True)) == [
        "digest.resume",
        "digest.pause",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_digests(NEXT_MONDAY.isoformat())
    assert Digest.objects.get(user=leader).number == 1
