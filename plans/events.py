"""Writing the event log: the one function every named action calls, once, inside its transaction.

Side effects that depend on what happened (clearing cached figures, mail) listen to
``event_recorded``, which is sent only once the transaction has committed."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal

from plans.models import Department, Event, Plan
from plans.policy import Actor, actor_for

# Sent after the commit of the transaction that recorded ``event``.
event_recorded = Signal()


def actor_name(user) -> str:
    if user is None or isinstance(user, Actor):
        return Event.SYSTEM_NAME
    return user.get_full_name() or user.username


def record(
    *,
    actor,
    verb: str,
    subject,
    audience: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    plan: Plan | int | None = None,
    department: Department | int | None = None,
    ref: str = "",
    data: dict | None = None,
    occurred_at: datetime.datetime | None = None,
) -> Event:
    """Write the event of one action. ``actor`` is the user who acted, or the system actor."""
    user = None if isinstance(actor, Actor) or actor is None else actor
    event = Event.objects.create(
        content_type=ContentType.objects.get_for_model(type(subject)),
        object_id=subject.pk,
        verb=verb,
        actor=user,
        actor_name=actor_name(user),
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        plan_id=plan.pk if isinstance(plan, Plan) else plan,
        department_id=department.pk if isinstance(department, Department) else department,
        ref=ref,
        audience=audience,
        data=data or {},
        **({"occurred_at": occurred_at} if occurred_at else {}),
    )
    transaction.on_commit(lambda: event_recorded.send(sender=Event, event=event))
    return event


def stamp(obj, *, actor, now: datetime.datetime | None) -> None:
    """Make the history record of the coming save carry the actor and the action's time (the demo
    and imports of the past pass a clock; everything else is now)."""
    if now is not None:
        obj._history_date = now
    if actor is not None and not isinstance(actor, Actor) and actor_for(actor).is_authenticated:
        obj._history_user = actor
