"""Two districts under one city: 上海市 at the top, 宝山区 (the first area, made by migration) and
嘉定区 below it, and the cast of each level: a district's staff, head, supervisor and leader, the
city's supervisor (市司法局) and leader."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from plans.demo import ensure_city_areas
from plans.models import Area, Department, Membership
from plans.roles import Role, ensure_role_groups


def make_city() -> tuple[Area, Area, Area]:
    """(上海市, 宝山区, 嘉定区): the first district moved under a new city, a second one beside it —
    the demo's areas (`load_demo --city`)."""
    return ensure_city_areas()


def make_user(username: str, role: str, *, department: Department | None = None, area: Area | None = None):
    user = get_user_model().objects.create_user(username, f"{username}@example.gov.cn", "pw")
    user.groups.add(ensure_role_groups()[role])
    Membership.objects.create(user=user, department=department, **({"area": area} if area else {}))
    return user


def district_cast(area: Area, prefix: str) -> dict:
    """A district's 区司法局 and 区市场监管局 (the same names as every district's) and its people."""
    justice = Department.objects.create(area=area, name="区司法局", short_name="司法局")
    market = Department.objects.create(area=area, name="区市场监管局", emails=[f"{prefix}-scjg@example.gov.cn"])
    return {
        "justice": justice,
        "market": market,
        f"{prefix}staff": make_user(f"{prefix}staff", Role.STAFF, department=market),
        f"{prefix}head": make_user(f"{prefix}head", Role.HEAD, department=market),
        f"{prefix}sup": make_user(f"{prefix}sup", Role.SUPERVISOR, department=justice),
        f"{prefix}lead": make_user(f"{prefix}lead", Role.LEADER, area=area),
    }


def city_cast(city: Area) -> dict:
    """The city's 市司法局 with its supervisor, and a city leader (a membership in the city area)."""
    bureau = Department.objects.create(area=city, name="市司法局", short_name="司法局")
    return {
        "bureau": bureau,
        "csup": make_user("csup", Role.SUPERVISOR, department=bureau),
        "clead": make_user("clead", Role.LEADER, area=city),
    }
