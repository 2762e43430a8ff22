"""The task list's 章 and 部门 pickers of a plan, read once and kept in the shared cache.

They are the same for every reader of the plan (departments are not narrowed by the reader), and
two of the few queries of a page served many times a second (#24). They are kept under the plan's
text version and its facts version (which changes with every task and assignment, bulk writes
included, see ``tasks.facts.invalidate_plan_facts``) and under a generation that a saved or deleted
chapter or department bumps (a renamed or retired department); ten minutes at most besides.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache

from plans.models import Chapter, Department, Plan
from tasks.facts import facts_version, facts_version_key
from tasks.models import Assignment

GENERATION_KEY = "tasks:pickers:generation"
SECONDS = 600


def bump_generation(**kwargs) -> None:
    """A chapter or department changed: every plan's pickers are read again."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def plan_pickers(plan: Plan) -> tuple[list[dict], list[dict]]:
    """The plan's chapters (number, label, heading) and the active departments it assigns work to
    (pk, name), in the pickers' order."""
    key = f"tasks:pickers:{plan_version(plan)}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    pickers = (
        list(Chapter.objects.filter(plan=plan).order_by("line", "number").values("number", "label", "heading")),
        list(
            Department.objects.active()
            .filter(pk__in=Assignment.objects.filter(task__plan=plan).values("department_id"))
            .order_by("kind", "name")
            .values("pk", "name")
        ),
    )
    cache.set(key, pickers, SECONDS)
    return pickers


def plan_version(plan: Plan) -> str:
    """A name for everything a plan's pages print of it: its text version, its facts version (every
    task, assignment, milestone and report) and the generation of chapters, clauses and departments.
    What is kept under it is current; a change gives the plan a new name (two keys, one read)."""
    versions = cache.get_many([facts_version_key(plan.pk), GENERATION_KEY])
    facts, generation = versions.get(facts_version_key(plan.pk)), versions.get(GENERATION_KEY)
    if facts is None:
        facts = facts_version(plan.pk)
    if generation is None:
        bump_generation()
        generation = cache.get(GENERATION_KEY)
    return f"{plan.pk}:{plan.version}:{facts}:{generation}"
