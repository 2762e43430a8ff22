"""Who sees which outgoing messages (催办 and other deliveries)."""

from notifications.models import Delivery
from plans.policy import ModelPolicy, actor_for
from plans.scoping import register_policy


class DeliveryPolicy(ModelPolicy):
    """Supervisors and administrators see every delivery; a department sees those sent to it.
    Nobody changes one through the UI: the sending machinery does."""

    actions = frozenset({"view", "send"})  # "send": the system actor's alone (plans.policy.SYSTEM_ACTIONS)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if actor.follows_every_department:
            return queryset.all()
        if actor.is_department_member:
            return queryset.filter(department_id=actor.department_id)
        return queryset.none()


register_policy(Delivery._meta.label, DeliveryPolicy())
