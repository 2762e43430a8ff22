"""The one permission policy: who may see what, and who may do what.

Every view, export, template, email, command and admin action asks here, through
``can(user, action, obj)`` for one object and the querysets ``Model.objects.visible_to(user)`` /
``editable_by(user)`` for lists. Role rules (who is a supervisor, a head, a leader) are written in
this module and nowhere else; each app registers a policy per model (``plans`` here,
``tasks.policies``, ``notifications.policies``) built on the capabilities below.

The rules, as users meet them:
- a department's unsubmitted work is seen by nobody outside that department, supervisors included;
- submitted work is seen by the department, the supervisors, the leaders and the administrators;
- leaders and users without a role change nothing, except their own account settings;
- anonymous users are sent to the login page (LoginRequiredMiddleware).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Model, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from plans.models import (
    JURISDICTION_KINDS,
    Area,
    AreaKind,
    Chapter,
    Clause,
    Department,
    Event,
    Indicator,
    Item,
    Membership,
    Milestone,
    Plan,
    default_area_id,
)
from plans.roles import ADMIN_ROLES, DEPARTMENT_ROLES, Role
from plans.scoping import policy_for, register_policy

# --- Who the user is ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """What the rules need to know about a user, computed once per request."""

    user_id: int | None
    department_id: int | None
    roles: frozenset[str] = field(default_factory=frozenset)
    is_superuser: bool = False
    is_system: bool = False
    # Where the user works: their area and its 市 or 区 (the jurisdiction). ``read_path`` is the
    # prefix of the areas they may read ("" for all: a single-district install, the city, the
    # administrators); ``write_jurisdiction_id`` the one jurisdiction whose rows they may change
    # (None for any). A city supervisor reads every district and changes only the city's rows.
    area_id: int | None = None
    jurisdiction_id: int | None = None
    jurisdiction_kind: str = ""  # AreaKind of that 市 or 区 ("" when the account has no area)
    read_path: str = ""
    write_jurisdiction_id: int | None = None
    # Whether the install has areas nested in others (a city above its districts): read from the
    # same query, so that pages asking about the city cost nothing in a single-district install.
    areas_nested: bool = False
    # Per-request lookups of plans' and departments' areas (plans.policy.area_of), filled lazily.
    lookups: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def role_names(self) -> list[str]:
        """The roles as the header names them: a leader on a city (above its districts) is a 市领导."""
        city = self.oversees_other_jurisdictions
        return sorted("市领导" if city and role == Role.LEADER else role for role in self.roles)

    @property
    def is_admin(self) -> bool:
        """The system administrator (系统管理员): accounts and settings."""
        return self.is_superuser or Role.ADMIN in self.roles

    @property
    def is_security_admin(self) -> bool:
        """The security administrator (安全管理员): roles and permissions, nothing else."""
        return Role.SECURITY_ADMIN in self.roles and not self.holds_two_admin_roles

    @property
    def is_audit_admin(self) -> bool:
        """The audit administrator (审计管理员): reads the audit log and history, changes nothing."""
        return Role.AUDIT_ADMIN in self.roles and not self.holds_two_admin_roles

    @property
    def holds_two_admin_roles(self) -> bool:
        """An account given two of the three administrators' roles (the admin refuses to save one;
        a database edited by hand might still have it) is none of them."""
        return len(self.roles & set(ADMIN_ROLES)) > 1

    @property
    def manages_accounts(self) -> bool:
        return self.is_admin and not self.holds_two_admin_roles

    @property
    def manages_roles(self) -> bool:
        return self.is_security_admin

    @property
    def reads_audit_log(self) -> bool:
        return self.is_audit_admin

    @property
    def is_supervisor(self) -> bool:
        return Role.SUPERVISOR in self.roles and self.department_id is not None

    @property
    def is_leader(self) -> bool:
        return Role.LEADER in self.roles

    @property
    def is_head(self) -> bool:
        return Role.HEAD in self.roles and self.department_id is not None and not self.is_leader

    @property
    def is_department_member(self) -> bool:
        """Acts for a department: writes its reports. A leader never does, whatever membership."""
        return self.department_id is not None and bool(self.roles & DEPARTMENT_ROLES) and not self.is_leader

    @property
    def is_staff_member(self) -> bool:
        """A department's 填报员: told when a report of theirs is returned (``department_staff``)."""
        return Role.STAFF in self.roles and self.department_id is not None and not self.is_leader

    @property
    def sees_all_submitted_work(self) -> bool:
        """Supervisors, leaders and administrators read every department's submitted work."""
        return self.is_supervisor or self.is_leader or self.is_admin

    @property
    def manages_plans(self) -> bool:
        """Importing plans, assigning departments and deadlines is the 司法局's job."""
        return self.is_supervisor or self.is_admin

    @property
    def reviews_work(self) -> bool:
        """The 司法局's supervisors accept, return and reopen confirmed work and send 催办."""
        return self.is_supervisor

    @property
    def conducts_inspections(self) -> bool:
        """The 司法局's supervisors run 督察: campaigns, findings, their 销号 and the 整改台账."""
        return self.is_supervisor

    @property
    def follows_every_department(self) -> bool:
        """The 司法局's supervisors and the administrators follow every department's records."""
        return self.is_supervisor or self.is_admin

    @property
    def is_read_only(self) -> bool:
        """Leaders (whatever other role they hold), and users with no role at all, change nothing."""
        if self.is_admin:
            return False
        return self.is_leader or not self.is_department_member

    @property
    def reads_department_digest(self) -> bool:
        """Department heads get the weekly digest of their own department's tasks (opt-out)."""
        return self.is_head

    @property
    def robots_belong_to_department(self) -> bool:
        """A head's group robot is the department's; anyone else's is their own."""
        return self.is_head

    def manages_staff_of(self, department_id: int | None) -> bool:
        """A head manages the staff accounts of their own department; administrators of every one."""
        return self.is_admin or self.heads(department_id)

    @property
    def grantable_roles(self) -> frozenset[str]:
        """The roles this user may give an account they create: never one above their own. A head
        makes 填报员; an administrator also 负责人 (the other roles are given in the admin)."""
        if self.is_admin:
            return frozenset({Role.STAFF, Role.HEAD})
        if self.is_head:
            return frozenset({Role.STAFF})
        return frozenset()

    @property
    def is_plain_staff(self) -> bool:
        """An account with the 填报员 role at most: the accounts a head may manage."""
        return not self.is_superuser and self.roles <= {Role.STAFF}

    def acts_for(self, department_id: int | None) -> bool:
        """A member who may write for this department."""
        return department_id is not None and self.is_department_member and self.department_id == department_id

    def heads(self, department_id: int | None) -> bool:
        return self.is_head and self.department_id == department_id

    @property
    def is_area_limited(self) -> bool:
        """Whether areas narrow what this user reads or changes: only once a second 市 or 区 exists."""
        return bool(self.read_path) or self.write_jurisdiction_id is not None

    @property
    def whole_jurisdiction(self) -> str:
        """How pages name everything the user oversees: 全市 for a city's people, else 全区."""
        return "全市" if self.jurisdiction_kind == AreaKind.CITY else "全区"

    @property
    def oversees_other_jurisdictions(self) -> bool:
        """A city-level role: reads the districts below its own jurisdiction (compares them)."""
        return self.sees_all_submitted_work and self.write_jurisdiction_id is not None and not self.read_path


# Roles that act for no department: leaders read all submitted work, administrators run the site.
# Every other role acts for a department and is given one when the account is made.
ROLES_WITHOUT_DEPARTMENT = frozenset({Role.LEADER, *ADMIN_ROLES})


def needs_department(role_names) -> bool:
    """Whether an account with these roles must belong to a department (the user import asks)."""
    return not set(role_names) <= ROLES_WITHOUT_DEPARTMENT


def needs_area(role_names) -> bool:
    """Whether an account with these roles is kept in an area (a membership without a department):
    leaders read their own district (or the city), never more. Administrators run the install."""
    return not set(role_names) <= set(ADMIN_ROLES)


ANONYMOUS = Actor(user_id=None, department_id=None)
# Beat jobs, management commands and the demo writer act as the system, which may do only the
# actions listed here: (model label, or "site" for no object; action).
SYSTEM = Actor(user_id=None, department_id=None, is_system=True)
SYSTEM_ACTIONS = frozenset(
    {
        ("site", "import_plan"),  # manage.py import_plan, the demo plan
        ("plans.Plan", "edit"),  # manage.py import_plan --revise / import_tasks, the demo 任务分解表
        ("notifications.Delivery", "send"),  # reminders and their retries
        # manage.py midterm_report [--final]
        ("reports.MidtermEvaluation", "create"),
        ("reports.MidtermEvaluation", "finalize"),
        ("plans.Indicator", "edit"),  # the demo's indicator baselines
        ("reports.Digest", "create"),  # the weekly digest (督办周报), beat and manage.py weekly_digest
        ("reports.HandoffItem", "send"),  # the batched hand-off messages (beat)
        # 督办: the daily escalation run (beat) and manage.py run_escalation
        ("inspections.EscalationMatter", "escalate"),
        ("inspections.SupervisionNotice", "issue"),
        ("inspections.Interview", "propose"),
    }
)


_ACTOR_COLUMNS = (
    "membership__department_id",
    "membership__area_id",
    "membership__area__jurisdiction_id",
    "membership__area__jurisdiction__kind",
    "membership__area__jurisdiction__path",
    "membership__area__jurisdiction__parent_id",
    "groups__name",
    "nested",
)


@functools.cache
def _actor_sql() -> str:
    """The actor's one query, written out rather than composed by the ORM: every page of every user
    asks it, and composing the seven-table join cost 1 ms a page, three times the query (#24).
    Table and column names come from the models."""
    user_model = get_user_model()
    user, groups = user_model._meta, user_model.groups.through._meta
    membership, area, group = Membership._meta, Area._meta, groups.get_field("group").related_model._meta
    user_fk = groups.get_field("user").column
    kinds = ", ".join(["%s"] * len(JURISDICTION_KINDS))
    return (
        f"SELECT m.{membership.get_field('department').column}, m.{membership.get_field('area').column},"
        f" a.{area.get_field('jurisdiction').column}, j.kind, j.path, j.{area.get_field('parent').column}, g.name,"
        f" EXISTS(SELECT 1 FROM {area.db_table} n WHERE n.kind IN ({kinds}) AND n.{area.get_field('parent').column}"
        " IS NOT NULL)"
        f" FROM {user.db_table} u"
        f" LEFT JOIN {membership.db_table} m ON m.{membership.get_field('user').column} = u.{user.pk.column}"
        f" LEFT JOIN {area.db_table} a ON a.{area.pk.column} = m.{membership.get_field('area').column}"
        f" LEFT JOIN {area.db_table} j ON j.{area.pk.column} = a.{area.get_field('jurisdiction').column}"
        f" LEFT JOIN {groups.db_table} ug ON ug.{user_fk} = u.{user.pk.column}"
        f" LEFT JOIN {group.db_table} g ON g.{group.pk.column} = ug.{groups.get_field('group').column}"
        f" WHERE u.{user.pk.column} = %s"
    )


def actor_for(user) -> Actor:
    """The user's Actor (an Actor passes through), cached on the user object for the request."""
    if isinstance(user, Actor):
        return user
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_duban_actor", None)
    if cached is not None:
        return cached
    # One query for the department and the area (and whether the install has a second 市 or 区),
    # and the roles: a row per role (the membership is one to one), one row without a role.
    with connection.cursor() as cursor:
        cursor.execute(_actor_sql(), [*sorted(str(kind) for kind in JURISDICTION_KINDS), user.pk])
        rows = [dict(zip(_ACTOR_COLUMNS, values, strict=True)) for values in cursor.fetchall()]
    row = rows[0] if rows else {}
    roles = frozenset(r["groups__name"] for r in rows if r["groups__name"] is not None)
    actor = Actor(
        user_id=user.pk,
        department_id=row.get("membership__department_id"),
        roles=roles,
        is_superuser=user.is_superuser,
        area_id=row.get("membership__area_id"),
        jurisdiction_id=row.get("membership__area__jurisdiction_id"),
        jurisdiction_kind=row.get("membership__area__jurisdiction__kind") or "",
        areas_nested=bool(row.get("nested")),
    )
    if row.get("nested") and not (actor.is_admin or actor.roles & set(ADMIN_ROLES)):
        actor = _within_jurisdiction(actor, row)
    user._duban_actor = actor
    return actor


def _within_jurisdiction(actor: Actor, row: dict) -> Actor:
    """Narrow an actor of an install with several 市/区 to their jurisdiction. An account with no
    area (made before the second district) counts as the first district's: never wider."""
    from dataclasses import replace

    if actor.area_id is None:
        area = Area.objects.filter(pk=default_area_id()).values("pk", "jurisdiction_id").first()
        jurisdiction = Area.objects.filter(pk=area["jurisdiction_id"]).values("path", "parent_id", "kind").first()
        row = {
            "membership__area__jurisdiction__path": jurisdiction["path"],
            "membership__area__jurisdiction__parent_id": jurisdiction["parent_id"],
        }
        actor = replace(
            actor, area_id=area["pk"], jurisdiction_id=area["jurisdiction_id"], jurisdiction_kind=jurisdiction["kind"]
        )
    # The top of the tree (the city) reads everything below it.
    at_top = row.get("membership__area__jurisdiction__parent_id") is None
    return replace(
        actor,
        read_path="" if at_top else row["membership__area__jurisdiction__path"],
        write_jurisdiction_id=actor.jurisdiction_id,
    )


# --- Areas: one more thing the policy decides ------------------------------------------------------


def chosen_jurisdiction(user, value) -> Area:
    """The 市 or 区 a page shows: ``value`` (?area=ID) among those the user reads, else their own."""
    from plans.utils import parse_id

    pk = parse_id(value)
    if pk:
        area = Area.objects.visible_to(user).filter(pk=pk, kind__in=JURISDICTION_KINDS).first()
        if area is not None:
            return area
    return jurisdiction_of(user)


def jurisdiction_of(user) -> Area:
    """The 市 or 区 that what a user creates belongs to (a plan imported, a campaign, a 督办单): their
    own; the first district's for the system and for accounts with no area."""
    actor = actor_for(user)
    pk = actor.jurisdiction_id
    if pk is None:
        pk = Area.objects.values_list("jurisdiction_id", flat=True).get(pk=default_area_id())
    return Area.objects.get(pk=pk)


def area_q(actor: Actor, area_fields: tuple[str, ...], *, write: bool) -> Q | None:
    """The rows inside the actor's areas, for a model whose area is reached through ``area_fields``
    (paths to an Area foreign key, tried in order: the first that is set decides; a row with none
    belongs to no area and is not narrowed). None when nothing narrows."""
    if not area_fields or not actor.is_area_limited:
        return None
    if (write and actor.write_jurisdiction_id is None) or (not write and not actor.read_path):
        return None

    def inside(path: str) -> Q:
        if write:
            return Q(**{f"{path}__jurisdiction_id": actor.write_jurisdiction_id})
        return Q(**{f"{path}__path__startswith": actor.read_path})

    q = Q()
    for path in reversed(area_fields):
        q = inside(path) | (Q(**{f"{path}__isnull": True}) & q)
    return q


def _lookup(actor: Actor, name: str, load) -> dict:
    if name not in actor.lookups:
        actor.lookups[name] = load()
    return actor.lookups[name]


def area_of(actor: Actor, obj, area_fields: tuple[str, ...]) -> int | None:
    """The area id of one object, read through the same paths as ``area_q``: the plans' and
    departments' areas are looked up once per request, so a list asking ``can`` per row stays at
    a fixed number of queries."""
    tables = {
        Plan: lambda: dict(Plan.objects.values_list("pk", "area_id")),
        Department: lambda: dict(Department.objects.values_list("pk", "area_id")),
    }
    for path in area_fields:
        parts = path.split("__")
        target, model = obj, type(obj)
        for part in parts[:-2]:
            target = getattr(target, part)
            if target is None:
                break
        if target is None:
            continue
        if len(parts) == 1:
            area_id = getattr(target, f"{parts[0]}_id")
        else:
            owner = parts[-2]
            model = type(target)._meta.get_field(owner).related_model
            owner_id = getattr(target, f"{owner}_id")
            if owner_id is None:
                continue
            if model in tables:
                area_id = _lookup(actor, model._meta.label, tables[model]).get(owner_id)
            else:
                area_id = model._default_manager.filter(pk=owner_id).values_list("area_id", flat=True).first()
        if area_id is not None:
            return area_id
    return None


def within_areas(actor: Actor, obj, area_fields: tuple[str, ...], *, write: bool) -> bool:
    """Whether one object lies inside the actor's areas (``area_q`` for one row)."""
    if area_q(actor, area_fields, write=write) is None:
        return True
    area_id = area_of(actor, obj, area_fields)
    if area_id is None:
        return True
    area = obj._state.fields_cache.get(area_fields[0]) if area_fields[0] == "area" else None
    if isinstance(area, Area) and area.pk == area_id:
        # Read with the object (select_related): the same row the table below would give.
        path, jurisdiction_id = area.path, area.jurisdiction_id
    else:
        areas = _lookup(
            actor,
            "areas",
            lambda: {a: (p, j) for a, p, j in Area.objects.values_list("pk", "path", "jurisdiction_id")},
        )
        path, jurisdiction_id = areas.get(area_id, ("", None))
    if write:
        return jurisdiction_id == actor.write_jurisdiction_id
    return path.startswith(actor.read_path)


# --- The policy interface --------------------------------------------------------------------


class ModelPolicy:
    """What one model's policy answers. ``actions`` names every action ``can`` may be asked.

    ``area_fields`` says where a row sits in the area tree (paths to an Area foreign key, such as
    "plan__area" or "department__area"): ``visible_to`` keeps the rows of the areas the user reads,
    ``editable_by`` and every action that changes something the rows of the user's own jurisdiction (``reads`` says which actions only read). A model without one (a user's own
    settings) is not narrowed by area."""

    actions: frozenset[str] = frozenset({"view"})
    area_fields: tuple[str, ...] = ()

    @staticmethod
    def reads(action: str) -> bool:
        """Actions that only read (view, see_…, print_…): allowed in every area the user reads;
        every other action only in the user's own jurisdiction."""
        return action == "view" or action.startswith(("view_", "see_", "print_"))

    def visible_in_areas(self, user, queryset: QuerySet) -> QuerySet:
        """``visible`` narrowed to the user's areas: what ``Model.objects.visible_to`` returns."""
        actor = actor_for(user)
        queryset = self.visible(actor, queryset)
        q = area_q(actor, self.area_fields, write=False)
        return queryset if q is None else queryset.filter(q)

    def in_own_jurisdiction(self, user, queryset: QuerySet) -> QuerySet:
        """The rows of ``queryset`` in the user's own jurisdiction (no other narrowing)."""
        q = area_q(actor_for(user), self.area_fields, write=True)
        return queryset if q is None else queryset.filter(q)

    def editable_in_areas(self, user, queryset: QuerySet) -> QuerySet:
        """``editable`` narrowed to the user's jurisdiction: what ``editable_by`` returns."""
        actor = actor_for(user)
        return self.in_own_jurisdiction(actor, self.editable(actor, queryset))

    def visible(self, user, queryset: QuerySet) -> QuerySet:
        return queryset.none()

    def editable(self, user, queryset: QuerySet) -> QuerySet:
        return queryset.none()

    def allows(self, actor: Actor, action: str, obj) -> bool:
        """Default: ``view`` is visibility, ``edit`` is editability; anything else is refused."""
        if isinstance(obj, type):
            return False
        scope = {"view": self.visible, "edit": self.editable}.get(action)
        if scope is None:
            return False
        return scope(actor, type(obj)._default_manager.filter(pk=obj.pk)).exists()


class SitePolicy(ModelPolicy):
    """Actions on no particular object: which pages and menus a user has."""

    actions = frozenset(
        {
            "view_department_home",  # 本部门工作 and 我的任务
            "view_supervision",  # 督察总览
            "view_overview",  # 全区总览
            "view_city",  # 各区比较: the districts below a city side by side
            "view_midterm",  # 中期评估 (built from handed-in work only)
            "view_review_queue",  # 待确认 (heads) / 待审核 (supervisors)
            "import_plan",
            "use_admin",
            "change_data",  # any change at all beyond one's own account settings
            "view_inspections",  # 督察整改: campaigns, findings and the 整改台账 one may see
            "manage_inspections",  # create campaigns, import the 整改台账
            "view_inspection_coverage",  # 督察全覆盖
            "view_escalation",  # 督办总览: 督办单 by colour and unit, 挂牌督办, 约谈 proposals
            "read_digest",  # 督办周报: leaders, and heads for their department
            "view_annual",  # 法治政府建设年度报告: departments their own, the 司法局 and leaders all handed in
            # 三员分立: each administrator's own work (plans.roles)
            "manage_accounts",  # 系统管理员: accounts, their departments, passwords
            "manage_roles",  # 安全管理员: who holds which role; the roles' permissions
            "read_audit",  # 审计管理员: the audit page over the event log and the history
        }
    )

    def allows(self, actor: Actor, action: str, obj) -> bool:
        if action == "view_department_home":
            return actor.is_department_member and has_own_plans(actor)
        if action == "view_supervision":
            return actor.manages_plans
        if action == "view_overview":
            return actor.sees_all_submitted_work
        if action == "view_midterm":
            return actor.sees_all_submitted_work
        if action == "view_city":
            return compares_districts(actor)
        if action == "view_review_queue":
            return bool(review_step(actor))
        if action == "import_plan":
            return actor.manages_plans
        if action == "use_admin":
            return actor.manages_accounts or actor.manages_roles or actor.reads_audit_log
        if action == "manage_accounts":
            return actor.manages_accounts
        if action == "manage_roles":
            return actor.manages_roles
        if action == "read_audit":
            return actor.reads_audit_log
        if action == "change_data":
            return not actor.is_read_only
        if action == "view_inspections":
            return actor.is_department_member or actor.sees_all_submitted_work
        if action == "manage_inspections":
            return actor.conducts_inspections
        if action == "view_inspection_coverage":
            return actor.sees_all_submitted_work
        if action == "view_escalation":
            return actor.sees_all_submitted_work
        if action == "read_digest":
            return actor.is_leader or actor.reads_department_digest
        if action == "view_annual":
            return actor.is_department_member or actor.sees_all_submitted_work
        return False


SITE = SitePolicy()


def districts_compared(user) -> QuerySet:
    """The 市/区 below the user's jurisdiction whose handed-in work the city page compares: for a
    city-level supervisor or leader the jurisdictions under their city, for an administrator every
    district; none for anyone else (a district's own people compare nothing)."""
    actor = actor_for(user)
    jurisdictions = Area.objects.filter(kind__in=JURISDICTION_KINDS)
    if actor.is_admin:
        return jurisdictions.filter(kind=AreaKind.DISTRICT)
    if not actor.oversees_other_jurisdictions:
        return jurisdictions.none()
    return jurisdictions.filter(
        path__startswith=Area.objects.filter(pk=actor.write_jurisdiction_id).values("path")[:1]
    ).exclude(pk=actor.write_jurisdiction_id)


def compares_districts(user) -> bool:
    """Whether the user sits above more than one jurisdiction and reads each one's handed-in work:
    city supervisors and leaders, and administrators once there are several districts. A
    single-district install asks the database nothing more (``Actor.areas_nested`` is False there);
    elsewhere one count, once per request."""
    actor = actor_for(user)
    if not actor.is_authenticated or actor.is_system or not actor.sees_all_submitted_work:
        return False
    if not actor.areas_nested or not (actor.is_admin or actor.oversees_other_jurisdictions):
        return False
    return _lookup(actor, "districts_compared", lambda: districts_compared(actor).count()) > 1


def review_step(user) -> str:
    """The workflow step whose queue the user works through: "accept" (supervisors review
    confirmed work), "confirm" (heads confirm their department's submissions) or ""."""
    actor = actor_for(user)
    if not (actor.reviews_work or actor.is_head) or not has_own_plans(actor):
        return ""
    return "accept" if actor.reviews_work else "confirm"


def has_own_plans(user) -> bool:
    """Whether the user's own 市 or 区 has a plan of its own (not archived), so that there is
    department work to write and review in it. Only a city's people are asked (one query, once per
    request): a city above its districts may have none, and then its 本部门工作, 我的任务 and review
    queue hold nothing — the city reads its districts' work on 各区比较 instead."""
    actor = actor_for(user)
    if actor.write_jurisdiction_id is None or actor.read_path:
        return True  # a district's people, a single-district install, the administrators
    return _lookup(
        actor,
        "own_plans",
        lambda: Plan.objects.filter(area__jurisdiction_id=actor.write_jurisdiction_id).active().exists(),
    )


def can(user, action: str, obj=None) -> bool:
    """May ``user`` (a user or an Actor) do ``action`` to ``obj`` (an instance, a model class for
    creating one, or None for a page of the site)? An action the policy does not know is a bug."""
    actor = actor_for(user)
    policy = SITE if obj is None else policy_for(obj)
    if action not in policy.actions:
        raise ValueError(f"{type(policy).__name__} has no action {action!r}.")
    if actor.is_system:
        return ("site" if obj is None else obj._meta.label, action) in SYSTEM_ACTIONS
    if not actor.is_authenticated:
        return False
    outside = obj is not None and not isinstance(obj, type) and actor.is_area_limited
    if outside and not within_areas(actor, obj, policy.area_fields, write=not policy.reads(action)):
        return False
    return policy.allows(actor, action, obj)


def require(user, action: str, obj=None, message: str = "您没有执行此操作的权限。") -> None:
    """``can`` or PermissionDenied (403)."""
    if not can(user, action, obj):
        raise PermissionDenied(message)


def get_for_user(request, queryset_or_model, *, for_change: bool = False, **lookup) -> Model:
    """Fetch one object the way every view must: 404 when the user may not see it, 403 when they
    may see it but not change it (``for_change=True``)."""
    if isinstance(queryset_or_model, QuerySet):
        manager = queryset_or_model.model._default_manager
        if hasattr(queryset_or_model, "visible_to"):  # scoped already: a manager wider than the default
            visible = queryset_or_model.visible_to(request.user)
        else:
            visible = queryset_or_model & manager.visible_to(request.user)
    else:
        manager = queryset_or_model._default_manager
        visible = manager.visible_to(request.user)
    obj = get_object_or_404(visible, **lookup)
    if for_change and not manager.editable_by(request.user).filter(pk=obj.pk).exists():
        raise PermissionDenied("您没有修改此内容的权限。")
    return obj


def department_heads(users):
    """The users among ``users`` who head a department: ``Actor.is_head`` for querysets (a leader who
    also holds the head role acts for no department)."""
    return users.filter(groups__name=Role.HEAD, membership__isnull=False).exclude(groups__name=Role.LEADER)


def department_staff(users, department_id: int):
    """The 填报员 of a department among ``users`` (told when a report of theirs is returned)."""
    return users.filter(groups__name=Role.STAFF, membership__department_id=department_id).exclude(
        groups__name=Role.LEADER
    )


def work_reviewers(users, *, department_id: int | None = None):
    """The users among ``users`` who review confirmed work: ``Actor.reviews_work`` for querysets;
    with ``department_id``, those who review that department's work: its own 市 or 区's supervisors
    (never another district's, nor the city's, which reviews no district's work)."""
    users = users.filter(groups__name=Role.SUPERVISOR, membership__isnull=False)
    if department_id is not None:
        jurisdiction = Department.objects.filter(pk=department_id).values("area__jurisdiction_id")
        users = users.filter(membership__area__jurisdiction_id=Subquery(jurisdiction))
    return users


def landing_page(user) -> str:
    """Which home page a user lands on: city (a city's supervisors and leaders), supervision,
    overview, department, admin or '' (no role)."""
    actor = actor_for(user)
    if actor.oversees_other_jurisdictions and compares_districts(actor):
        return "city"
    if actor.reviews_work:
        return "supervision"
    if actor.is_leader:
        return "overview"
    if actor.is_department_member:
        return "department"
    if actor.is_admin or actor.is_security_admin:
        return "admin"
    if actor.is_audit_admin:
        return "audit"
    return ""


# Changes that are a user's own business, allowed to read-only users too (leaders change their
# password and, later, their digest and notification settings). Named by URL name.
OWN_ACCOUNT_VIEWS = frozenset(
    {
        "login",
        "logout",
        "password_change",
        "digest_pause",
        "digest_scope",
        "digest_robots",
        "digest_robot_remove",
        "notification_settings",
    }
)


def may_submit_form(user, url_name: str | None, namespace: str = "") -> bool:
    """Whether a POST to this view may reach it at all: read-only users only change their own
    account; the Django admin applies its own staff and model permissions."""
    if namespace == "admin" or url_name in OWN_ACCOUNT_VIEWS:
        return True
    return can(user, "change_data")


def department_work_q(actor: Actor, *, department_field: str, submitted: Q) -> Q:
    """The rows of department-owned work an actor may see: its own department's, and once
    ``submitted`` (it has left its department) everyone's for those who read all submitted work."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    # A leader never sees unsubmitted work, whatever department they are also a member of.
    own = Q(**{department_field: actor.department_id}) if actor.is_department_member else Q(pk__in=[])
    if actor.sees_all_submitted_work:
        return own | submitted
    return own


# --- The policies of this app's models ----------------------------------------------------------


class DepartmentPolicy(ModelPolicy):
    """Members see their own department; supervisors, leaders and admins see all. Administrators
    edit every department; a head edits their own department's contacts and adds its 填报员."""

    actions = frozenset({"view", "edit", "add_staff"})
    area_fields = ("area",)

    def allows(self, actor, action, department):
        if action == "add_staff":
            return actor.manages_staff_of(department.pk) and department.is_active
        return super().allows(actor, action, department)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        if actor.sees_all_submitted_work:
            return queryset.all()
        return queryset.filter(pk=actor.department_id) if actor.department_id else queryset.none()

    def editable(self, user, queryset):
        actor = actor_for(user)
        if actor.is_admin:
            return queryset.all()
        if actor.is_head:
            return queryset.filter(pk=actor.department_id)
        return queryset.none()


class MembershipPolicy(ModelPolicy):
    """Members see their colleagues (and themselves); supervisors, leaders and admins see everyone.
    A head deactivates, reactivates and resets the password of their own department's 填报员
    accounts (never their own, never another head's or anyone with a higher role); administrators
    those of every department."""

    actions = frozenset({"view", "edit", "deactivate", "reactivate", "reset_password"})
    area_fields = ("area",)

    def allows(self, actor, action, membership):
        if action in {"deactivate", "reactivate", "reset_password"}:
            user = membership.user
            if user.pk == actor.user_id or not actor.manages_staff_of(membership.department_id):
                return False
            if not actor_for(user).is_plain_staff:
                return False
            if action == "deactivate":
                return user.is_active
            if action == "reactivate":
                return not user.is_active
            return True
        return super().allows(actor, action, membership)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        if actor.sees_all_submitted_work:
            return queryset.all()
        return queryset.filter(Q(department_id=actor.department_id) | Q(user_id=actor.user_id))

    def editable(self, user, queryset):
        return queryset.all() if actor_for(user).is_admin else queryset.none()


class PlanPolicy(ModelPolicy):
    """A plan is a public document: everyone with a role reads it; supervisors and admins import,
    revise and assign it, mark it the current plan and archive it."""

    actions = frozenset(
        {
            "view",
            "edit",
            "mark_current",  # the plan every page opens on by default
            "archive",  # hidden from the pickers, kept for history
        }
    )
    area_fields = ("area",)

    def allows(self, actor, action, plan):
        if action == "mark_current":
            return actor.manages_plans and plan.archived_at is None and not plan.is_current
        if action == "archive":
            return actor.manages_plans and plan.archived_at is None
        if action == "edit" and not isinstance(plan, type) and plan.pk is not None:
            # What ``editable`` answers for a plan that exists, without asking the database again.
            return actor.manages_plans
        return super().allows(actor, action, plan)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if actor.is_admin or actor.is_department_member or actor.is_leader:
            return queryset.all()
        return queryset.none()

    def editable(self, user, queryset):
        return queryset.all() if actor_for(user).manages_plans else queryset.none()


class PlanContentPolicy(ModelPolicy):
    """Chapters, clauses, items, milestones and indicators share their plan's visibility."""

    actions = frozenset({"view", "edit"})
    area_fields = ("plan__area",)

    def visible(self, user, queryset):
        return queryset.filter(plan__in=Plan.objects.visible_to(user))

    def editable(self, user, queryset):
        return queryset.filter(plan__in=Plan.objects.editable_by(user))


class EventPolicy(ModelPolicy):
    """What happened is read by the audience the action chose: the department alone (its drafts,
    its head's returns), the department with the 司法局 and the leaders (handed-in work), or
    everyone who reads the plan (imports, assignments)."""

    actions = frozenset({"view"})
    area_fields = (
        "plan__area",
        "department__area",
    )

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        own = Q(department_id=actor.department_id) if actor.is_department_member else Q(pk__in=[])
        q = Q(audience=Event.Audience.DEPARTMENT) & own
        oversight = Q(audience=Event.Audience.OVERSIGHT)
        q |= oversight if actor.sees_all_submitted_work else oversight & own
        if actor.is_admin or actor.is_department_member or actor.is_leader:
            q |= Q(audience=Event.Audience.EVERYONE)
        return queryset.filter(q)


class AreaPolicy(ModelPolicy):
    """Areas are read where their work is read (a district's people their district and its 街镇,
    the city everything); administrators set them up in the admin."""

    actions = frozenset({"view", "edit"})

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        return queryset.filter(path__startswith=actor.read_path) if actor.read_path else queryset.all()

    def editable(self, user, queryset):
        return queryset.all() if actor_for(user).manages_accounts else queryset.none()


register_policy(Area._meta.label, AreaPolicy())
register_policy(Event._meta.label, EventPolicy())
register_policy(Department._meta.label, DepartmentPolicy())
register_policy(Membership._meta.label, MembershipPolicy())
register_policy(Plan._meta.label, PlanPolicy())
for _model in (Chapter, Clause, Item, Milestone, Indicator):
    register_policy(_model._meta.label, PlanContentPolicy())
