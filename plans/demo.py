"""Idempotent loading of the department directory and the demo accounts.

Running these twice changes nothing: rows are created when missing and saved only when a
value differs, so a second run writes no history either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from plans.models import Area, Department, Membership, default_area_id, inspectable_by_default
from plans.roles import ADMIN_ROLES, Role, ensure_role_groups

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
DEPARTMENTS_FILE = FIXTURES_DIR / "departments.json"
DEFAULT_DEMO_PASSWORD = "duban-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    department: str | None
    title: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("staff", "张晓燕", Role.STAFF, "区市场监管局", "法规科科员"),
    DemoAccount("head", "李建国", Role.HEAD, "区市场监管局", "副局长"),
    DemoAccount("supervisor", "王立平", Role.SUPERVISOR, "区司法局", "法治督察科科长"),
    DemoAccount("leader", "陈志强", Role.LEADER, None, "副区长"),
    DemoAccount("admin", "系统管理员", Role.ADMIN, None, ""),
    # 三员分立: the security and audit administrators (plans.roles)
    DemoAccount("security", "安全管理员", Role.SECURITY_ADMIN, None, ""),
    DemoAccount("auditor", "审计管理员", Role.AUDIT_ADMIN, None, ""),
]


def _update_if_changed(obj, values: dict) -> bool:
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    for name, value in changed.items():
        setattr(obj, name, value)
    if changed:
        obj.save(update_fields=list(changed))
    return bool(changed)


@transaction.atomic
def load_departments(path: Path = DEPARTMENTS_FILE, *, area: Area | None = None) -> tuple[int, int]:
    """Create or update the departments in ``path`` in ``area`` (the first district by default);
    returns (created, updated)."""
    area = area or Area.objects.get(pk=default_area_id())
    created = updated = 0
    for entry in json.loads(path.read_text(encoding="utf-8")):
        values = {
            "short_name": entry.get("short_name", ""),
            "aliases": entry.get("aliases", []),
            "kind": entry["kind"],
            "emails": entry.get("emails", []),
            "inspectable": entry.get("inspectable", inspectable_by_default(entry["name"], entry["kind"])),
        }
        department = Department.objects.filter(area=area, name=entry["name"]).first()
        if department is None:
            Department.objects.create(area=area, name=entry["name"], **values)
            created += 1
        elif _update_if_changed(department, values):
            updated += 1
    return created, updated


@transaction.atomic
def ensure_demo_accounts(password: str) -> list[DemoAccount]:
    """One account per role; the password is set only when the account is created."""
    User = get_user_model()
    groups = ensure_role_groups()
    for account in DEMO_ACCOUNTS:
        # The three administrators enter the Django admin; none is a superuser (三员分立: a
        # superuser would be all three at once).
        is_admin = account.role in ADMIN_ROLES
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username)
            user.set_password(password)
        values = {
            "first_name": account.full_name,
            "email": f"{account.username}@baoshan.example.gov.cn",
            "is_staff": is_admin,
            "is_superuser": False,
        }
        if user.pk is None:
            for name, value in values.items():
                setattr(user, name, value)
            user.save()
        else:
            _update_if_changed(user, values)
        group = groups[account.role]
        if list(user.groups.all()) != [group]:
            user.groups.set([group])
        area = Area.objects.get(pk=default_area_id())
        department = Department.objects.get(area=area, name=account.department) if account.department else None
        # The leader belongs to the district too (never wider once a city is added); the
        # administrators run the whole install and have no area.
        if department is not None or account.role == Role.LEADER:
            membership = Membership.objects.filter(user=user).first()
            if membership is None:
                Membership.objects.create(user=user, department=department, area=area, title=account.title)
            else:
                _update_if_changed(membership, {"department": department, "area": area, "title": account.title})
    return DEMO_ACCOUNTS
