from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import Chapter, Clause, Department, Indicator, Membership, Milestone, Plan
from plans.policy import can
from plans.resources import DepartmentResource, UserResource

User = get_user_model()


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
        fields = ["name", "short_name", "aliases", "kind", "emails", "is_active"]

    def clean_emails(self):
        validate = forms.EmailField().clean
        return [validate(address) for address in self.cleaned_data["emails"]]

    def clean_aliases(self):
        """An alias that names another department would send its tasks to the wrong place."""
        aliases = self.cleaned_data["aliases"]
        taken = [
            name
            for other in Department.objects.exclude(pk=self.instance.pk)
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
    list_display = ["name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    verbose_name_plural = "所属部门"


def _admin_site_permission(request) -> bool:
    """The Django admin opens to active staff accounts that the policy lets use it."""
    return request.user.is_active and request.user.is_staff and can(request.user, "use_admin")


admin.site.has_permission = _admin_site_permission
admin.site.unregister(User)


@admin.register(User)
class DubanUserAdmin(ImportExportModelAdmin, SimpleHistoryAdmin, UserAdmin):
    resource_classes = [UserResource]
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "email", "department_name", "is_active"]
    list_select_related = ["membership__department"]
    search_fields = ["username", "first_name", "email", "membership__department__name"]

    @admin.display(description="部门")
    def department_name(self, user):
        membership = getattr(user, "membership", None)
        return membership.department.name if membership else "—"


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "department", "title"]
    list_filter = ["department__kind"]
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
