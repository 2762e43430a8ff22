"""What revising a plan with a new text would do, clause by clause, before anything is written:
the preview a supervisor confirms (tasks.views.plan_revise_preview). The writing is
tasks.actions.plan_revise; the matching of clauses is plans.importing's, shared by both."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from plans.importing import diff_clauses
from plans.models import Clause, Plan
from plans.parsing import ParsedPlan
from plans.textdiff import Segment, inline_diff
from tasks.models import ProgressReport, Task

KIND_LABELS = {"added": "新增", "removed": "删除", "changed": "修改", "unchanged": "未变"}


@dataclass
class TaskEffect:
    """One stored task touched by the revision and the work recorded on it."""

    pk: int
    code: str
    title: str
    reports: int


@dataclass
class ClauseRow:
    kind: str
    label: str
    heading: str
    old_heading: str = ""
    segments: list[Segment] = field(default_factory=list)  # the text's difference, for a changed clause
    text: str = ""  # the whole text of an added or removed clause
    tasks: list[TaskEffect] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)  # named in an added clause's text

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def reports(self) -> int:
        return sum(t.reports for t in self.tasks)


@dataclass
class RevisionPreview:
    rows: list[ClauseRow]  # added and changed clauses by number, then the removed ones
    counts: dict[str, int]

    @property
    def has_changes(self) -> bool:
        return any(self.counts.get(kind) for kind in ("added", "removed", "changed"))

    @property
    def reports_on_archived(self) -> int:
        return sum(row.reports for row in self.rows if row.kind == "removed")


def _text(heading: str, body: str) -> str:
    return f"{heading}\n{body}" if body else heading


def revision_preview(plan: Plan, parsed: ParsedPlan, user) -> RevisionPreview:
    """The clause changes of revising ``plan`` with ``parsed`` and the tasks each one touches, with
    the reports on them that ``user`` may read (departments' drafts are theirs alone; they are
    kept all the same)."""
    changes = diff_clauses(plan, parsed)
    clause_ids = [c.clause_id for c in changes if c.clause_id and c.kind != "unchanged"]
    clauses = Clause.objects.in_bulk(clause_ids)
    tasks: dict[int, list[TaskEffect]] = defaultdict(list)
    touched = Task.objects.filter(plan=plan, clause_id__in=clause_ids, archived_at__isnull=True)
    counts = dict(
        ProgressReport.objects.visible_to(user)
        .filter(task__in=touched)
        .values("task_id")
        .annotate(n=Count("pk"))
        .values_list("task_id", "n")
    )
    for task in touched.order_by("position"):
        tasks[task.clause_id].append(TaskEffect(task.pk, task.code, task.title, counts.get(task.pk, 0)))
    rows = []
    for change in changes:
        if change.kind == "unchanged":
            continue
        old = clauses.get(change.clause_id)
        row = ClauseRow(
            kind=change.kind,
            label=change.unit.label if change.unit else old.label,
            heading=change.heading,
            old_heading=change.old_heading,
            tasks=tasks.get(change.clause_id, []),
        )
        if change.kind == "changed":
            row.segments = inline_diff(_text(old.heading, old.body), _text(change.unit.heading, change.unit.body))
        elif change.kind == "removed":
            row.text = _text(old.heading, old.body)
        else:
            row.text = _text(change.unit.heading, change.unit.body)
            row.departments = [
                f"{m.name}（{'牵头' if m.role == 'lead' else '配合'}）"
                for m in change.unit.departments
                if m.role in {"lead", "support"}
            ]
        rows.append(row)
    return RevisionPreview(rows=rows, counts=dict(Counter(c.kind for c in changes)))
