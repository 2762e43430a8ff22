"""Import a plan document: parse it, let a person correct what the parser found, then write the
plan and its tasks in one transaction. Also imports a revised text over an existing plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from plans.departments import DepartmentDirectory
from plans.importing import ClauseChange, PlanStructure, write_plan_structure
from plans.models import Plan
from plans.parsing import ParsedPlan, load_document, parse_text
from tasks.creation import active_tasks_by_unit, write_tasks
from tasks.models import Task
from tasks.progress import generate_periods


@dataclass
class SourceDocument:
    name: str
    text: str
    encoding: str
    # Where each line of ``text`` came from (page and line, table row), and a web page's metadata.
    origins: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def read_source(data: bytes, filename: str) -> SourceDocument:
    """Decode an uploaded or named file; raises plans.parsing.PlanParseError when unreadable."""
    document = load_document(data, filename)
    return SourceDocument(
        name=filename,
        text=document.text,
        encoding=document.encoding,
        origins=document.origins,
        metadata=document.metadata,
    )


def parse_source(
    source: SourceDocument,
    *,
    years: tuple[int, int] | None = None,
    title: str | None = None,
    directory: DepartmentDirectory | None = None,
) -> ParsedPlan:
    directory = directory or DepartmentDirectory()
    return parse_text(
        source.text,
        encoding=source.encoding,
        years=years,
        title=title,
        department_names=directory.names(),
        origins=source.origins,
        metadata=source.metadata,
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
    """Write the plan, its milestones and indicators and its tasks: all of it, or nothing.

    The plan belongs to the directory's area (its departments are the ones it resolves); the plan
    returned carries the tasks created for it as ``created_tasks``."""
    directory = directory or DepartmentDirectory()
    if corrections:
        apply_corrections(parsed, corrections, directory)
    plan = Plan.objects.create(
        area=directory.area,
        title=title or parsed.title,
        start_year=parsed.years[0],
        end_year=parsed.years[1],
        source_name=source.name,
        source_encoding=parsed.encoding,
        source_text=source.text,
        preamble=parsed.preamble,
    )
    _structure, plan.created_tasks = _bring_to_text(plan, parsed, directory)
    return plan


@transaction.atomic
def revise_plan(
    plan: Plan, parsed: ParsedPlan, source: SourceDocument, *, directory: DepartmentDirectory | None = None
) -> list[ClauseChange]:
    """Bring a stored plan to a revised text; returns what changed in its clauses.

    Clauses are matched by number, then by heading; items within a clause the same way. The tasks
    of matched units keep their departments, progress and history; indicators keep their identity
    (reports record values against them). A task whose unit is gone is archived with everything
    recorded on it: nothing reported is ever lost."""
    directory = directory or DepartmentDirectory(area=plan.area)
    plan.title = parsed.title or plan.title
    plan.source_name, plan.source_text, plan.source_encoding = source.name, source.text, parsed.encoding
    plan.start_year, plan.end_year = parsed.years
    plan.save()
    structure, _created = _bring_to_text(plan, parsed, directory)
    return structure.changes


def _bring_to_text(plan: Plan, parsed: ParsedPlan, directory: DepartmentDirectory) -> tuple[PlanStructure, list[Task]]:
    """The plan's units and tasks brought to the text, for a new plan and a revision alike; the
    plan row itself is the caller's."""
    existing = active_tasks_by_unit(plan)  # before the units are rewritten: see there
    structure = write_plan_structure(plan, parsed)
    created = write_tasks(plan, structure.placed, directory, existing=existing)
    generate_periods(plan)  # a revised text may span more years
    return structure, created
