"""督察待办: what waits for a user in 督察 — shown on the department's and the supervisors' home
pages (the unit is also told by email when a campaign opens or a finding is recorded)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from inspections.models import Campaign, CampaignTarget, Finding, FindingState, RectificationEntry, SupervisionNotice
from plans.policy import actor_for

# A to-do section lists its first SECTION_ITEMS and counts the rest: a city's supervisor may have
# hundreds of 销号 requests or reports waiting (reports.todo shows the sections).
SECTION_ITEMS = 50


def _first(queryset, items: list, make) -> int:
    """Append ``make(row)`` for the first SECTION_ITEMS rows of ``queryset``; return how many are left out."""
    rows = list(queryset[:SECTION_ITEMS])
    items.extend(make(row) for row in rows)
    return queryset.count() - len(rows) if len(rows) == SECTION_ITEMS else 0


@dataclass
class TodoItem:
    label: str
    detail: str
    url: str
    due: datetime.date | None = None
    overdue: bool = False


class TodoItems(list):
    """A source's answer when it has more than it lists: the first items, how many there are in
    all (``total``) and how many of them are overdue."""

    def __init__(self, items=(), *, total: int | None = None, overdue: int | None = None):
        super().__init__(items)
        self.total = len(self) if total is None else total
        self.overdue = sum(1 for item in self if item.overdue) if overdue is None else overdue

    @classmethod
    def first_of(cls, items: list[TodoItem], limit: int = SECTION_ITEMS) -> TodoItems:
        """The first ``limit`` of ``items`` — a list built whole, or ``TodoItems`` already listing
        some of more — counted as a whole."""
        overdue = items.overdue if isinstance(items, TodoItems) else sum(1 for item in items if item.overdue)
        return cls(items[:limit], total=getattr(items, "total", len(items)), overdue=overdue)


def todo_for(user, *, today: datetime.date) -> list[TodoItem]:
    actor = actor_for(user)
    items: list[TodoItem] = []
    if actor.conducts_inspections:
        # The own 市 or 区's alone: another district's (and, for the city, every district's) work is
        # not this supervisor's to review.
        confirmed = CampaignTarget.objects.in_own_jurisdiction(user).filter(
            campaign__state=Campaign.State.OPEN, inspected_on__isnull=True, self_report_state="confirmed"
        )
        unlisted = _first(
            confirmed.select_related("campaign", "department"),
            items,
            lambda target: TodoItem(
                "自查报告待审阅",
                f"{target.campaign.name} · {target.department.name}",
                reverse("inspections:target_detail", args=[target.pk]),
            ),
        )
        close_requested = Finding.objects.in_own_jurisdiction(user).filter(state=FindingState.CLOSE_REQUESTED)
        unlisted += _first(
            close_requested.select_related("campaign", "unit"),
            items,
            lambda finding: TodoItem(
                "销号申请待审核",
                f"{finding.unit.name} · {finding.description[:40]}",
                reverse("inspections:finding_detail", args=[finding.pk]),
                finding.deadline,
            ),
        )
        replied = (
            SupervisionNotice.objects.visible_to(user)
            .in_own_jurisdiction(user)
            .filter(state=SupervisionNotice.State.REPLIED)
        )
        unlisted += _first(
            replied.order_by("pk"),
            items,
            lambda notice: TodoItem(
                "督办单反馈待审核",
                f"{notice.number} · {notice.subject[:40]}",
                reverse("inspections:notice_detail", args=[notice.pk]),
            ),
        )
        return TodoItems(items, total=len(items) + unlisted)
    if not actor.is_department_member:
        return items
    own = actor.department_id
    for target in (
        CampaignTarget.objects.visible_to(user)
        .filter(department_id=own, campaign__state=Campaign.State.OPEN)
        .select_related("campaign")
    ):
        due = target.campaign.self_report_due
        if target.self_report_state in {"", "draft"}:
            items.append(
                TodoItem(
                    "报送自查报告",
                    target.campaign.name,
                    reverse("inspections:target_detail", args=[target.pk]),
                    due,
                    bool(due and due < today),
                )
            )
        elif target.self_report_state == "submitted" and actor.heads(own):
            items.append(
                TodoItem(
                    "确认自查报告", target.campaign.name, reverse("inspections:target_detail", args=[target.pk]), due
                )
            )
    waiting_staff = {
        FindingState.RECORDED: "制定整改方案",
        FindingState.RECTIFYING: "整改并申请销号",
        FindingState.RETURNED: "销号申请被退回，请补充",
    }
    waiting_head = {
        FindingState.PLAN_SUBMITTED: "确认整改方案",
        FindingState.CLOSE_SUBMITTED: "确认销号申请",
    }
    for finding in (
        Finding.objects.filter(unit_id=own)
        .exclude(state__in=["closed", "long_term", "close_requested"])
        .select_related("campaign")
    ):
        label = waiting_staff.get(finding.state) or (waiting_head.get(finding.state) if actor.heads(own) else None)
        if label:
            items.append(
                TodoItem(
                    label,
                    f"{finding.campaign.name} · {finding.description[:40]}",
                    reverse("inspections:finding_detail", args=[finding.pk]),
                    finding.deadline,
                    finding.is_overdue(today),
                )
            )
    # 督办单 addressed to the unit and not yet answered: what to reply by when.
    for notice in (
        SupervisionNotice.objects.visible_to(user)
        .filter(state__in=SupervisionNotice.UNANSWERED)
        .order_by("reply_deadline", "pk")
    ):
        items.append(
            TodoItem(
                f"{notice.colour_word}督办单待反馈",
                f"{notice.number} · {notice.subject[:40]}",
                reverse("inspections:notice_detail", args=[notice.pk]),
                notice.reply_deadline,
                notice.is_unanswered(today),
            )
        )
    if actor.heads(own):
        for entry in RectificationEntry.objects.filter(department_id=own, handed_in=False).select_related("finding"):
            items.append(
                TodoItem(
                    "确认整改进展", entry.text[:40], reverse("inspections:finding_detail", args=[entry.finding_id])
                )
            )
    return sorted(items, key=lambda i: (i.due is None, i.due or today))
