"""Make tasks from a written plan: one per clause, or one per item where a clause has items."""

from __future__ import annotations

from plans.departments import DepartmentDirectory
from plans.importing import PlacedUnit
from plans.models import Plan
from tasks.models import Assignment, Task


def task_units(placed: list[PlacedUnit]) -> list[PlacedUnit]:
    """The units that become tasks: items (not sub-items, which stay part of their item), clauses
    without items, and chapters with nothing numbered below them."""
    result = []
    for p in placed:
        level = p.unit.level
        if (
            level == "item"
            or (level == "clause" and not any(c.unit.level == "item" for c in p.children))
            or (level == "chapter" and not p.children)
        ):
            result.append(p)
    return result


def _unit_text(p: PlacedUnit) -> str:
    parts = [p.unit.body]
    parts += [f"{c.unit.label}{c.unit.heading}{c.unit.body}" for c in p.children if c.unit.level == "subitem"]
    return "\n".join(part for part in parts if part)


def assign_departments(task: Task, mentions, directory: DepartmentDirectory) -> None:
    """Lead and supporting departments from the unit's 牵头单位/配合单位 lines; unknown names are kept."""
    roles: dict[int, str] = {}
    unresolved = list(task.unresolved_departments)
    for mention in mentions:
        if mention.role == "mentioned":
            continue
        role = Assignment.Role.LEAD if mention.role == "lead" else Assignment.Role.SUPPORT
        resolution = directory.resolve(mention.name)
        if not resolution.departments:
            if mention.name not in unresolved:
                unresolved.append(mention.name)
            continue
        for department in resolution.departments:
            # Lead wins when a department is named both ways.
            if roles.get(department.pk) != Assignment.Role.LEAD:
                roles[department.pk] = role
    Assignment.objects.bulk_create(Assignment(task=task, department_id=pk, role=role) for pk, role in roles.items())
    if unresolved != task.unresolved_departments:
        task.unresolved_departments = unresolved
        task.save(update_fields=["unresolved_departments"])


def task_fields(p: PlacedUnit) -> dict:
    one_off = sorted((d for d in p.unit.deadlines if not d.recurring), key=lambda d: d.date)
    return {
        "title": p.unit.heading[:500],
        "content": _unit_text(p),
        "deadline": one_off[0].date if one_off else None,
        "deadline_phrase": one_off[0].phrase[:100] if one_off else "",
        "position": p.position,
    }


def create_tasks(plan: Plan, placed: list[PlacedUnit], directory: DepartmentDirectory) -> list[Task]:
    """Create the plan's tasks from the written units (``PlacedUnit.row`` set by plans.importing)."""
    tasks = []
    for p in task_units(placed):
        links = {}
        if p.unit.level == "clause":
            links = {"clause": p.row}
        elif p.unit.level == "item":
            links = {"item": p.row, "clause": p.row.clause}
        task = Task.objects.create(plan=plan, code=p.code, **links, **task_fields(p))
        assign_departments(task, p.unit.departments, directory)
        tasks.append(task)
    return tasks
