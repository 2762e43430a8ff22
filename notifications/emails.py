"""The one email helper: every email in Duban is rendered and sent through here.

A message named ``reminder`` is made of ``emails/reminder-subject.txt``,
``emails/reminder-body.txt`` and ``emails/reminder-body.html`` (inline CSS: mail
clients ignore stylesheets).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string

from plans.models import Department


def make_message(name: str, to: Iterable[str], context: dict, files: Iterable = ()) -> EmailMultiAlternatives:
    """Render the three templates of ``name`` into one multipart message, with ``files``
    (``notifications.attachments.MailFile``) attached."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        raise ValueError(f"Email {name!r} has no recipients.")
    context = {"site_name": "督办", **context}
    subject = " ".join(render_text(f"emails/{name}-subject.txt", context).split())
    text = render_text(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    for file in files:
        message.attach(file.filename, file.content, file.mimetype)
    return message


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template, without HTML escaping: ``<`` and ``'`` are what the reader should see."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def recipients_for(*, department: Department | None = None, user=None) -> list[str]:
    """A department's contact addresses, or one user's address."""
    if department is not None:
        return list(department.emails)
    if user is not None and user.email:
        return [user.email]
    return []


def send(name: str, context: dict, *, department: Department | None = None, user=None) -> int:
    """Send ``name`` to a department's contacts or to a user; returns the number of messages sent."""
    recipients = recipients_for(department=department, user=user)
    if not recipients:
        return 0
    return make_message(name, recipients, context).send()
