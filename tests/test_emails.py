"""The one email helper: three templates, a department's contacts or a user."""

import pytest
from django.core import mail

from notifications.emails import make_message, send


def test_a_department_email_goes_to_its_contacts_as_text_and_html(actors):
    """A department's email goes to its contacts as plain text and HTML."""
    assert send("test", {"greeting": "市场监管局同志"}, department=actors.market) == 1
    [message] = mail.outbox
    assert message.to == ["scjg@baoshan.example.gov.cn"]
    assert message.subject == "【督办】邮件设置测试"
    assert "市场监管局同志" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'style="' in html and "市场监管局同志" in html


def test_a_user_email_goes_to_that_user(actors):
    """An email to a user goes to that user's address."""
    send("test", {}, user=actors.leader)
    assert mail.outbox[0].to == ["erin@baoshan.example.gov.cn"]


def test_nothing_is_sent_to_a_department_without_contacts(actors):
    """Nothing is sent to a department without email contacts."""
    assert send("test", {}, department=actors.town) == 0
    assert mail.outbox == []


def test_a_message_without_recipients_is_a_programming_error():
    """Sending a message with no recipient at all is a programming error."""
    with pytest.raises(ValueError):
        make_message("test", [], {})


def test_a_claimed_message_that_never_went_out_is_sent_by_the_sweeper(actors, eager_celery):
    """A claimed message that never went out is sent by the sweeper."""
    import datetime

    from django.utils import timezone

    from notifications.actions import delivery_claim
    from notifications.models import Delivery
    from notifications.tasks import requeue_stale_deliveries
    from plans.policy import SYSTEM

    lost = delivery_claim(
        actor=SYSTEM, key="reminder:lost", template="test", context={}, recipients=["a@baoshan.example.gov.cn"]
    )
    fresh = delivery_claim(
        actor=SYSTEM, key="reminder:fresh", template="test", context={}, recipients=["b@baoshan.example.gov.cn"]
    )
    Delivery.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert requeue_stale_deliveries() == 1
    assert [m.to for m in mail.outbox] == [["a@baoshan.example.gov.cn"]]
    assert Delivery.objects.get(pk=lost.pk).status == "sent"
    assert Delivery.objects.get(pk=fresh.pk).status == "pending"  # still within its grace period
    assert (
        delivery_claim(actor=SYSTEM, key="reminder:lost", template="test", context={}, recipients=["x@example.gov.cn"])
        is None
    )


def test_a_message_being_sent_is_not_sent_again_by_a_retry_or_the_sweeper(actors, eager_celery):
    """A message being sent is not sent again by a retry or the sweeper."""
    import datetime

    from django.utils import timezone

    from notifications.actions import _take_lease, delivery_claim, delivery_send, stale_pending
    from notifications.models import Delivery
    from plans.policy import SYSTEM

    delivery = delivery_claim(
        actor=SYSTEM, key="reminder:busy", template="test", context={}, recipients=["a@baoshan.example.gov.cn"]
    )
    Delivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert _take_lease(delivery.pk) is not None  # a first worker is sending it now
    assert delivery_send(actor=SYSTEM, delivery_id=delivery.pk) is False  # a retry arriving meanwhile sends nothing
    assert stale_pending(older_than_minutes=15) == []  # nor does the sweeper pick it up
    assert mail.outbox == []
    Delivery.objects.filter(pk=delivery.pk).update(lease_until=timezone.now() - datetime.timedelta(minutes=1))
    assert stale_pending(older_than_minutes=15) == [delivery.pk]  # the first worker died: try again


def test_a_broken_template_fails_the_delivery_instead_of_retrying_forever(actors, eager_celery):
    """A broken template marks the delivery failed instead of retrying forever."""
    import pytest

    from notifications.actions import delivery_claim, stale_pending
    from notifications.models import Delivery
    from notifications.tasks import deliver
    from plans.policy import SYSTEM

    delivery = delivery_claim(
        actor=SYSTEM, key="reminder:broken", template="no-such-template", context={}, recipients=["a@example.gov.cn"]
    )
    with pytest.raises(Exception, match="no-such-template"):
        deliver.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and "TemplateDoesNotExist" in delivery.last_error
    assert stale_pending(older_than_minutes=0) == []
