"""Who sees and does what in 督察, built on the capabilities of ``plans.policy.Actor``.

- The 司法局's supervisors run campaigns, record findings, verify and close them (销号) or return
  them; they see everything except what a unit has not yet handed in.
- A unit sees the campaigns that inspect it (once opened), their 共性 items and its own 个性 items,
  and the findings where it is the responsible (牵头) or a supporting (配合) unit.
- A unit's staff write its 自查报告, 整改方案, progress and 销号申请; its head confirms each before
  it leaves the department. Until then the draft stays inside the unit.
- Leaders and administrators read what has left the units; they change nothing here.
"""

from __future__ import annotations

from django.db.models import Q

from inspections.models import (
    CLOSE_HANDED_IN,
    PLAN_HANDED_IN,
    Attachment,
    Campaign,
    CampaignTarget,
    ChecklistItem,
    EscalationMatter,
    EscalationRule,
    Finding,
    FindingState,
    Interview,
    RectificationEntry,
    SupervisionNotice,
)
from plans.policy import ModelPolicy, actor_for, area_q, can
from plans.scoping import register_policy

OPEN_FOR_PROGRESS = frozenset({FindingState.RECTIFYING, FindingState.RETURNED, FindingState.LONG_TERM})


def _reads_all(actor) -> bool:
    return actor.conducts_inspections or actor.sees_all_submitted_work


class CampaignPolicy(ModelPolicy):
    """Supervisors see and run every campaign; others see opened ones (units: those inspecting them)."""

    actions = frozenset({"view", "edit", "open", "close", "record_finding", "import_ledger"})
    area_fields = ("area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        opened = ~Q(state=Campaign.State.DRAFT)
        if actor.conducts_inspections:
            # A campaign in preparation is its own 司法局's: the city sees a district's once opened.
            own = area_q(actor, self.area_fields, write=True)
            return queryset.all() if own is None else queryset.filter(own | opened)
        if actor.sees_all_submitted_work:
            return queryset.filter(opened)
        if actor.is_department_member:
            inspected = CampaignTarget.objects.filter(department_id=actor.department_id).values("campaign_id")
            return queryset.filter(opened, pk__in=inspected)
        return queryset.none()

    def editable(self, user, queryset):
        return queryset.all() if actor_for(user).conducts_inspections else queryset.none()

    def allows(self, actor, action, campaign):
        if isinstance(campaign, type):  # creating one
            return action == "edit" and actor.conducts_inspections
        if action == "edit":
            return actor.conducts_inspections and campaign.state != Campaign.State.CLOSED
        if action == "open":
            return actor.conducts_inspections and campaign.state == Campaign.State.DRAFT
        if action == "close":
            return actor.conducts_inspections and campaign.state == Campaign.State.OPEN
        if action == "record_finding":
            return actor.conducts_inspections and campaign.state != Campaign.State.DRAFT
        if action == "import_ledger":
            return actor.conducts_inspections
        return super().allows(actor, action, campaign)


class CampaignTargetPolicy(ModelPolicy):
    """A campaign's unit: the unit writes its 自查报告, its head confirms it, the supervisor records
    the visit or the written review."""

    actions = frozenset(
        {"view", "edit", "write_self_report", "confirm_self_report", "return_self_report", "see_self_report"}
        | {"record_inspection", "print_feedback"}
    )
    area_fields = ("department__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        return queryset.filter(campaign__in=Campaign.objects.visible_to(actor)).filter(self._own_or_all(actor))

    @staticmethod
    def _own_or_all(actor) -> Q:
        if _reads_all(actor):
            return Q()
        if actor.is_department_member:
            return Q(department_id=actor.department_id)
        return Q(pk__in=[])

    def editable(self, user, queryset):
        actor = actor_for(user)
        if actor.is_read_only:
            return queryset.none()
        if actor.conducts_inspections:
            return queryset.all()
        return self.visible(actor, queryset).filter(department_id=actor.department_id)

    def allows(self, actor, action, target):
        campaign_open = target.campaign.state == Campaign.State.OPEN
        state = target.self_report_state
        if action == "write_self_report":
            return campaign_open and actor.acts_for(target.department_id) and state in {"", "draft"}
        if action in {"confirm_self_report", "return_self_report"}:
            return state == CampaignTarget.SelfReport.SUBMITTED and actor.heads(target.department_id)
        if action == "see_self_report":
            if actor.acts_for(target.department_id):
                return True
            return target.self_report_handed_in and _reads_all(actor)
        if action == "record_inspection":
            return actor.conducts_inspections and target.campaign.state != Campaign.State.DRAFT
        if action == "print_feedback":
            return super().allows(actor, "view", target)
        return super().allows(actor, action, target)


class ChecklistItemPolicy(ModelPolicy):
    """Items are read with their campaign; a unit reads the 共性 items and its own 个性 ones."""

    actions = frozenset({"view", "edit"})
    area_fields = ("campaign__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        queryset = queryset.filter(campaign__in=Campaign.objects.visible_to(actor))
        if _reads_all(actor):
            return queryset
        return queryset.filter(Q(department__isnull=True) | Q(department_id=actor.department_id))

    def editable(self, user, queryset):
        return queryset.all() if actor_for(user).conducts_inspections else queryset.none()


class FindingPolicy(ModelPolicy):
    """A finding is the 司法局's record: supervisors, leaders and administrators read all of them;
    a unit reads those it is responsible for or supports. The responsible unit answers it."""

    actions = frozenset(
        {"view", "edit", "add_progress", "see_plan", "see_close_request", "see_history"}
        | set(Finding.TRANSITIONS.values())
    )
    area_fields = ("unit__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        if _reads_all(actor):
            return queryset.all()
        if actor.is_department_member:
            supported = Finding.supporting_units.through.objects.filter(department_id=actor.department_id)
            return queryset.filter(Q(unit_id=actor.department_id) | Q(pk__in=supported.values("finding_id")))
        return queryset.none()

    def editable(self, user, queryset):
        actor = actor_for(user)
        if actor.is_read_only:
            return queryset.none()
        if actor.conducts_inspections:
            return queryset.all()
        if actor.is_department_member:
            return queryset.filter(unit_id=actor.department_id)
        return queryset.none()

    def allows(self, actor, action, finding):
        state = finding.state
        unit = finding.unit_id
        if action == "submit_plan":
            return state == FindingState.RECORDED and actor.acts_for(unit)
        if action in {"confirm", "return_internal"}:
            return state in {FindingState.PLAN_SUBMITTED, FindingState.CLOSE_SUBMITTED} and actor.heads(unit)
        if action == "request_close":
            return state in {FindingState.RECTIFYING, FindingState.RETURNED} and actor.acts_for(unit)
        if action in {"close", "return"}:
            return state == FindingState.CLOSE_REQUESTED and actor.conducts_inspections
        if action == "reopen":
            return state in {FindingState.CLOSED, FindingState.LONG_TERM} and actor.conducts_inspections
        if action == "add_progress":
            return state in OPEN_FOR_PROGRESS and actor.acts_for(unit)
        if action == "see_plan":
            return (actor.is_department_member and actor.department_id == unit) or (
                state in PLAN_HANDED_IN and self._sees(actor, finding)
            )
        if action == "see_history":
            # Field-level history carries the unit's internal steps and a head's return reasons.
            return actor.is_admin or (actor.is_department_member and actor.department_id == unit)
        if action == "see_close_request":
            return (actor.is_department_member and actor.department_id == unit) or (
                state in CLOSE_HANDED_IN and self._sees(actor, finding)
            )
        return super().allows(actor, action, finding)

    def _sees(self, actor, finding) -> bool:
        """``view``, answered as ``visible`` would without a query where the row itself tells: a
        reader of everything, the responsible unit, a supporting unit when the finding's units were
        prefetched (a ledger of many findings asks this per row)."""
        if _reads_all(actor):
            return True
        if actor.is_department_member:
            if finding.unit_id == actor.department_id:
                return True
            if "supporting_units" in getattr(finding, "_prefetched_objects_cache", {}):
                return any(d.pk == actor.department_id for d in finding.supporting_units.all())
        return super().allows(actor, "view", finding)


class RectificationEntryPolicy(ModelPolicy):
    """Progress entries are read with their finding once handed in; before, inside the unit only."""

    actions = frozenset({"view", "edit", "confirm"})
    area_fields = ("department__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        own = Q(department_id=actor.department_id) if actor.is_department_member else Q(pk__in=[])
        return queryset.filter(finding__in=Finding.objects.visible_to(actor)).filter(Q(handed_in=True) | own)

    def editable(self, user, queryset):
        actor = actor_for(user)
        if actor.is_read_only or not actor.is_department_member:
            return queryset.none()
        return queryset.filter(department_id=actor.department_id, handed_in=False)

    def allows(self, actor, action, entry):
        if action == "confirm":
            return not entry.handed_in and actor.heads(entry.department_id)
        return super().allows(actor, action, entry)


class AttachmentPolicy(ModelPolicy):
    """Files are read with what they back, once handed in; a unit's unsent files stay inside it."""

    actions = frozenset({"view"})
    area_fields = ("department__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        own = Q(department_id=actor.department_id) if actor.is_department_member else Q(pk__in=[])
        backed = (
            Q(target__in=CampaignTarget.objects.visible_to(actor))
            | Q(finding__in=Finding.objects.visible_to(actor))
            | Q(notice__in=SupervisionNotice.objects.visible_to(actor))
        )
        return queryset.filter(backed).filter(Q(handed_in=True) | own)


def finding_moves(user, finding) -> list[tuple[str, str, str]]:
    """(to state, action, label) of the moves to offer ``user`` on a finding. The plan and the close
    request are submitted with their forms, so they get no separate button."""
    return [
        (to, action, "转为长期坚持" if to == FindingState.LONG_TERM else Finding.ACTION_LABELS[action])
        for (frm, to), action in Finding.TRANSITIONS.items()
        if frm == finding.state
        and action not in {"submit_plan", "request_close"}
        and (action != "close" or to == finding.close_state)
        and can(user, action, finding)
    ]


class EscalationRulePolicy(ModelPolicy):
    """The rule table is read by the 司法局, the leaders and administrators; administrators edit it."""

    actions = frozenset({"view", "edit"})

    def visible(self, user, queryset):
        return queryset.all() if _reads_all(actor_for(user)) else queryset.none()

    def editable(self, user, queryset):
        return queryset.all() if actor_for(user).is_admin else queryset.none()


def _unit_scope(actor, field: str) -> Q | None:
    """None: all rows; otherwise the rows of the actor's own unit (nothing without one)."""
    if _reads_all(actor):
        return None
    if actor.is_department_member:
        return Q(**{field: actor.department_id})
    return Q(pk__in=[])


class EscalationMatterPolicy(ModelPolicy):
    """A matter under 督办 is seen by its unit and by those who read all submitted work; the
    daily run (system) escalates it; a supervisor moves it down by hand or takes it off the list
    (摘牌) once the matter is done."""

    actions = frozenset({"view", "escalate", "deescalate", "delist"})
    area_fields = ("unit__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        scope = _unit_scope(actor, "unit_id")
        return queryset.all() if scope is None else queryset.filter(scope)

    def allows(self, actor, action, matter):
        if isinstance(matter, type):
            return False
        if action == "deescalate":
            return actor.reviews_work and bool(matter.rung)
        if action == "delist":
            return actor.reviews_work and matter.is_listed and matter.resolved_on is not None
        return super().allows(actor, action, matter)


def _notices_of(department_id):
    """The notices addressed to a unit, as a subquery (no join, so querysets still combine)."""
    return SupervisionNotice.units.through.objects.filter(department_id=department_id).values("supervisionnotice_id")


class SupervisionNoticePolicy(ModelPolicy):
    """督办单: the units it is addressed to sign and answer it; supervisors issue manual ones and
    accept or return the answers; leaders read them all."""

    actions = frozenset({"view", "issue", "sign", "reply", "accept", "return"})
    area_fields = ("area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        if _reads_all(actor):
            return queryset.all()
        if actor.is_department_member:
            return queryset.filter(pk__in=_notices_of(actor.department_id))
        return queryset.none()

    def editable(self, user, queryset):
        actor = actor_for(user)
        if actor.is_read_only:
            return queryset.none()
        if actor.reviews_work:
            return queryset.all()
        return queryset.filter(pk__in=_notices_of(actor.department_id))

    def allows(self, actor, action, notice):
        if isinstance(notice, type):
            return action == "issue" and actor.reviews_work
        state = SupervisionNotice.State
        own = actor.is_department_member and notice.units.filter(pk=actor.department_id).exists()
        if action == "sign":
            return own and notice.state == state.ISSUED
        if action == "reply":
            return own and notice.state in {state.ISSUED, state.SIGNED, state.RETURNED}
        if action in {"accept", "return"}:
            return actor.reviews_work and notice.state == state.REPLIED
        return super().allows(actor, action, notice)


class InterviewPolicy(ModelPolicy):
    """约谈 is proposed by the ladder to the supervisors, who schedule or dismiss it and, once it is
    held, record its outcome; leaders read them all; a unit learns of its own once scheduled."""

    actions = frozenset({"view", "propose", "schedule", "dismiss", "record"})
    area_fields = ("unit__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        if _reads_all(actor):
            return queryset.all()
        # A unit learns of an interview once it is scheduled, not while it is only proposed.
        if actor.is_department_member:
            return queryset.filter(
                unit_id=actor.department_id, state__in=[Interview.State.SCHEDULED, Interview.State.HELD]
            )
        return queryset.none()

    def allows(self, actor, action, interview):
        if isinstance(interview, type):
            return False
        if action in {"schedule", "dismiss"}:
            return actor.reviews_work and interview.state == Interview.State.PROPOSED
        if action == "record":
            return actor.reviews_work and interview.state == Interview.State.SCHEDULED
        return super().allows(actor, action, interview)


register_policy(EscalationRule._meta.label, EscalationRulePolicy())
register_policy(EscalationMatter._meta.label, EscalationMatterPolicy())
register_policy(SupervisionNotice._meta.label, SupervisionNoticePolicy())
register_policy(Interview._meta.label, InterviewPolicy())
register_policy(Campaign._meta.label, CampaignPolicy())
register_policy(CampaignTarget._meta.label, CampaignTargetPolicy())
register_policy(ChecklistItem._meta.label, ChecklistItemPolicy())
register_policy(Finding._meta.label, FindingPolicy())
register_policy(RectificationEntry._meta.label, RectificationEntryPolicy())
register_policy(Attachment._meta.label, AttachmentPolicy())
