"""The named actions of the plans app (see tasks.actions for the pattern)."""

from __future__ import annotations

from django.db import transaction

from plans import events
from plans.models import Department, Event
from plans.policy import require


@transaction.atomic
def department_contacts_update(*, actor, department: Department, emails: list[str], now=None) -> Department:
    """A head (or an administrator) sets where the department's 催办 and digests go."""
    require(actor, "edit", department, "您没有修改此部门的权限。")
    before = list(department.emails)
    department.emails = emails
    department.full_clean()
    events.stamp(department, actor=actor, now=now)
    department.save(update_fields=["emails"])
    events.record(
        actor=actor,
        verb="department.contacts",
        subject=department,
        audience=Event.Audience.OVERSIGHT,
        department=department,
        data={"before": before, "after": emails},
        occurred_at=now,
    )
    return department
