"""Excel/CSV import and export of departments and user accounts (django-import-export)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from plans.departments import DepartmentDirectory
from plans.models import Area, Department, DepartmentKind, Membership, default_area_id
from plans.parsing import split_department_list
from plans.policy import needs_area, needs_department
from plans.roles import Role, ensure_role_groups


class ListWidget(widgets.Widget):
    """A JSON list shown as one cell, items separated by 、."""

    def clean(self, value, row=None, **kwargs):
        return split_department_list(value)

    def render(self, value, obj=None, **kwargs):
        return "、".join(value or [])


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        for code, label in DepartmentKind.choices:
            if value in {code, label}:
                return code
        raise ValueError(f"未知类别“{value}”，应为 区级部门 / 街镇 / 其他。")

    def render(self, value, obj=None, **kwargs):
        return DepartmentKind(value).label if value else ""


class AreaWidget(widgets.Widget):
    """An area by its name (宝山区); an empty cell, or a sheet without the column, is the first
    district's, so a single-district install's sheets need no such column."""

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            return Area.objects.get(pk=default_area_id())
        found = list(Area.objects.filter(name=name)[:2])
        if len(found) != 1:
            raise ValueError(f"未知区域“{name}”。" if not found else f"区域“{name}”不唯一，请在管理后台核对。")
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class DepartmentResource(resources.ModelResource):
    area = fields.Field(attribute="area", column_name="区域", widget=AreaWidget())
    name = fields.Field(attribute="name", column_name="名称")
    # An empty cell is an empty short name, not a missing one.
    short_name = fields.Field(attribute="short_name", column_name="简称", widget=widgets.CharWidget(allow_blank=True))
    aliases = fields.Field(attribute="aliases", column_name="别名", widget=ListWidget())
    kind = fields.Field(attribute="kind", column_name="类别", widget=KindWidget())
    emails = fields.Field(attribute="emails", column_name="联系邮箱", widget=ListWidget())
    is_active = fields.Field(attribute="is_active", column_name="启用", widget=widgets.BooleanWidget())

    class Meta:
        model = Department
        import_id_fields = ["name"]
        fields = ["area", "name", "short_name", "aliases", "kind", "emails", "is_active"]
        clean_model_instances = True
        skip_unchanged = True

    def get_instance(self, instance_loader, row):
        """The department of that name in the row's area (the first district without one): names
        are unique within an area, every district has its 区司法局."""
        try:
            area = AreaWidget().clean(row.get("区域"))
        except ValueError:
            return None  # the row's area field reports the error
        return Department.objects.filter(area=area, name=str(row.get("名称") or "").strip()).first()


class UserResource(resources.ModelResource):
    """Bulk accounts: 用户名, 姓名, 邮箱, 区域 (optional: the first district), 部门 (name or alias,
    within the area's 市 or 区), 角色 (several separated by 、), 职务. A leader has an area and no
    department: a district leader reads their district, a city leader every district."""

    username = fields.Field(attribute="username", column_name="用户名")
    first_name = fields.Field(attribute="first_name", column_name="姓名")
    email = fields.Field(attribute="email", column_name="邮箱")
    area = fields.Field(column_name="区域")
    department = fields.Field(column_name="部门")
    roles = fields.Field(column_name="角色")
    title = fields.Field(column_name="职务")

    class Meta:
        model = get_user_model()
        import_id_fields = ["username"]
        fields = ["username", "first_name", "email", "area", "department", "roles", "title"]
        clean_model_instances = True

    def before_import(self, dataset, **kwargs):
        self._directories: dict[int, DepartmentDirectory] = {}
        self._groups = ensure_role_groups()

    def _directory(self, area: Area) -> DepartmentDirectory:
        if area.pk not in self._directories:
            self._directories[area.pk] = DepartmentDirectory(area=area)
        return self._directories[area.pk]

    def before_import_row(self, row, **kwargs):
        errors = {}
        role_names = split_department_list(row.get("角色"))
        try:
            area = AreaWidget().clean(row.get("区域"))
        except ValueError as exc:
            raise ValidationError({"区域": str(exc)}) from None
        department_name = str(row.get("部门") or "").strip()
        resolution = self._directory(area).resolve(department_name) if department_name else None
        if department_name and (resolution is None or len(resolution.departments) != 1):
            errors["部门"] = f"未知部门“{department_name}”。"
        elif not department_name and needs_department(role_names):
            errors["部门"] = "部门不能为空（只有区领导和系统管理员可以不属于任何部门）。"
        unknown_roles = [name for name in role_names if name not in self._groups]
        if not role_names:
            errors["角色"] = "角色不能为空。"
        elif unknown_roles:
            errors["角色"] = f"未知角色“{'、'.join(unknown_roles)}”，可选：{'、'.join(Role.values)}。"
        if errors:
            raise ValidationError(errors)
        row["_department"] = resolution.departments[0] if resolution else None
        row["_area"] = area
        row["_groups"] = [self._groups[name] for name in role_names]

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.password:
            # Imported accounts sign in only after an administrator sets a password.
            instance.set_unusable_password()

    def after_save_instance(self, instance, row, **kwargs):
        title = str(row.get("职务") or "").strip()
        if row["_department"] is not None:
            Membership.objects.update_or_create(
                user=instance, defaults={"department": row["_department"], "area": row["_area"], "title": title}
            )
        elif needs_area(name.name for name in row["_groups"]):  # a leader: an area, no department
            Membership.objects.update_or_create(
                user=instance, defaults={"department": None, "area": row["_area"], "title": title}
            )
        else:  # an administrator runs the whole install
            Membership.objects.filter(user=instance).delete()
        instance.groups.set(row["_groups"])

    def dehydrate_area(self, user):
        membership = getattr(user, "membership", None)
        return membership.area.name if membership else ""

    def dehydrate_department(self, user):
        membership = getattr(user, "membership", None)
        return membership.department.name if membership and membership.department else ""

    def dehydrate_roles(self, user):
        return "、".join(group.name for group in user.groups.all())

    def dehydrate_title(self, user):
        membership = getattr(user, "membership", None)
        return membership.title if membership else ""

    def get_export_queryset(self, request=None, **kwargs):
        return (
            super().get_export_queryset(request, **kwargs).select_related("membership__department", "membership__area")
        )
