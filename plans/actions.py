"""The named actions of the plans app (see tasks.actions for the pattern)."""

from __future__ import annotations

from django.db import transaction

from plans import events
from plans.models import Department, Event, Indicator
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


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, baseline, baseline_year, kind: str, now=None) -> Indicator:
    """A supervisor sets an indicator's 基数 (value and year) and 属性 for the midterm evaluation."""
    require(actor, "edit", indicator, "仅司法局督察人员可以修改指标基数。")
    before = {"baseline": str(indicator.baseline), "baseline_year": indicator.baseline_year, "kind": indicator.kind}
    indicator.baseline, indicator.baseline_year, indicator.kind = baseline, baseline_year, kind
    indicator.full_clean()
    events.stamp(indicator, actor=actor, now=now)
    indicator.save(update_fields=["baseline", "baseline_year", "kind"])
    events.record(
        actor=actor,
        verb="indicator.baseline",
        subject=indicator,
        audience=Event.Audience.EVERYONE,
        plan=indicator.plan_id,
        ref=f"plan:{indicator.plan_id}",
        data={"before": before, "after": {"baseline": str(baseline), "baseline_year": baseline_year, "kind": kind}},
        occurred_at=now,
    )
    return indicator


@transaction.atomic
def department_alias_add(*, actor, department: Department, alias: str, now=None) -> Department:
    """A supervisor, importing a plan, says which department an unknown written name means: the
    name becomes an alias, so that the next import recognises it."""
    require(actor, "import_plan", message="仅司法局督察人员和管理员可以导入规划。")
    alias = alias.strip()
    if not alias or alias in department.all_names:
        return department
    before = list(department.aliases)
    department.aliases = [*before, alias]
    department.full_clean()
    events.stamp(department, actor=actor, now=now)
    department.save(update_fields=["aliases"])
    events.record(
        actor=actor,
        verb="department.alias",
        subject=department,
        audience=Event.Audience.OVERSIGHT,
        department=department,
        data={"before": before, "after": department.aliases},
        occurred_at=now,
    )
    return department
