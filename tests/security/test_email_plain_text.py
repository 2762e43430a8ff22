"""The plain-text part of an email says what was written, not its HTML escape."""

import datetime

from django.core import mail
from django.utils import timezone

from tasks import actions
from tests.security.leak_world import LeakWorld


def test_an_urge_note_reads_the_same_in_the_plain_text_part(
    db, settings, tmp_path, eager_celery, django_capture_on_commit_callbacks
):
    """A 催办 note with < > & ' " arrives as written in the text part, escaped only in the HTML part."""
    settings.MEDIA_ROOT = tmp_path
    world = LeakWorld()
    mail.outbox.clear()
    note = "请于<3日内>报送“A&B”材料，见'附件'和\"清单\""
    with django_capture_on_commit_callbacks(execute=True):
        # The world's own 催办 was just sent: this one comes after the ten minutes a repeat must wait.
        later = timezone.now() + datetime.timedelta(minutes=11)
        actions.task_urge(actor=world.users["sup"], task=world.task, note=note, now=later)
    [message] = mail.outbox
    assert note in message.body
    assert "&lt;" not in message.body and "&#x27;" not in message.body and "&amp;" not in message.body
    html, _type = message.alternatives[0]
    assert "&lt;3日内&gt;" in html
