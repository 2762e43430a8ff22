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

from plans.models import Area, AreaKind, Department, DepartmentKind, Membership, default_area_id, inspectable_by_default
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
def load_departments(
    path: Path = DEPARTMENTS_FILE, *, area: Area | None = None, entries: list[dict] | None = None
) -> tuple[int, int]:
    """Create or update the departments in ``path`` (or ``entries``, in its format) in ``area``
    (the first district by default); returns (created, updated)."""
    area = area or Area.objects.get(pk=default_area_id())
    created = updated = 0
    if entries is None:
        entries = json.loads(path.read_text(encoding="utf-8"))
    for entry in entries:
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
def ensure_demo_accounts(
    password: str, accounts: list[DemoAccount] | None = None, *, area: Area | None = None, domain: str = "baoshan"
) -> list[DemoAccount]:
    """One account per role (``accounts``, the 宝山 ones by default, in ``area``, the first district
    by default); the password is set only when the account is created."""
    User = get_user_model()
    groups = ensure_role_groups()
    accounts = DEMO_ACCOUNTS if accounts is None else accounts
    area = area or Area.objects.get(pk=default_area_id())
    for account in accounts:
        # The three administrators enter the Django admin; none is a superuser (三员分立: a
        # superuser would be all three at once).
        is_admin = account.role in ADMIN_ROLES
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username)
            user.set_password(password)
        values = {
            "first_name": account.full_name,
            "email": f"{account.username}@{domain}.example.gov.cn",
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
        department = Department.objects.get(area=area, name=account.department) if account.department else None
        # The leader belongs to the district too (never wider once a city is added); the
        # administrators run the whole install and have no area.
        if department is not None or account.role == Role.LEADER:
            membership = Membership.objects.filter(user=user).first()
            if membership is None:
                Membership.objects.create(user=user, department=department, area=area, title=account.title)
            else:
                _update_if_changed(membership, {"department": department, "area": area, "title": account.title})
    return accounts


# --- The city demo (load_demo --city): 上海市 above 宝山区, and a second district, 嘉定区 -------------


@dataclass(frozen=True)
class DemoArea:
    name: str
    short_name: str
    kind: str
    notice_code: str
    issuing_office: str


CITY = DemoArea("上海市", "上海", AreaKind.CITY, "沪法督", "上海市司法局")
SECOND_DISTRICT = DemoArea("嘉定区", "嘉定", AreaKind.DISTRICT, "嘉法督", "嘉定区司法局")
# A few of 嘉定's 街镇 (the plan names them only together, as 各街镇).
SECOND_DISTRICT_TOWNS = ["新成路街道", "真新街道", "嘉定镇街道", "南翔镇", "安亭镇", "马陆镇", "江桥镇", "徐行镇"]
CITY_DEPARTMENTS = [
    {
        "name": "市司法局",
        "short_name": "市司法局",
        "aliases": ["上海市司法局"],
        "kind": DepartmentKind.OTHER,
        "emails": ["sfj@shanghai.example.gov.cn"],
        "inspectable": False,
    }
]
CITY_ACCOUNTS = [
    DemoAccount("city_supervisor", "周海燕", Role.SUPERVISOR, "市司法局", "法治督察处处长"),
    DemoAccount("city_leader", "吴国华", Role.LEADER, None, "副市长"),
]
SECOND_DISTRICT_ACCOUNTS = [
    DemoAccount("jd_staff", "孙丽", Role.STAFF, "区市场监管局", "法规科科员"),
    DemoAccount("jd_head", "赵文斌", Role.HEAD, "区市场监管局", "副局长"),
    DemoAccount("jd_supervisor", "钱思远", Role.SUPERVISOR, "区司法局", "法治督察科科长"),
    DemoAccount("jd_leader", "郑建华", Role.LEADER, None, "副区长"),
]


def _ensure_area(spec: DemoArea, parent: Area | None) -> Area:
    values = {
        "short_name": spec.short_name,
        "kind": spec.kind,
        "parent": parent,
        "notice_code": spec.notice_code,
        "issuing_office": spec.issuing_office,
    }
    area = Area.objects.filter(name=spec.name, kind=spec.kind).first()
    if area is None:
        return Area.objects.create(name=spec.name, **values)
    _update_if_changed(area, values)
    return area


@transaction.atomic
def ensure_city_areas() -> tuple[Area, Area, Area]:
    """上海市 as the parent of the first district (宝山区) and a second district, 嘉定区, below it:
    (city, first district, second district). Running it again changes nothing."""
    first = Area.objects.get(pk=default_area_id())
    city = _ensure_area(CITY, None)
    if first.parent_id != city.pk:
        first.parent = city
        first.save(update_fields=["parent"])
    second = _ensure_area(SECOND_DISTRICT, city)
    # Saving an area recomputes every path and jurisdiction in the database, not on these objects.
    return tuple(Area.objects.get(pk=area.pk) for area in (city, first, second))


def second_district_departments(path: Path = DEPARTMENTS_FILE) -> list[dict]:
    """嘉定's departments: the 宝山 directory's units but its 街镇, under their 嘉定 names (the plan's
    区司法局, 区市场监管局 …: the same names, another district), and a few 嘉定 街镇."""
    entries = []
    for entry in json.loads(path.read_text(encoding="utf-8")):
        if entry["kind"] == DepartmentKind.SUBDISTRICT:
            continue  # 宝山's 街镇 are not 嘉定's
        entries.append(
            {
                **entry,
                "name": entry["name"].replace("宝山", "嘉定"),  # 宝山工业园区 → 嘉定工业园区
                "aliases": [alias.replace("宝山", "嘉定") for alias in entry.get("aliases", [])],
                "emails": [email.replace("baoshan", "jiading") for email in entry.get("emails", [])],
            }
        )
    for n, name in enumerate(SECOND_DISTRICT_TOWNS, start=1):
        entries.append(
            {
                "name": name,
                "short_name": name.removesuffix("街道").removesuffix("镇"),
                "aliases": [f"嘉定区{name}"],
                "kind": DepartmentKind.SUBDISTRICT,
                "emails": [f"jz{n:02d}@jiading.example.gov.cn"],
            }
        )
    return entries
