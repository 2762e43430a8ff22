"""The named actions of the plans app (see tasks.actions for the pattern)."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from plans import events
from plans.models import Department, Event, Indicator, Membership
from plans.policy import actor_for, require
from plans.roles import Role


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


# --- A department's staff accounts, managed by its head ---------------------------------------

# No 0/O, 1/l/I: a password read off the screen and typed in once.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generate_password(length: int = 12) -> str:
    """A one-time password, shown once to the head who made it, to be changed by its user."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def _member_event(*, actor, verb: str, membership: Membership, now, data: dict | None = None) -> Event:
    user = membership.user
    return events.record(
        actor=actor,
        verb=verb,
        subject=membership,
        audience=Event.Audience.OVERSIGHT,
        department=membership.department_id,
        data={"username": user.username, "name": user.get_full_name() or user.username, **(data or {})},
        occurred_at=now,
    )


@transaction.atomic
def staff_create(
    *,
    actor,
    department: Department,
    username: str,
    full_name: str = "",
    email: str = "",
    title: str = "",
    phone: str = "",
    role: str = Role.STAFF,
    password: str | None = None,
    now=None,
) -> tuple[object, str]:
    """A head adds a 填报员 account to their own department (an administrator to any department, and
    may make a 负责人). Returns the user and the password: the one given, checked by Django's
    password validators, or a generated one to be shown once."""
    require(actor, "add_staff", department, "只能为本部门添加账号。")
    if role not in actor_for(actor).grantable_roles:
        raise PermissionDenied("不能授予高于本人的角色。")
    User = get_user_model()
    username = username.strip()
    user = User(username=username, first_name=full_name.strip()[:150], email=email.strip())
    user.full_clean(exclude=["password"])  # the username's characters and uniqueness, the email
    password = password or generate_password()
    validate_password(password, user=user)
    user.set_password(password)
    events.stamp(user, actor=actor, now=now)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    membership = Membership(user=user, department=department, title=title.strip()[:50], phone=phone.strip()[:30])
    membership.full_clean()
    events.stamp(membership, actor=actor, now=now)
    membership.save()
    _member_event(actor=actor, verb="member.add", membership=membership, now=now, data={"role": role})
    return user, password


@transaction.atomic
def staff_deactivate(*, actor, membership: Membership, now=None) -> Membership:
    """A head disables a 填报员 account of their department: it can no longer sign in; its work stays."""
    require(actor, "deactivate", membership, "只能停用本部门的填报员账号。")
    user = membership.user
    user.is_active = False
    events.stamp(user, actor=actor, now=now)
    user.save(update_fields=["is_active"])
    _member_event(actor=actor, verb="member.deactivate", membership=membership, now=now)
    return membership


@transaction.atomic
def staff_reactivate(*, actor, membership: Membership, now=None) -> Membership:
    """A head enables a disabled 填报员 account of their department again."""
    require(actor, "reactivate", membership, "只能启用本部门的填报员账号。")
    user = membership.user
    user.is_active = True
    events.stamp(user, actor=actor, now=now)
    user.save(update_fields=["is_active"])
    _member_event(actor=actor, verb="member.reactivate", membership=membership, now=now)
    return membership


@transaction.atomic
def staff_password_reset(*, actor, membership: Membership, password: str | None = None, now=None) -> str:
    """A head sets a new password for a 填报员 of their department: the one given (checked by Django's
    password validators) or a generated one; returns it, to be shown once. The event never holds it."""
    require(actor, "reset_password", membership, "只能重置本部门填报员的密码。")
    user = membership.user
    generated = not password
    password = password or generate_password()
    validate_password(password, user=user)
    user.set_password(password)
    events.stamp(user, actor=actor, now=now)
    user.save(update_fields=["password"])
    _member_event(
        actor=actor, verb="member.password_reset", membership=membership, now=now, data={"generated": generated}
    )
    return password


@transaction.atomic
def roles_set(*, actor, user, groups, now=None) -> None:
    """The security administrator gives an account its roles (三员分立: theirs alone). The event
    names the roles before and after, so that the audit page shows who granted what."""
    require(actor, "manage_roles", message="只有安全管理员可以调整角色。")
    before = sorted(user.groups.values_list("name", flat=True))
    user.groups.set(groups)
    after = sorted(g.name for g in groups)
    if before == after:
        return
    events.record(
        actor=actor,
        verb="member.roles",
        subject=user,
        audience=Event.Audience.OVERSIGHT,
        from_state="、".join(before),
        to_state="、".join(after),
        data={"before": before, "after": after, "username": user.username},
        occurred_at=now,
    )
