"""Resolve a department name as people write it to Department rows.

Names, short names and aliases all count; collective names expand (各街镇 → every 街镇) or are
flagged for a person to choose (各有关部门).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from plans.models import JURISDICTION_KINDS, Area, Department, DepartmentKind, default_area_id

# Collective names that mean "every 街镇".
ALL_SUBDISTRICTS = {
    "各街镇",
    "各街道、镇",
    "各街道镇",
    "各街道和镇",
    "各街镇园区",
    "各街镇(园区)",
    "各街镇（园区）",
    "街镇",
}
# Collective names a person must turn into a concrete list.
NEEDS_CHOICE = {
    "各有关部门",
    "有关部门",
    "相关部门",
    "各相关部门",
    "各部门",
    "区各有关部门",
    "区有关部门",
    "各区级部门",
}


def normalize_name(name: str) -> str:
    """Full-width letters/digits to ASCII and no inner whitespace, so 'ＸＸ 局' matches 'XX局'."""
    return "".join(unicodedata.normalize("NFKC", name).split())


@dataclass
class Resolution:
    written: str
    departments: list[Department] = field(default_factory=list)
    needs_choice: bool = False

    @property
    def known(self) -> bool:
        return bool(self.departments) or self.needs_choice


class DepartmentDirectory:
    """An in-memory index of the active departments of one 市 or 区 (with its 街镇): a plan names
    its own district's 区司法局, never another's. One query, then any number of lookups.

    ``area`` is the plan's area (its jurisdiction is used); None means the first district."""

    def __init__(self, departments=None, *, area: Area | None = None):
        if area is None:
            area = Area.objects.get(pk=default_area_id())
        self.area = area if area.jurisdiction_id in (None, area.pk) else Area.objects.get(pk=area.jurisdiction_id)
        if departments is None:
            departments = Department.objects.active().in_jurisdiction(self.area)
        self.departments = list(departments)
        self._by_name: dict[str, Department] = {}
        for dept in self.departments:
            for name in dept.all_names:
                self._by_name.setdefault(normalize_name(name), dept)
        # Another 市 or 区's departments written in full (宝山区司法局 in 嘉定's plan): found in prose
        # as a whole, so that the 区司法局 inside them is not taken for this area's; they resolve to
        # nothing, for a person to settle.
        others = Area.objects.filter(kind__in=JURISDICTION_KINDS).exclude(pk=self.area.pk)
        self._foreign = {
            normalize_name(other) + name[1:]
            for other in others.values_list("name", flat=True)
            for name in self._by_name
            if other and name[:1] == other[-1:]
        }

    def add_alias(self, written: str, department_id: int) -> None:
        """Resolve ``written`` to a department for the rest of this import (a person's choice)."""
        department = next((d for d in self.departments if d.pk == department_id), None)
        if department is None:
            return  # not one of this area's: the name stays unknown
        self._by_name[normalize_name(written)] = department

    def names(self) -> list[str]:
        """Every name, alias and collective name this directory understands (for finding them in prose)."""
        return sorted({*self._by_name, *self._foreign, *ALL_SUBDISTRICTS, *NEEDS_CHOICE}, key=len, reverse=True)

    def resolve(self, written: str) -> Resolution:
        key = normalize_name(written)
        if key in self._by_name:
            return Resolution(written, [self._by_name[key]])
        if key in {normalize_name(n) for n in ALL_SUBDISTRICTS}:
            subdistricts = [d for d in self.departments if d.kind == DepartmentKind.SUBDISTRICT]
            return Resolution(written, subdistricts)
        if key in {normalize_name(n) for n in NEEDS_CHOICE}:
            return Resolution(written, needs_choice=True)
        # "宝山区司法局" where only "区司法局" is recorded (the area's own name, never another's).
        full, level = normalize_name(self.area.name), self.area.name[-1:]
        if full and key.startswith(full) and level + key[len(full) :] in self._by_name:
            return Resolution(written, [self._by_name[level + key[len(full) :]]])
        return Resolution(written)
