from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Campaign, CampaignTarget, ChecklistItem, Finding, RectificationEntry


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
