from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.admin import LinesField
from tasks.models import Assignment, DeadlineExtension, Evidence, ProgressReport, ReportingPeriod, Task


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["department"]


class TaskAdminForm(forms.ModelForm):
    unresolved_departments = LinesField(
        label="未识别的部门", required=False, help_text="每行一个；原文中出现但未能对应到部门的名称。"
    )

    class Meta:
        model = Task
        fields = [
            "plan", "clause", "item", "code", "title", "content", "deadline", "deadline_phrase", "is_ongoing",
            "yearly_target", "weight", "position", "archived_at", "unresolved_departments",
        ]  # fmt: skip


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    form = TaskAdminForm
    list_display = ["code", "title", "plan", "deadline", "is_ongoing", "archived_at"]
    list_filter = ["plan", "is_ongoing", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "title"]
    inlines = [AssignmentInline]
    list_select_related = ["plan"]
    raw_id_fields = ["clause", "item"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["label", "plan", "start", "end", "due_date"]
    list_filter = ["plan", "year"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["original_name", "kind", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    """For correcting mistakes; the workflow itself runs in the app, where each step is checked."""

    list_display = ["task", "department", "period", "state", "progress_status", "submitted_at"]
    list_filter = ["state", "progress_status", "period__year"]
    search_fields = ["task__title", "department__name"]
    list_select_related = ["task", "department", "period"]
    ordering = ["-period__start", "task__position"]
    raw_id_fields = ["task", "period", "updated_by"]
    inlines = [EvidenceInline]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SimpleHistoryAdmin):
    """延期申请, read for the record; they are asked and decided in the app (tasks.actions)."""

    list_display = ["task", "department", "original_due", "proposed_due", "state", "requested_at", "decided_at"]
    list_filter = ["state"]
    search_fields = ["task__title", "department__name", "reason"]
    list_select_related = ["task", "department"]
    readonly_fields = [f.name for f in DeadlineExtension._meta.fields]

    def has_add_permission(self, request):
        return False
