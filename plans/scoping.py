"""Permission-scoped querysets: every model a user can reach answers ``visible_to(user)`` and
``editable_by(user)`` by asking the policy registered for it (``plans.policy``).

This module imports no model, so that ``plans.models`` can use it while ``plans.policy`` imports
``plans.models``: the rules live in the policy, the models only know where to ask.
"""

from __future__ import annotations

from django.db import models

_POLICIES: dict[str, object] = {}


def register_policy(model_label: str, policy) -> None:
    """Make ``policy`` the one that answers for the model ``app_label.ModelName``."""
    _POLICIES[model_label] = policy


def policy_for(model) -> object:
    """The policy registered for a model class or instance; a model without one is a bug."""
    label = model._meta.label
    try:
        return _POLICIES[label]
    except KeyError:
        raise LookupError(f"No permission policy is registered for {label}.") from None


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows ``user`` may see."""
        return policy_for(self.model).visible_in_areas(user, self)

    def in_own_jurisdiction(self, user):
        """The rows of the user's own 市 or 区, where they act: what a to-do list may hold (a city
        supervisor reads the districts' handed-in work but has none of it to do)."""
        return policy_for(self.model).in_own_jurisdiction(user, self)

    def editable_by(self, user):
        """The rows ``user`` may change in some way (the object's state decides which change)."""
        return policy_for(self.model).editable_in_areas(user, self)
