"""Who sees which outgoing messages (催办 and other deliveries)."""

from django.db.models import Q

from notifications.models import Delivery, Robot
from plans.policy import ModelPolicy, actor_for
from plans.scoping import register_policy


class DeliveryPolicy(ModelPolicy):
    """Supervisors and administrators see every delivery; a department sees those sent to it.
    Nobody changes one through the UI: the sending machinery does."""

    actions = frozenset({"view", "send"})  # "send": the system actor's alone (plans.policy.SYSTEM_ACTIONS)
    area_fields = ("department__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if actor.follows_every_department:
            return queryset.all()
        if actor.is_department_member:
            return queryset.filter(department_id=actor.department_id)
        return queryset.none()


register_policy(Delivery._meta.label, DeliveryPolicy())


class RobotPolicy(ModelPolicy):
    """A leader's robots are theirs (an own-account setting); a department's are its head's to
    manage and its members' to see; administrators manage all. Nobody reads a secret back."""

    actions = frozenset({"view", "edit", "create"})

    def allows(self, actor, action, obj):
        if action == "create":  # a leader's own robot, a head's department robot
            return actor.is_admin or actor.is_leader or actor.is_head
        return super().allows(actor, action, obj)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        if actor.is_admin:
            return queryset.all()
        mine = Q(user_id=actor.user_id)
        if actor.is_department_member:
            mine |= Q(department_id=actor.department_id)
        return queryset.filter(mine)

    def editable(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        if actor.is_admin:
            return queryset.all()
        mine = Q(user_id=actor.user_id)
        if actor.is_head:
            mine |= Q(department_id=actor.department_id)
        return queryset.filter(mine)


register_policy(Robot._meta.label, RobotPolicy())
