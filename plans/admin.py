from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.urls import reverse
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from plans.actions import roles_set
from plans.models import Area, Chapter, Clause, Department, Indicator, Membership, Milestone, Plan
from plans.policy import can
from plans.resources import DepartmentResource, UserResource
from plans.roles import ADMIN_ROLES

User = get_user_model()


class ReadOnlyAdminMixin:
    """For records the app changes only through its named actions (which ask the policy and write
    the event): the admin shows them and never adds, edits or deletes one."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LinesField(forms.CharField):
    """A JSON list edited as one item per line (administrators should never type JSON)."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 40})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in str(value or "").replace("、", "\n").splitlines() if line.strip()]


class DepartmentAdminForm(forms.ModelForm):
    aliases = LinesField(label="别名", required=False, help_text="每行一个，如“司法局”。")
    emails = LinesField(label="联系邮箱", required=False, help_text="每行一个；催办和提醒发送到这些地址。")

    class Meta:
        model = Department
        fields = ["area", "name", "short_name", "aliases", "kind", "emails", "is_active", "inspectable"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, a department stays where it is (a new one: the first district), as before areas.
        self.fields["area"].required = False

    def clean_area(self):
        return self.cleaned_data["area"] or self.instance.area

    def clean_emails(self):
        validate = forms.EmailField().clean
        return [validate(address) for address in self.cleaned_data["emails"]]

    def clean_aliases(self):
        """An alias that names another department of the same 市 or 区 would send its tasks to the
        wrong place (another district's departments are looked up in their own district)."""
        aliases = self.cleaned_data["aliases"]
        area = self.cleaned_data.get("area") or self.instance.area
        taken = [
            name
            for other in Department.objects.in_jurisdiction(area).exclude(pk=self.instance.pk)
            for name in other.all_names
            if name in aliases
        ]
        if taken:
            raise forms.ValidationError(f"别名已被其他部门使用：{'、'.join(taken)}")
        return aliases


@admin.register(Department)
class DepartmentAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    form = DepartmentAdminForm
    resource_classes = [DepartmentResource]
    list_display = ["name", "short_name", "area", "kind", "is_active", "inspectable"]
    list_filter = ["area", "kind", "is_active", "inspectable"]
    search_fields = ["name", "short_name"]


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    verbose_name_plural = "所属部门"


def _admin_site_permission(request) -> bool:
    """The Django admin opens to active staff accounts that the policy lets use it."""
    return request.user.is_active and request.user.is_staff and can(request.user, "use_admin")


admin.site.has_permission = _admin_site_permission

# History is read-only everywhere. SIMPLE_HISTORY_REVERT_DISABLED only hides the "Revert" button:
# django-simple-history's version page still saves a POST over the object. Every admin of every app
# subclasses SimpleHistoryAdmin, so the refusal is made once, here, for all of them.
_history_form_view = SimpleHistoryAdmin.history_form_view


def _history_form_view_read_only(self, request, *args, **kwargs):
    if request.method != "GET":
        raise PermissionDenied("历史记录只读，不能恢复或修改。")
    return _history_form_view(self, request, *args, **kwargs)


SimpleHistoryAdmin.history_form_view = _history_form_view_read_only
admin.site.unregister(User)
admin.site.unregister(Group)

# 三员分立 in the admin: the system administrator edits accounts but never their roles; the
# security administrator edits roles and nothing else of an account; the audit administrator
# sees no account at all (plans.roles gives each group its Django permissions; these checks
# hold even for a group given too many).
ROLE_FIELDS = ("groups", "user_permissions")


class PasswordWidget(ReadOnlyPasswordHashWidget):
    """The password summary with an absolute link to the reset form: Django's default is relative
    (``../password/``), which on a history page (``…/history/<id>/``) points at a history record."""

    password_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["password_url"] = self.password_url
        return context


class DubanUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password and self.instance.pk:
            password.widget = PasswordWidget()
            password.widget.password_url = reverse("admin:auth_user_password_change", args=[self.instance.pk])


@admin.register(User)
class DubanUserAdmin(ImportExportModelAdmin, SimpleHistoryAdmin, UserAdmin):
    form = DubanUserChangeForm
    resource_classes = [UserResource]
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "email", "department_name", "is_active"]
    list_select_related = ["membership__department", "membership__area"]
    search_fields = ["username", "first_name", "email", "membership__department__name"]

    @admin.display(description="部门")
    def department_name(self, user):
        membership = getattr(user, "membership", None)
        if membership is None:
            return "—"
        return membership.department.name if membership.department_id else f"（{membership.area.name}）"

    def has_view_permission(self, request, obj=None):
        may = can(request.user, "manage_accounts") or can(request.user, "manage_roles")
        return may and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return can(request.user, "manage_accounts") and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, "manage_accounts") and super().has_delete_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        may = can(request.user, "manage_accounts") or can(request.user, "manage_roles")
        return may and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "is_superuser"]  # only createsuperuser makes one
        if not can(request.user, "manage_roles"):
            readonly += ROLE_FIELDS
        if not can(request.user, "manage_accounts"):
            fields = {f for _name, options in self.get_fieldsets(request, obj) for f in options["fields"]}
            readonly += sorted(fields - set(ROLE_FIELDS) - set(readonly))
        return readonly

    def get_inlines(self, request, obj):
        return self.inlines if can(request.user, "manage_accounts") else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "groups" not in form.base_fields:
            return form

        class RoleForm(form):
            def clean_groups(self):
                groups = self.cleaned_data["groups"]
                admins = [g.name for g in groups if g.name in ADMIN_ROLES]
                if len(admins) > 1:
                    raise forms.ValidationError(
                        f"三员分立：一个账号只能担任一种管理员（{'、'.join(admins)}不能由同一账号担任）。"
                    )
                if self.instance.pk == request.user.pk and set(groups) != set(self.instance.groups.all()):
                    raise forms.ValidationError("不能修改自己的角色，请由另一位安全管理员办理。")
                return groups

        return RoleForm

    def save_related(self, request, form, formsets, change):
        """Roles go through the action (the policy and an event); the rest as Django saves it."""
        chosen = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if chosen is not None:
            roles_set(actor=request.user, user=form.instance, groups=list(chosen))

    def user_change_password(self, request, id, form_url=""):
        """Setting someone's password is account work: the system administrator's alone."""
        if not can(request.user, "manage_accounts"):
            raise PermissionDenied("只有系统管理员可以重置密码。")
        return super().user_change_password(request, id, form_url)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """The roles: the security administrator's. The three administrators' own permissions are fixed
    in plans.roles (a security administrator cannot widen their own role)."""

    def has_module_permission(self, request):
        return can(request.user, "manage_roles") and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can(request.user, "manage_roles") and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return can(request.user, "manage_roles") and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.name in ADMIN_ROLES:
            return False
        return can(request.user, "manage_roles") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.name in ADMIN_ROLES:
            return False
        return can(request.user, "manage_roles") and super().has_delete_permission(request, obj)


class AreaAdminForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name", "short_name", "kind", "parent", "notice_code", "issuing_office"]

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent is not None and self.instance.pk and f"/{self.instance.pk}/" in parent.path:
            raise forms.ValidationError("上级不能是本区域或其下级区域。")
        return parent


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    """市 → 区/县 → 街道/镇. Path and jurisdiction are computed on save (Area.refresh_tree)."""

    form = AreaAdminForm
    list_display = ["name", "short_name", "kind", "parent", "notice_code", "issuing_office", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    fields = ["name", "short_name", "kind", "parent", "notice_code", "issuing_office", "path", "jurisdiction"]
    readonly_fields = ["path", "jurisdiction"]

    def has_delete_permission(self, request, obj=None):
        # Departments, plans, accounts and notices point at areas (PROTECT); an area is never removed here.
        return False


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "department", "area", "title"]
    list_filter = ["area", "department__kind"]
    search_fields = ["user__username", "department__name"]
    autocomplete_fields = ["department"]


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ["number", "label", "heading"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "start_year", "end_year", "report_cadence", "created_at"]
    search_fields = ["title"]
    readonly_fields = ["source_name", "source_encoding", "created_at"]
    exclude = ["source_text"]
    inlines = [ChapterInline]

    def get_deleted_objects(self, objs, request):
        """A short confirmation instead of Django's list of every related row (tens of thousands of
        rows and seconds of rendering for a plan with five years of progress): what would go, by
        kind and count, and a refusal while any of the plans has progress reports — those are the
        record of the work and stay. Archive such a plan instead."""
        plans = list(objs)
        # A lookup, not an import: plans is below tasks and may not import it.
        reports = Plan.objects.filter(pk__in=[p.pk for p in plans], tasks__reports__isnull=False).exists()
        if reports:
            return [], {}, set(), ["已有进展报告的规划不能删除（进展报告是工作记录），请改为归档。"]
        counts = {}
        perms_needed = set()
        for relation in Plan._meta.related_objects:
            if not relation.one_to_many:
                continue
            model = relation.related_model
            count = model._default_manager.filter(**{f"{relation.field.name}__in": plans}).count()
            if count:
                counts[model._meta.verbose_name_plural] = count
                if not request.user.has_perm(f"{model._meta.app_label}.delete_{model._meta.model_name}"):
                    perms_needed.add(model._meta.verbose_name)
        summary = [f"规划“{p.title}”" for p in plans]
        summary += [f"{name} {count} 条（及其下属记录）" for name, count in counts.items()]
        return summary, counts, perms_needed, []

    def delete_model(self, request, obj):
        if Plan.objects.filter(pk=obj.pk, tasks__reports__isnull=False).exists():
            raise ProtectedError("已有进展报告的规划不能删除。", set())
        super().delete_model(request, obj)


@admin.register(Clause)
class ClauseAdmin(SimpleHistoryAdmin):
    list_display = ["label", "heading", "plan", "chapter"]
    list_filter = ["plan"]
    search_fields = ["heading", "body"]
    list_select_related = ["plan", "chapter"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["due_date", "phrase", "clause", "needs_confirmation", "recurring"]
    list_filter = ["plan", "needs_confirmation", "recurring"]
    list_editable = ["needs_confirmation"]
    list_select_related = ["clause"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["text", "target", "unit", "clause"]
    list_filter = ["plan"]
    list_select_related = ["clause"]
