"""The five roles, as Django groups created by a data migration, and what each one implies."""

from django.db import models


class Role(models.TextChoices):
    STAFF = "部门填报员", "部门填报员"
    HEAD = "部门负责人", "部门负责人"
    SUPERVISOR = "司法局督察员", "司法局督察员"
    LEADER = "区领导", "区领导"
    ADMIN = "系统管理员", "系统管理员"


# Roles whose members belong to a department and act for it.
DEPARTMENT_ROLES = {Role.STAFF, Role.HEAD, Role.SUPERVISOR}


def ensure_role_groups() -> dict[str, object]:
    """The role groups by name, created if missing (the data migration creates them; a flushed
    test database or a restored dump may not have them)."""
    from django.contrib.auth.models import Group

    return {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
