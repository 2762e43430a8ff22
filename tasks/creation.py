"""A plan's tasks from its written units: one per clause, or one per item where a clause has
items. The same code serves a new plan (no tasks yet) and a revised one."""

from __future__ import annotations

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from plans.departments import DepartmentDirectory
from plans.importing import POSITION_OFFSET, PlacedUnit
from plans.models import Plan
from tasks.models import Assignment, Task

TaskKey = tuple[int | None, int | None]  # (clause id, item id) of the unit a task stands for


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
        if mention.role not in {"lead", "support"}:
            continue  # named in prose, or a leader (a person, not a department)
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
    # Only ever set: a revised text must not undo an ongoing flag set through the 任务分解表.
    ongoing = {"is_ongoing": True} if any(d.recurring == "ongoing" for d in p.unit.deadlines) else {}
    return {
        **ongoing,
        "title": p.unit.heading[:500],
        "content": _unit_text(p),
        "deadline": one_off[0].date if one_off else None,
        "deadline_phrase": one_off[0].phrase[:100] if one_off else "",
        "position": p.position,
    }


def active_tasks_by_unit(plan: Plan) -> dict[TaskKey, Task]:
    """The plan's tasks that are not archived, by (clause id, item id).

    Read them before the plan's units are rewritten: deleting a clause or item clears the links of
    its task, which must still be found to be archived."""
    return {(t.clause_id, t.item_id): t for t in Task.objects.filter(plan=plan, archived_at__isnull=True)}


def write_tasks(
    plan: Plan, placed: list[PlacedUnit], directory: DepartmentDirectory, *, existing: dict[TaskKey, Task]
) -> list[Task]:
    """Bring the plan's tasks to its written units (``PlacedUnit.row`` set by plans.importing);
    returns the tasks created.

    ``existing`` is what active_tasks_by_unit returned before the units were written, empty for a
    new plan. A unit that had a task keeps it, with its departments, progress and history, and the
    task takes the unit's text; a new unit gets a task with the departments its text names. A task
    whose unit is gone is archived (kept with everything recorded on it), never deleted."""
    # Codes move between tasks: park the old ones out of the way of the unique constraint. Positions
    # are parked too, so that the tasks archived below sort last.
    Task.objects.filter(plan=plan).update(
        position=F("position") + POSITION_OFFSET, code=Concat(Value("~"), Cast("pk", output_field=CharField()))
    )
    created: list[Task] = []
    kept: set[TaskKey] = set()
    for p in task_units(placed):
        links = {}
        if p.unit.level == "clause":
            links = {"clause": p.row}
        elif p.unit.level == "item":
            links = {"item": p.row, "clause": p.row.clause}
        key = (links["clause"].pk if links.get("clause") else None, links["item"].pk if links.get("item") else None)
        fields = {**task_fields(p), "code": p.code}
        task = existing.get(key)
        if task is None:
            task = Task.objects.create(plan=plan, **links, **fields)
            assign_departments(task, p.unit.departments, directory)
            created.append(task)
        else:
            for name, value in fields.items():
                setattr(task, name, value)
            task.save()
        kept.add(key)
    now = timezone.now()
    for key, task in existing.items():
        if key not in kept:
            # Archived, never deleted: its reports, targets, 督办单 (which protect it) and timeline
            # stay on record, and the lists, lights, facts and the 督办 run leave it out.
            task.archived_at = now
            task.save(update_fields=["archived_at"])
    return created
