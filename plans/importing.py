"""Bring a plan's structure to a parsed text (plans.parsing.ParsedPlan): the one writer of
chapters, clauses, items, milestones and indicators, for a new plan and for a revision alike, and
the one matcher that pairs stored rows with the units of a revised text.

Callers wrap the writer in one transaction together with the plan's tasks (tasks.creation), so
that an import writes everything or nothing.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple, TypeVar

from django.db.models import F, Model
from simple_history.utils import bulk_create_with_history

from plans.models import Chapter, Clause, Indicator, Item, Milestone, Plan
from plans.parsing import ParsedPlan, Unit

LEVEL_RANK = {"chapter": 0, "clause": 1, "item": 2, "subitem": 3}


# Identity, not field equality: placed units key the dictionaries that pair them with rows.
@dataclass(eq=False)
class PlacedUnit:
    """A parsed unit with the parsed units above it, resolved by document order, and the row it
    was written to (set by write_plan_structure)."""

    unit: Unit
    position: int
    chapter: PlacedUnit | None = None
    clause: PlacedUnit | None = None
    parent_item: PlacedUnit | None = None
    children: list[PlacedUnit] = field(default_factory=list)
    # Set when clause numbers restart in each chapter: codes then start with the chapter.
    chapter_scoped: bool = False
    row: Chapter | Clause | Item | None = None

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


class PlanStructure(NamedTuple):
    """What write_plan_structure wrote: every placed unit with its ``row``, and the clause changes."""

    placed: list[PlacedUnit]
    changes: list[ClauseChange]


# Unique (plan, position) constraints: rows that move are parked past any real position first.
POSITION_OFFSET = 1_000_000


def write_plan_structure(plan: Plan, parsed: ParsedPlan) -> PlanStructure:
    """Bring ``plan``'s chapters, clauses, items, milestones and indicators to ``parsed``.

    A new plan has nothing stored, so every unit is written new. For a stored plan, rows keep their
    identity where match_units pairs them with a unit of the text: clauses by number, then heading
    (by chapter and number where numbers restart in each chapter); items the same way among the
    items of their clause or parent item; chapters by number. Indicators keep theirs when clause,
    item and text are unchanged, since reported values refer to them; milestones are read again
    from the text. Stored rows that match nothing are deleted.
    """
    placed = place_units(parsed)
    clause_rows, changes = _match_clauses(plan, placed)
    chapter_rows = match_units(
        list(plan.chapters.all()), [p for p in placed if p.unit.level == "chapter"], by_heading=False
    )
    # Items are matched among siblings: the items of one clause, or the sub-items of one item.
    stored_items: dict[tuple[int | None, int | None], list[Item]] = defaultdict(list)
    for item in plan.items.all():
        stored_items[(item.clause_id, item.parent_id)].append(item)
    siblings: dict[tuple[PlacedUnit | None, PlacedUnit | None], list[PlacedUnit]] = defaultdict(list)
    for p in placed:
        if p.unit.level in ("item", "subitem"):
            siblings[(p.clause, p.parent_item)].append(p)
    item_rows: dict[PlacedUnit, Item] = {}
    matched_groups: set[tuple[PlacedUnit | None, PlacedUnit | None]] = set()

    Clause.objects.filter(plan=plan).update(position=F("position") + POSITION_OFFSET)
    Item.objects.filter(plan=plan).update(position=F("position") + POSITION_OFFSET)
    plan.milestones.all().delete()
    stored_indicators: dict[tuple[int | None, int | None, str], list[Indicator]] = defaultdict(list)
    for indicator in plan.indicators.all():
        stored_indicators[(indicator.clause_id, indicator.item_id, indicator.text)].append(indicator)

    for p in placed:
        u = p.unit
        values = {"number": u.number, "label": u.label, "heading": u.heading[:500], "body": u.body, "line": u.line}
        if u.level == "chapter":
            row = chapter_rows.get(p) or Chapter(plan=plan)
        elif u.level == "clause":
            row = clause_rows.get(p) or Clause(plan=plan)
            values.update(chapter=p.chapter.row if p.chapter else None, position=p.position)
        else:
            clause = p.clause.row if p.clause else None
            parent = p.parent_item.row if p.parent_item else None
            group = (p.clause, p.parent_item)
            # The clause and parent item come first in the text, so their rows are written by now.
            if group not in matched_groups:
                matched_groups.add(group)
                stored = stored_items.get((clause.pk if clause else None, parent.pk if parent else None), [])
                item_rows.update(match_units(stored, siblings[group]))
            row = item_rows.get(p) or Item(plan=plan)
            values.update(clause=clause, parent=parent, level=u.level, position=p.position)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        p.row = row
        _write_unit_content(plan, p, stored_indicators)

    # Indicators the revised text no longer has.
    Indicator.objects.filter(pk__in=[i.pk for left in stored_indicators.values() for i in left]).delete()
    kept: dict[type, set[int]] = defaultdict(set)
    for p in placed:
        kept[type(p.row)].add(p.row.pk)
    for model in (Clause, Item, Chapter):
        model.objects.filter(plan=plan).exclude(pk__in=kept[model]).delete()
    return PlanStructure(placed, changes)


def _indicator_target(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _write_unit_content(plan: Plan, p: PlacedUnit, stored_indicators: dict) -> None:
    """The milestones and indicators found in one unit's text.

    ``stored_indicators`` maps (clause id, item id, text) to the plan's stored indicators: a match
    is updated in place (and taken from the map) so that values reported against it stay attached."""
    owner = {}
    if isinstance(p.row, Clause):
        owner = {"clause": p.row}
    elif isinstance(p.row, Item):
        owner = {"item": p.row, "clause": p.row.clause}
    # With their history records: "as of" views read milestones from the history.
    milestones = [
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
        if d.recurring != "ongoing"  # no date to check: the task itself is marked ongoing
    ]
    if milestones:
        bulk_create_with_history(milestones, Milestone)
    new = []
    for i in p.unit.indicators:
        values = {"target": _indicator_target(i.target), "unit": i.unit, "line": i.line}
        key = (
            owner["clause"].pk if owner.get("clause") else None,
            owner["item"].pk if owner.get("item") else None,
            i.text[:100],
        )
        stored = stored_indicators.get(key)
        if stored:
            indicator = stored.pop(0)
            for name, value in values.items():
                setattr(indicator, name, value)
            indicator.save()
        else:
            new.append(Indicator(plan=plan, text=i.text[:100], **values, **owner))
    if new:
        bulk_create_with_history(new, Indicator)


# --- Matching a revised text to the stored rows ---------------------------------------------------


@dataclass
class ClauseChange:
    """What a revised text does to one clause."""

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


# Under the same number a reworded heading still matches; under another number it must be closer.
SAME_NUMBER_SIMILARITY = 0.5
HEADING_SIMILARITY = 0.6

RowT = TypeVar("RowT", bound=Model)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 to 1 (difflib's ratio)."""
    return difflib.SequenceMatcher(None, a, b).ratio()


def match_units(
    rows: Sequence[RowT],
    units: Sequence[PlacedUnit],
    *,
    row_key: Callable[[RowT], Hashable] = lambda row: row.number,
    unit_key: Callable[[PlacedUnit], Hashable] = lambda p: p.unit.number,
    by_heading: bool = True,
    min_similarity: float = HEADING_SIMILARITY,
) -> dict[PlacedUnit, RowT]:
    """Pair stored rows with the parsed units that revise them; each row is used once.

    First, a unit takes the row with its key (the number, by default) if the heading is still
    alike; then each unit left takes the unpaired row with the most similar heading, if at least
    ``min_similarity``. Units left unpaired are new; rows left unpaired are gone.
    ``by_heading=False`` pairs by key alone, whatever the headings say."""
    unpaired = {row.pk: row for row in rows}
    by_key: dict[Hashable, RowT] = {}
    for row in rows:
        by_key.setdefault(row_key(row), row)
    pairs: dict[PlacedUnit, RowT] = {}
    pending = []
    for p in units:
        candidate = by_key.get(unit_key(p))
        if (
            candidate is not None
            and candidate.pk in unpaired
            and (not by_heading or similarity(candidate.heading, p.unit.heading) >= SAME_NUMBER_SIMILARITY)
        ):
            pairs[p] = unpaired.pop(candidate.pk)
        elif by_heading:
            pending.append(p)
    for p in pending:
        best = max(unpaired.values(), key=lambda row: similarity(row.heading, p.unit.heading), default=None)
        if best is not None and similarity(best.heading, p.unit.heading) >= min_similarity:
            pairs[p] = unpaired.pop(best.pk)
    return pairs


def diff_clauses(plan: Plan, parsed: ParsedPlan, *, min_similarity: float = HEADING_SIMILARITY) -> list[ClauseChange]:
    """What revising ``plan`` with ``parsed`` does to its clauses, without writing anything."""
    return _match_clauses(plan, place_units(parsed), min_similarity=min_similarity)[1]


def _match_clauses(
    plan: Plan, placed: list[PlacedUnit], *, min_similarity: float = HEADING_SIMILARITY
) -> tuple[dict[PlacedUnit, Clause], list[ClauseChange]]:
    stored = list(plan.clauses.select_related("chapter"))
    clauses = [p for p in placed if p.unit.level == "clause"]
    numbers = [c.number for c in stored]
    # Where numbers restart in each chapter (stored or revised), a number means nothing alone.
    scoped = len(numbers) != len(set(numbers)) or any(p.chapter_scoped for p in clauses)
    pairs = match_units(
        stored,
        clauses,
        row_key=lambda c: (c.chapter.number if scoped and c.chapter else None, c.number),
        unit_key=lambda p: (p.chapter.unit.number if scoped and p.chapter else None, p.unit.number),
        min_similarity=min_similarity,
    )
    changes = [
        _change(pairs[p], p.unit)
        if p in pairs
        else ClauseChange("added", p.unit.number, p.unit.heading, unit=p.unit, similarity=0.0)
        for p in clauses
    ]
    paired = {c.pk for c in pairs.values()}
    changes += [
        ClauseChange("removed", c.number, "", c.heading, clause_id=c.pk, similarity=0.0)
        for c in stored
        if c.pk not in paired
    ]
    changes.sort(key=lambda c: (c.kind == "removed", c.number))
    return pairs, changes


def _change(clause: Clause, unit: Unit) -> ClauseChange:
    same = clause.heading == unit.heading and clause.body == unit.body and clause.number == unit.number
    return ClauseChange(
        "unchanged" if same else "changed",
        unit.number,
        unit.heading,
        clause.heading,
        clause_id=clause.pk,
        unit=unit,
        similarity=similarity(clause.heading + clause.body, unit.heading + unit.body),
    )
