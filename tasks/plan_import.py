"""Import a plan document: parse it, let a person correct what the parser found, then write the
plan and its tasks in one transaction. Also imports a revised text over an existing plan."""

from __future__ import annotations

import datetime
import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from plans.departments import DepartmentDirectory
from plans.importing import ClauseChange, diff_clauses, place_units, write_plan, write_unit_content
from plans.models import Chapter, Clause, Indicator, Item, Plan
from plans.parsing import ParsedPlan, parse_text, read_document
from tasks.creation import assign_departments, create_tasks, task_fields, task_units
from tasks.models import Task
from tasks.progress import generate_periods


@dataclass
class SourceDocument:
    name: str
    text: str
    encoding: str


def read_source(data: bytes, filename: str) -> SourceDocument:
    """Decode an uploaded or named file; raises plans.parsing.PlanParseError when unreadable."""
    text, encoding = read_document(data, filename)
    return SourceDocument(name=filename, text=text, encoding=encoding)


def parse_source(
    source: SourceDocument,
    *,
    years: tuple[int, int] | None = None,
    title: str | None = None,
    directory: DepartmentDirectory | None = None,
) -> ParsedPlan:
    directory = directory or DepartmentDirectory()
    return parse_text(
        source.text, encoding=source.encoding, years=years, title=title, department_names=directory.names()
    )


@dataclass
class Corrections:
    """What a supervisor changed in the preview before confirming.

    ``deadlines`` maps (unit index, deadline index) to a new date, or None to drop that deadline;
    ``departments`` maps an unknown written name to the department id a person picked.
    """

    deadlines: dict[tuple[int, int], datetime.date | None] = field(default_factory=dict)
    departments: dict[str, int] = field(default_factory=dict)


def apply_corrections(parsed: ParsedPlan, corrections: Corrections, directory: DepartmentDirectory) -> None:
    for unit_index, unit in enumerate(parsed.units):
        kept = []
        for deadline_index, deadline in enumerate(unit.deadlines):
            key = (unit_index, deadline_index)
            if key in corrections.deadlines:
                new_date = corrections.deadlines[key]
                if new_date is None:
                    continue
                deadline.date = new_date
                deadline.needs_confirmation = False
            kept.append(deadline)
        unit.deadlines = kept
    for name, department_id in corrections.departments.items():
        directory.add_alias(name, department_id)


@transaction.atomic
def import_plan(
    parsed: ParsedPlan,
    source: SourceDocument,
    *,
    title: str | None = None,
    directory: DepartmentDirectory | None = None,
    corrections: Corrections | None = None,
) -> Plan:
    """Write the plan, its milestones and indicators and its tasks: all of it, or nothing."""
    directory = directory or DepartmentDirectory()
    if corrections:
        apply_corrections(parsed, corrections, directory)
    plan = write_plan(parsed, title=title, source_name=source.name, source_text=source.text)
    plan.created_tasks = create_tasks(plan, plan.placed_units, directory)
    generate_periods(plan)
    return plan


@transaction.atomic
def revise_plan(
    plan: Plan, parsed: ParsedPlan, source: SourceDocument, *, directory: DepartmentDirectory | None = None
) -> list[ClauseChange]:
    """Bring a stored plan to a revised text.

    Clauses are matched by number, then by heading; items within a clause the same way. The tasks
    of matched units keep their departments, progress and history; indicators keep their identity
    (reports record values against them). A task whose unit is gone is deleted when nothing was
    reported on it, and archived with its reports otherwise: nothing reported is ever lost."""
    directory = directory or DepartmentDirectory()
    changes = diff_clauses(plan, parsed)
    placed = place_units(parsed)
    matched = {id(c.unit): c.clause_id for c in changes if c.clause_id and c.unit is not None}

    plan.title = parsed.title or plan.title
    plan.source_name, plan.source_text, plan.source_encoding = source.name, source.text, parsed.encoding
    plan.start_year, plan.end_year = parsed.years
    plan.save()

    existing = {(t.clause_id, t.item_id): t for t in Task.objects.filter(plan=plan, archived_at__isnull=True)}
    # Positions and codes move; park the old ones out of the way of the unique constraints.
    Clause.objects.filter(plan=plan).update(position=models_offset("position"))
    Item.objects.filter(plan=plan).update(position=models_offset("position"))
    Task.objects.filter(plan=plan).update(
        position=models_offset("position"), code=Concat(Value("~"), Cast("pk", output_field=CharField()))
    )
    plan.milestones.all().delete()  # dates are re-read from the revised text below
    old_indicators = defaultdict(list)
    for indicator in plan.indicators.all():
        old_indicators[(indicator.clause_id, indicator.item_id, indicator.text)].append(indicator)

    old_chapters = {c.number: c for c in plan.chapters.all()}
    old_items = defaultdict(list)
    for item in plan.items.all():
        old_items[(item.clause_id, item.parent_id)].append(item)
    kept_chapters, kept_items = set(), set()
    for p in placed:
        u = p.unit
        values = {"number": u.number, "label": u.label, "heading": u.heading[:500], "body": u.body, "line": u.line}
        if u.level == "chapter":
            row = old_chapters.get(u.number) or Chapter(plan=plan)
            kept_chapters.add(u.number)
        elif u.level == "clause":
            clause_id = matched.get(id(u))
            row = Clause.objects.get(pk=clause_id) if clause_id else Clause(plan=plan)
            values.update(chapter=p.chapter.row if p.chapter else None, position=p.position)
        else:
            clause = p.clause.row if p.clause else None
            parent = p.parent_item.row if p.parent_item else None
            candidates = [
                i
                for i in old_items[(clause.pk if clause else None, parent.pk if parent else None)]
                if i.pk not in kept_items
            ]
            row = match_by_heading(candidates, u) or Item(plan=plan)
            values.update(clause=clause, parent=parent, level=u.level, position=p.position)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        if isinstance(row, Item):
            kept_items.add(row.pk)
        p.row = row
        write_unit_content(plan, p, reuse_indicators=old_indicators)
    Indicator.objects.filter(pk__in=[i.pk for group in old_indicators.values() for i in group]).delete()

    kept_tasks = set()
    for p in task_units(placed):
        clause = p.row if p.unit.level == "clause" else getattr(p.row, "clause", None)
        item = p.row if p.unit.level == "item" else None
        key = (clause.pk if clause else None, item.pk if item else None)
        task = existing.get(key)
        fields = task_fields(p)
        if task is None:
            task = Task.objects.create(plan=plan, code=p.code, clause=clause, item=item, **fields)
            assign_departments(task, p.unit.departments, directory)
        else:
            # The task keeps its departments, progress and history; its text follows the plan.
            for name, value in {**fields, "code": p.code}.items():
                setattr(task, name, value)
            task.save()
        kept_tasks.add(key)
    now = timezone.now()
    for key, task in existing.items():
        if key in kept_tasks:
            continue
        if task.reports.exists():
            task.archived_at = now
            task.save(update_fields=["archived_at"])
        else:
            task.delete()

    removed_clause_ids = [c.clause_id for c in changes if c.kind == "removed"]
    Clause.objects.filter(pk__in=removed_clause_ids).delete()
    Item.objects.filter(plan=plan).exclude(pk__in=kept_items).delete()
    for number, chapter in old_chapters.items():
        if number not in kept_chapters:
            chapter.delete()
    generate_periods(plan)  # the revised text may span more years
    return changes


def match_by_heading(candidates: list, unit):
    """The stored unit that ``unit`` revises: same number with a similar heading, else the most
    similar heading; None when nothing is alike."""

    def similarity(row) -> float:
        return difflib.SequenceMatcher(None, row.heading, unit.heading).ratio()

    same_number = [c for c in candidates if c.number == unit.number and similarity(c) >= 0.5]
    if same_number:
        return same_number[0]
    best = max(candidates, key=similarity, default=None)
    return best if best is not None and similarity(best) >= 0.6 else None


def models_offset(field_name: str):
    return F(field_name) + 1_000_000
