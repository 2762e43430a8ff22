"""The policies of midterm evaluations and their outside sources, on the capabilities of
``plans.policy`` (which says who is a supervisor, a leader, an administrator)."""

from __future__ import annotations

from django.db.models import Q

from plans.policy import ModelPolicy, actor_for
from plans.scoping import register_policy
from reports.models import (
    Digest,
    DigestScope,
    DigestSettings,
    EvaluationSource,
    HandoffItem,
    LeaderDepartment,
    MidtermEvaluation,
)


class MidtermPolicy(ModelPolicy):
    """Read by those who read every department's handed-in work (it is built from nothing else);
    created, edited and finalized by the 司法局's supervisors."""

    actions = frozenset({"view", "edit", "create", "finalize"})
    area_fields = ("plan__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        return queryset.all() if actor.is_authenticated and actor.sees_all_submitted_work else queryset.none()

    def editable(self, user, queryset):
        actor = actor_for(user)
        return queryset.all() if actor.is_authenticated and actor.reviews_work else queryset.none()

    def allows(self, actor, action, obj):
        if action == "create":
            return actor.reviews_work
        if action == "finalize":
            return actor.reviews_work and not isinstance(obj, type) and not obj.is_final
        if action == "edit" and not isinstance(obj, type):
            return actor.reviews_work and not obj.is_final
        return super().allows(actor, action, obj)


class SourcePolicy(ModelPolicy):
    """Outside voices: read with the evaluation, recorded by supervisors."""

    actions = frozenset({"view", "create"})
    area_fields = ("plan__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        return queryset.all() if actor.is_authenticated and actor.sees_all_submitted_work else queryset.none()

    def allows(self, actor, action, obj):
        if action == "create":
            return actor.reviews_work
        return super().allows(actor, action, obj)


register_policy(MidtermEvaluation._meta.label, MidtermPolicy())
register_policy(EvaluationSource._meta.label, SourcePolicy())


class OwnDigestPolicy(ModelPolicy):
    """A reader's digest settings, scopes and 分管部门, and the digests they received: read by the
    reader and the administrators; changed by the administrators, and the settings and scopes by
    the reader too (their own account, allowed to read-only leaders: plans.policy.OWN_ACCOUNT_VIEWS).
    ``create`` on Digest is the sending machinery's (the system actor) and an administrator's 补发."""

    actions = frozenset({"view", "edit", "create"})

    def __init__(self, *, reader_edits: bool):
        self.reader_edits = reader_edits

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        return queryset.all() if actor.is_admin else queryset.filter(user_id=actor.user_id)

    def editable(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        if actor.is_admin:
            return queryset.all()
        return queryset.filter(user_id=actor.user_id) if self.reader_edits else queryset.none()

    def allows(self, actor, action, obj):
        if action == "create":
            return actor.is_admin
        return super().allows(actor, action, obj)


class HandoffPolicy(OwnDigestPolicy):
    """A person's pending hand-off moves: theirs to read; ``send`` is the batching job's (system)."""

    actions = frozenset({"view", "edit", "create", "send"})

    def allows(self, actor, action, obj):
        if action == "send":
            return False  # only the system actor (plans.policy.SYSTEM_ACTIONS)
        return super().allows(actor, action, obj)


register_policy(Digest._meta.label, OwnDigestPolicy(reader_edits=False))
register_policy(HandoffItem._meta.label, HandoffPolicy(reader_edits=False))
register_policy(DigestSettings._meta.label, OwnDigestPolicy(reader_edits=True))
register_policy(DigestScope._meta.label, OwnDigestPolicy(reader_edits=True))
register_policy(LeaderDepartment._meta.label, OwnDigestPolicy(reader_edits=False))


# --- The annual report (法治政府建设年度报告) and the public page (政务公开) ---------------------

from reports.annual_models import AnnualReport, DutyRecord, PublicPage  # noqa: E402

HANDED_IN = ("submitted", "returned", "accepted", "published")


class AnnualReportPolicy(ModelPolicy):
    """A department's report is its own until submitted (then the 司法局, leaders and administrators
    read it too); the district's is read by those who read all submitted work and, once published,
    by everyone with a role. The department writes its own, its head confirms, the department
    submits; supervisors accept, return, write the district's and publish."""

    actions = frozenset({"view", "edit", "create", "confirm", "submit", "accept", "return", "publish"})
    area_fields = ("plan__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        q = Q(state=AnnualReport.State.PUBLISHED) if not actor.is_read_only or actor.is_leader else Q(pk__in=[])
        if actor.is_department_member:
            q |= Q(department_id=actor.department_id)
        if actor.sees_all_submitted_work:
            q |= Q(department__isnull=True) | Q(state__in=HANDED_IN)
        return queryset.filter(q)

    def editable(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        q = Q(pk__in=[])
        if actor.is_department_member:
            q |= Q(department_id=actor.department_id, state__in=["draft", "returned"])
        if actor.reviews_work:
            q |= Q(department__isnull=True, state="draft")
        return queryset.filter(q)

    def allows(self, actor, action, obj):
        if isinstance(obj, type):
            # Opening a report: a department member their own department's, a supervisor any
            # (the district's); the action checks which one.
            return action == "create" and (actor.is_department_member or actor.reviews_work)
        state = obj.state
        if action == "create":
            return actor.reviews_work if obj.is_district else actor.acts_for(obj.department_id)
        if action == "confirm":
            return not obj.is_district and actor.heads(obj.department_id) and state in ("draft", "returned")
        if action == "submit":
            return not obj.is_district and actor.acts_for(obj.department_id) and state == "confirmed"
        if action in ("accept", "return"):
            return not obj.is_district and actor.reviews_work and state == "submitted"
        if action == "publish":
            return actor.reviews_work and state == ("draft" if obj.is_district else "accepted")
        return super().allows(actor, action, obj)


class DutyRecordPolicy(ModelPolicy):
    """The 第一责任人履职 form goes with its report: read and written by whoever reads and writes it."""

    actions = frozenset({"view", "edit"})
    area_fields = ("report__plan__area",)

    def visible(self, user, queryset):
        return queryset.filter(report__in=AnnualReport.objects.visible_to(user))

    def editable(self, user, queryset):
        return queryset.filter(report__in=AnnualReport.objects.editable_by(user))


class PublicPagePolicy(ModelPolicy):
    """The public page's switch: seen by those who manage plans, turned on and off by supervisors.
    The page itself needs no policy: it shows only what is public (reports.public)."""

    actions = frozenset({"view", "edit"})
    area_fields = ("plan__area",)

    def visible(self, user, queryset):
        return queryset.all() if actor_for(user).manages_plans else queryset.none()

    def editable(self, user, queryset):
        return queryset.all() if actor_for(user).reviews_work else queryset.none()

    def allows(self, actor, action, obj):
        # A page not yet switched on is asked about as PublicPage(plan=…), so that ``can`` checks
        # its plan's area first: only the plan's own district turns it on, never the city.
        if isinstance(obj, type) or obj.pk is None:
            return action == "edit" and actor.reviews_work
        return super().allows(actor, action, obj)


register_policy(AnnualReport._meta.label, AnnualReportPolicy())
register_policy(DutyRecord._meta.label, DutyRecordPolicy())
register_policy(PublicPage._meta.label, PublicPagePolicy())
