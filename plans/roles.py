"""The roles, as Django groups, and the Django model permissions of the three administrators.

等保2.0 三员分立: the administrator's work is split in three, and no account holds two of them —
- 系统管理员 (system administrator): accounts (create, deactivate, reset a password, department)
  and the site's settings (departments, escalation rules, plans in the admin …);
- 安全管理员 (security administrator): who holds which role, and what each role may do;
- 审计管理员 (audit administrator): reads the audit log and the history, changes nothing.
"""

from django.db import models


class Role(models.TextChoices):
    STAFF = "部门填报员", "部门填报员"
    HEAD = "部门负责人", "部门负责人"
    SUPERVISOR = "司法局督察员", "司法局督察员"
    LEADER = "区领导", "区领导"
    ADMIN = "系统管理员", "系统管理员"
    SECURITY_ADMIN = "安全管理员", "安全管理员"
    AUDIT_ADMIN = "审计管理员", "审计管理员"


# Roles whose members belong to a department and act for it.
DEPARTMENT_ROLES = {Role.STAFF, Role.HEAD, Role.SUPERVISOR}
# The three administrators: one account holds at most one of them.
ADMIN_ROLES = (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)

# Apps whose models the system administrator keeps (their data and settings), all permissions.
SYSTEM_ADMIN_APPS = ("plans", "tasks", "inspections", "reports", "notifications")
# Models of those apps that are records, not settings: the system administrator only reads them
# (the event log) — the audit administrator reads them too.
RECORD_MODELS = {("plans", "event")}


def _admin_permissions(role: str):
    """The Django permissions (a queryset) each administrator's group holds."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    if role == Role.ADMIN:
        settings_q = Q(content_type__app_label__in=SYSTEM_ADMIN_APPS)
        for app_label, model in RECORD_MODELS:
            settings_q &= ~Q(content_type__app_label=app_label, content_type__model=model)
        # Accounts, but not roles: the user's other fields, never its groups (the admin enforces it).
        accounts = Q(content_type__app_label="auth", content_type__model="user")
        # Unlocking a locked-out account is account work.
        lockouts = Q(content_type__app_label="axes", codename__in=["view_accessattempt", "delete_accessattempt"])
        return Permission.objects.filter(settings_q | accounts | lockouts)
    if role == Role.SECURITY_ADMIN:
        return Permission.objects.filter(
            Q(content_type__app_label="auth", content_type__model="group")
            | Q(content_type__app_label="auth", codename__in=["view_user", "change_user", "view_permission"])
        )
    if role == Role.AUDIT_ADMIN:
        return Permission.objects.filter(
            Q(codename__startswith="view_")
            & (
                Q(content_type__app_label="admin", content_type__model="logentry")
                | Q(content_type__app_label="axes")
                | Q(content_type__app_label="plans", content_type__model="event")
            )
        )
    return Permission.objects.none()


def ensure_role_groups() -> dict[str, object]:
    """The role groups by name, created if missing (the data migration creates them; a flushed
    test database or a restored dump may not have them)."""
    from django.contrib.auth.models import Group

    return {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}


def sync_admin_permissions(**kwargs) -> None:
    """Give the three administrators' groups exactly their permissions (after every migrate,
    when Django has created the permissions of new models)."""
    groups = ensure_role_groups()
    for role in ADMIN_ROLES:
        groups[role].permissions.set(_admin_permissions(role))
