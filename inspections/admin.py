from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import (
    Campaign,
    CampaignTarget,
    ChecklistItem,
    EscalationMatter,
    EscalationRule,
    EscalationStep,
    Finding,
    Interview,
    RectificationEntry,
    SupervisionNotice,
)
from plans.admin import ReadOnlyAdminMixin


class CampaignTargetInline(admin.TabularInline):
    model = CampaignTarget
    extra = 0
    fields = ["department", "self_report_state", "inspected_on"]
    raw_id_fields = ["department"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    """For correcting mistakes; campaigns are run in the app, where each step is an action."""

    list_display = ["name", "year", "kind", "mode", "state", "start_date", "end_date"]
    list_filter = ["year", "kind", "mode", "state"]
    search_fields = ["name"]
    inlines = [CampaignTargetInline]
    filter_horizontal = ["clauses"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "scope", "department", "text"]
    list_filter = ["scope"]


class RectificationEntryInline(admin.TabularInline):
    model = RectificationEntry
    extra = 0
    fields = ["entry_date", "text", "handed_in"]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "unit", "state", "rectification_type", "deadline", "closed_on"]
    list_filter = ["state", "rectification_type", "severity", "campaign__year"]
    search_fields = ["description", "unit__name"]
    list_select_related = ["campaign", "unit"]
    raw_id_fields = ["clause", "task", "recorded_by"]
    filter_horizontal = ["supporting_units"]
    inlines = [RectificationEntryInline]


@admin.register(EscalationRule)
class EscalationRuleAdmin(SimpleHistoryAdmin):
    """The rule table of 督办: administrators change thresholds here, never in code."""

    list_display = ["rung", "condition", "min_days", "max_days", "source_rung", "active", "note"]
    list_filter = ["rung", "condition", "active"]
    list_editable = ["min_days", "max_days", "active"]


class EscalationStepInline(admin.TabularInline):
    model = EscalationStep
    extra = 0
    readonly_fields = ["rung", "round", "issued_on", "reason"]
    can_delete = False


@admin.register(EscalationMatter)
class EscalationMatterAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """For reading; moving a matter down or 摘牌 is a supervisor's action in the app."""

    list_display = ["what", "unit", "kind", "rung", "due_date", "listed_on", "resolved_on"]
    list_filter = ["kind", "rung"]
    search_fields = ["what", "key", "unit__name"]
    raw_id_fields = ["task", "finding"]
    inlines = [EscalationStepInline]


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """For reading: notices are issued, signed, answered and reviewed through the app's actions."""

    list_display = ["__str__", "colour", "subject", "state", "issued_on", "reply_deadline"]
    list_filter = ["year", "colour", "state", "is_manual"]
    search_fields = ["subject"]
    raw_id_fields = ["matter", "task", "finding", "clause"]


@admin.register(Interview)
class InterviewAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """For reading: 约谈 are proposed, scheduled, dismissed and recorded through the app's actions."""

    list_display = ["unit", "reason", "state", "proposed_on", "scheduled_for"]
    list_filter = ["state"]
    raw_id_fields = ["matter"]
