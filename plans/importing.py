"""Write a parsed plan (plans.parsing.ParsedPlan) to the database, and compare a revised text
with a stored plan.

Callers wrap these in one transaction together with task creation (tasks.creation), so that an
import writes everything or nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from plans.models import Chapter, Clause, Indicator, Item, Milestone, Plan
from plans.parsing import ParsedPlan, Unit

LEVEL_RANK = {"chapter": 0, "clause": 1, "item": 2, "subitem": 3}


@dataclass
class PlacedUnit:
    """A parsed unit with the parsed units above it, resolved by document order."""

    unit: Unit
    position: int
    chapter: PlacedUnit | None = None
    clause: PlacedUnit | None = None
    parent_item: PlacedUnit | None = None
    children: list[PlacedUnit] = field(default_factory=list)
    # Set when clause numbers restart in each chapter: codes then start with the chapter.
    chapter_scoped: bool = False

    @property
    def code(self) -> str:
        """A stable short code for the unit: "9" for clause (九), "9.2" for its item 2; "C2.3" for
        clause 3 of chapter 2 where each chapter numbers its clauses from (一)."""
        parts = []
        if self.chapter_scoped and self.chapter is not None and self.unit.level != "chapter":
            parts.append(f"C{self.chapter.unit.number}")
        if self.clause is not None:
            parts.append(str(self.clause.unit.number))
        if self.parent_item is not None:
            parts.append(str(self.parent_item.unit.number))
        if self.unit.level == "chapter":
            return f"C{self.unit.number}"
        parts.append(str(self.unit.number))
        return ".".join(parts)


def place_units(parsed: ParsedPlan) -> list[PlacedUnit]:
    """Give every unit its chapter, clause and parent item from the order of the text."""
    placed: list[PlacedUnit] = []
    stack: dict[str, PlacedUnit | None] = {"chapter": None, "clause": None, "item": None}
    for position, unit in enumerate(parsed.units, start=1):
        rank = LEVEL_RANK[unit.level]
        # A unit closes every open unit at its own level and below.
        for level, level_rank in LEVEL_RANK.items():
            if level_rank >= rank and level in stack:
                stack[level] = None
        current = PlacedUnit(
            unit=unit,
            position=position,
            chapter=stack["chapter"] if rank > 0 else None,
            clause=stack["clause"] if rank > 1 else None,
            parent_item=stack["item"] if rank > 2 else None,
        )
        parent = current.parent_item or current.clause or current.chapter
        if parent is not None:
            parent.children.append(current)
        if unit.level in stack:
            stack[unit.level] = current
        placed.append(current)
    clause_numbers = [p.unit.number for p in placed if p.unit.level == "clause"]
    if len(clause_numbers) != len(set(clause_numbers)):
        for p in placed:
            p.chapter_scoped = True
    return placed


def _indicator_target(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def write_plan(parsed: ParsedPlan, *, title: str | None = None, source_name: str = "", source_text: str = "") -> Plan:
    """Create the plan with its chapters, clauses, items, milestones and indicators.

    Sets ``row`` on every PlacedUnit returned by ``place_units`` (as ``placed_rows``) so that task
    creation can link tasks to what was written."""
    plan = Plan.objects.create(
        title=title or parsed.title,
        start_year=parsed.years[0],
        end_year=parsed.years[1],
        source_name=source_name,
        source_encoding=parsed.encoding,
        source_text=source_text,
        preamble=getattr(parsed, "preamble", ""),
    )
    plan.placed_units = write_units(plan, place_units(parsed))
    return plan


def write_units(plan: Plan, placed: list[PlacedUnit]) -> list[PlacedUnit]:
    rows: dict[int, object] = {}
    for p in placed:
        u = p.unit
        common = {"plan": plan, "number": u.number, "label": u.label, "heading": u.heading[:500], "body": u.body}
        if u.level == "chapter":
            row = Chapter.objects.create(line=u.line, **common)
        elif u.level == "clause":
            chapter = rows.get(id(p.chapter)) if p.chapter else None
            row = Clause.objects.create(chapter=chapter, line=u.line, position=p.position, **common)
        else:
            row = Item.objects.create(
                clause=rows.get(id(p.clause)) if p.clause else None,
                parent=rows.get(id(p.parent_item)) if p.parent_item else None,
                level=u.level,
                line=u.line,
                position=p.position,
                **common,
            )
        rows[id(p)] = row
        p.row = row
        write_unit_content(plan, p)
    return placed


def write_unit_content(plan: Plan, p: PlacedUnit, *, reuse_indicators: dict | None = None) -> None:
    """The milestones and indicators found in one unit's text.

    ``reuse_indicators`` maps (clause id, item id, text) to stored indicators of a plan being
    revised: a match is updated in place (and removed from the map) so that values reported
    against it stay attached."""
    owner = {}
    if isinstance(p.row, Clause):
        owner = {"clause": p.row}
    elif isinstance(p.row, Item):
        owner = {"item": p.row, "clause": p.row.clause}
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            due_date=d.date,
            phrase=d.phrase[:100],
            line=d.line,
            needs_confirmation=d.needs_confirmation,
            recurring=d.recurring or "",
            **owner,
        )
        for d in p.unit.deadlines
    )
    new = []
    for i in p.unit.indicators:
        values = {"target": _indicator_target(i.target), "unit": i.unit, "line": i.line}
        key = (
            owner["clause"].pk if owner.get("clause") else None,
            owner["item"].pk if owner.get("item") else None,
            i.text[:100],
        )
        stored = (reuse_indicators or {}).get(key)
        if stored:
            indicator = stored.pop(0)
            for name, value in values.items():
                setattr(indicator, name, value)
            indicator.save()
        else:
            new.append(Indicator(plan=plan, text=i.text[:100], **values, **owner))
    Indicator.objects.bulk_create(new)


# --- Revisions ----------------------------------------------------------------------------------


@dataclass
class ClauseChange:
    kind: str  # "added" | "removed" | "changed" | "unchanged"
    number: int
    heading: str
    old_heading: str = ""
    clause_id: int | None = None
    unit: Unit | None = None
    similarity: float = 1.0

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "number": self.number,
            "heading": self.heading,
            "old_heading": self.old_heading,
            "similarity": round(self.similarity, 3),
        }


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def diff_clauses(plan: Plan, parsed: ParsedPlan, *, min_similarity: float = 0.6) -> list[ClauseChange]:
    """Match the revised text's clauses to the stored ones: by number first when the heading is
    still alike, then by heading similarity; what is left is added or removed."""
    old = list(plan.clauses.select_related("chapter"))
    placed_clauses = [p for p in place_units(parsed) if p.unit.level == "clause"]
    new = [p.unit for p in placed_clauses]
    old_numbers = [c.number for c in old]
    scoped = len(old_numbers) != len(set(old_numbers)) or any(p.chapter_scoped for p in placed_clauses)

    def old_key(c: Clause):
        return (c.chapter.number if scoped and c.chapter else None, c.number)

    new_keys = {
        id(p.unit): (p.chapter.unit.number if scoped and p.chapter else None, p.unit.number) for p in placed_clauses
    }
    unmatched_old = {c.pk: c for c in old}
    changes: list[ClauseChange] = []
    pending: list[Unit] = []
    by_number = {}
    for c in old:
        by_number.setdefault(old_key(c), c)
    for unit in new:
        candidate = by_number.get(new_keys[id(unit)])
        if candidate and candidate.pk in unmatched_old and _similarity(candidate.heading, unit.heading) >= 0.5:
            unmatched_old.pop(candidate.pk)
            changes.append(_change(candidate, unit))
        else:
            pending.append(unit)
    for unit in pending:
        best = max(unmatched_old.values(), key=lambda c: _similarity(c.heading, unit.heading), default=None)
        if best is not None and _similarity(best.heading, unit.heading) >= min_similarity:
            unmatched_old.pop(best.pk)
            changes.append(_change(best, unit))
        else:
            changes.append(ClauseChange("added", unit.number, unit.heading, unit=unit, similarity=0.0))
    for clause in unmatched_old.values():
        changes.append(ClauseChange("removed", clause.number, "", clause.heading, clause_id=clause.pk, similarity=0.0))
    changes.sort(key=lambda c: (c.kind == "removed", c.number))
    return changes


def _change(clause: Clause, unit: Unit) -> ClauseChange:
    same = clause.heading == unit.heading and clause.body == unit.body and clause.number == unit.number
    return ClauseChange(
        "unchanged" if same else "changed",
        unit.number,
        unit.heading,
        clause.heading,
        clause_id=clause.pk,
        unit=unit,
        similarity=_similarity(clause.heading + clause.body, unit.heading + unit.body),
    )
