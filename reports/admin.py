"""The administrator sets who reads which digest: scopes, 分管部门, pauses; and reads the digests sent."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import Digest, DigestScope, DigestSettings, LeaderDepartment


@admin.register(DigestScope)
class DigestScopeAdmin(SimpleHistoryAdmin):
    list_display = ["user", "plan", "kind"]
    list_filter = ["kind", "plan"]
    filter_horizontal = ["chapters"]
    autocomplete_fields = ["user"]


@admin.register(LeaderDepartment)
class LeaderDepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "department"]
    list_filter = ["department"]
    autocomplete_fields = ["user"]


@admin.register(DigestSettings)
class DigestSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["user", "paused"]
    list_filter = ["paused"]


@admin.register(Digest)
class DigestAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "user", "week_start", "number", "manual", "created_at"]
    list_filter = ["manual", "week_start"]
    readonly_fields = [f.name for f in Digest._meta.fields]

    def has_add_permission(self, request):
        return False
