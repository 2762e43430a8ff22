"""The batched hand-off mails (a submission to the head, a confirmation to the supervisors, a
return to the staff) carry nothing their receiver may not read: the leak world's moves, sent."""

from __future__ import annotations

from django.core import mail
from django.utils import timezone

from plans.policy import SYSTEM
from reports.handoff import send_due_handoffs
from tests.security.leak_world import LeakWorld


def test_no_handoff_mail_carries_private_text_to_its_receiver(
    db, settings, tmp_path, eager_celery, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        world = LeakWorld()  # its moves are noted for whoever's turn they make it
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_handoffs(actor=SYSTEM, now=timezone.now()) > 0
    role_of = {user.email: role for role, user in world.users.items() if user is not None and user.email}
    handoffs = [m for m in mail.outbox if m.to and m.to[0] in role_of]
    assert handoffs, "the world's submissions, confirmations and returns reach someone"
    leaks = {}
    for message in handoffs:
        text = "\n".join([message.subject, message.body, *(body for body, _type in message.alternatives)])
        for address in message.to:
            if found := world.forbidden(role_of[address], text):
                leaks[f"{message.subject} → {role_of[address]}"] = found
    assert leaks == {}
    # The sweep reaches planted text: the head's internal comment is returned to the staff.
    assert any("负责人内部意见CMT05" in m.body for m in handoffs if role_of[m.to[0]] == "staff")
