"""The audit page (审计): the event log and the history, filtered and exported; for the audit
administrator only, and read only."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from plans import audit
from plans.excel import xlsx_from_rows
from plans.policy import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DENIED = "只有审计管理员可以查看审计记录。"


def _source(request) -> str:
    return "history" if request.GET.get("source") == "history" else "events"


@require_GET
def audit_log(request):
    require(request.user, "read_audit", message=DENIED)
    filters, errors = audit.AuditFilters.from_query(request.GET)
    source = _source(request)
    if source == "history":
        if not filters.model:
            filters.model = "tasks.progressreport"
        rows = audit.history(filters)
    else:
        rows = audit.events(filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "source": source,
        "filters": filters,
        "errors": errors,
        "page": page,
        "query": query.urlencode(),
        "history_models": [(key, m._meta.verbose_name) for key, m in audit.history_models()],
        "event_models": [(key, m._meta.verbose_name) for key, m in audit.event_models()],
        "history_types": audit.HISTORY_TYPES,
    }
    return render(request, "plans/audit.html", context)


@require_GET
def audit_export(request):
    require(request.user, "read_audit", message=DENIED)
    filters, _errors = audit.AuditFilters.from_query(request.GET)
    if _source(request) == "history":
        filters.model = filters.model or "tasks.progressreport"
        rows = audit.history(filters)[: audit.EXPORT_LIMIT]
        data = xlsx_from_rows(
            audit.HISTORY_HEADERS,
            (audit.history_row(r) for r in rows),
            sheet_title="修改记录",
            title="审计：修改记录",
            filters=filters.describe(),
        )
    else:
        rows = audit.events(filters)[: audit.EXPORT_LIMIT]
        data = xlsx_from_rows(
            audit.EVENT_HEADERS,
            (audit.event_row(e) for e in rows),
            sheet_title="操作记录",
            title="审计：操作记录",
            filters=filters.describe(),
        )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=audit-{timezone.localdate():%Y%m%d}.xlsx"
    return response
