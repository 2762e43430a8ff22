"""The policies of midterm evaluations and their outside sources, on the capabilities of
``plans.policy`` (which says who is a supervisor, a leader, an administrator)."""

from __future__ import annotations

from plans.policy import ModelPolicy, actor_for
from plans.scoping import register_policy
from reports.models import EvaluationSource, MidtermEvaluation


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
