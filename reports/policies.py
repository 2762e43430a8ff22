"""The policies of midterm evaluations and their outside sources, on the capabilities of
``plans.policy`` (which says who is a supervisor, a leader, an administrator)."""

from __future__ import annotations

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
