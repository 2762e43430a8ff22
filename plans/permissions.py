"""The one permission layer.

Every view, export and API fetches objects through the querysets built here
(``visible_to`` / ``editable_by`` on each model's manager) and the fetch helper
``get_for_user``; no view filters by department on its own.

The rules, applied by each model to its own objects:
- a department's unsubmitted work is seen by nobody outside that department, supervisors included;
- submitted work is seen by the department, the supervisors, the leaders and the administrators;
- leaders change nothing; anonymous users are sent to the login page (LoginRequiredMiddleware).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from plans.roles import DEPARTMENT_ROLES, Role


@dataclass(frozen=True)
class Actor:
    """What the permission rules need to know about a user, computed once per request."""

    user_id: int | None
    department_id: int | None
    roles: frozenset[str] = field(default_factory=frozenset)
    is_superuser: bool = False

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.roles

    @property
    def is_supervisor(self) -> bool:
        return Role.SUPERVISOR in self.roles and self.department_id is not None

    @property
    def is_leader(self) -> bool:
        return Role.LEADER in self.roles

    @property
    def is_head(self) -> bool:
        return Role.HEAD in self.roles and self.department_id is not None

    @property
    def is_department_member(self) -> bool:
        return self.department_id is not None and bool(self.roles & DEPARTMENT_ROLES) and not self.is_leader

    @property
    def sees_all_submitted_work(self) -> bool:
        """Supervisors, leaders and administrators read every department's submitted work."""
        return self.is_supervisor or self.is_leader or self.is_admin

    @property
    def can_manage_plans(self) -> bool:
        """Importing plans, assigning departments and deadlines is the 司法局's job."""
        return self.is_supervisor or self.is_admin

    @property
    def is_read_only(self) -> bool:
        """Leaders (whatever other role they hold), and users with no role at all, change nothing."""
        if self.is_admin:
            return False
        return self.is_leader or not self.is_department_member


ANONYMOUS = Actor(user_id=None, department_id=None)


def actor_for(user) -> Actor:
    """The user's Actor, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_duban_actor", None)
    if cached is not None:
        return cached
    from plans.models import Membership

    department_id = Membership.objects.filter(user_id=user.pk).values_list("department_id", flat=True).first()
    roles = frozenset(user.groups.values_list("name", flat=True))
    actor = Actor(user_id=user.pk, department_id=department_id, roles=roles, is_superuser=user.is_superuser)
    user._duban_actor = actor
    return actor


def department_work_q(actor: Actor, *, department_field: str, submitted: Q) -> Q | None:
    """The rows of department-owned work this actor may see, or None for "everything".

    ``submitted`` is the condition under which the work has left its department.
    """
    if actor.user_id is None:
        return Q(pk__in=[])
    own = Q(**{department_field: actor.department_id}) if actor.department_id else Q(pk__in=[])
    if actor.sees_all_submitted_work:
        return own | submitted
    return own


def get_for_user(request, queryset_or_model, *, for_change: bool = False, **lookup) -> Model:
    """Fetch one object the way every view must: 404 when the user may not see it,
    403 when they may see it but not change it (``for_change=True``)."""
    if isinstance(queryset_or_model, QuerySet):
        manager = queryset_or_model.model._default_manager
        visible = queryset_or_model & manager.visible_to(request.user)
    else:
        manager = queryset_or_model._default_manager
        visible = manager.visible_to(request.user)
    obj = get_object_or_404(visible, **lookup)
    if for_change and not manager.editable_by(request.user).filter(pk=obj.pk).exists():
        raise PermissionDenied("您没有修改此内容的权限。")
    return obj
