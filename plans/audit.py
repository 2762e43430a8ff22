"""The audit page's reading of the record: the event log (who did which named action to what) and
django-simple-history's field-level history, filtered by who, what, when and which object. Read
only: nothing here writes, and the history is never reverted (SIMPLE_HISTORY_REVERT_DISABLED)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from plans.models import Event

HISTORY_TYPES = {"+": "新增", "~": "修改", "-": "删除"}
EXPORT_LIMIT = 50_000


@dataclass
class AuditFilters:
    """What the audit page was asked for (all optional)."""

    who: str = ""  # a username or a name, in part
    verb: str = ""  # an event's action, e.g. report.accept
    since: datetime.date | None = None
    until: datetime.date | None = None
    model: str = ""  # app_label.model: the object's kind
    object_id: int | None = None

    @classmethod
    def from_query(cls, query) -> tuple[AuditFilters, list[str]]:
        errors = []

        def day(name, label):
            value = query.get(name, "").strip()
            if not value:
                return None
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                errors.append(f"{label}“{value}”不是有效日期（格式：2024-01-31）。")
                return None

        object_id = query.get("object_id", "").strip()
        if object_id and not object_id.isdigit():
            errors.append(f"对象编号“{object_id}”应为数字。")
            object_id = ""
        model = query.get("model", "").strip()
        if model and model not in dict(history_models()) and model not in dict(event_models()):
            errors.append("未知的对象类型。")
            model = ""
        filters = cls(
            who=query.get("who", "").strip()[:150],
            verb=query.get("verb", "").strip()[:50],
            since=day("since", "起始日期"),
            until=day("until", "截止日期"),
            model=model,
            object_id=int(object_id) if object_id else None,
        )
        return filters, errors

    def describe(self) -> list[tuple[str, str]]:
        """The filters as an export's 筛选条件 line says them."""
        pairs = [
            ("操作人", self.who),
            ("操作", self.verb),
            ("起始日期", f"{self.since:%Y-%m-%d}" if self.since else ""),
            ("截止日期", f"{self.until:%Y-%m-%d}" if self.until else ""),
            ("对象类型", self.model),
            ("对象编号", str(self.object_id) if self.object_id else ""),
        ]
        return [(label, value) for label, value in pairs if value]

    def _bounds(self):
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.since, datetime.time.min, tz) if self.since else None
        end = datetime.datetime.combine(self.until, datetime.time.max, tz) if self.until else None
        return start, end


def history_models() -> list[tuple[str, object]]:
    """(app_label.model, model) of every model with a history, by its Chinese name."""
    found = [
        (m._meta.label_lower, m)
        for m in apps.get_models()
        if hasattr(m, "history") and hasattr(m._meta, "simple_history_manager_attribute")
    ]
    return sorted(found, key=lambda pair: str(pair[1]._meta.verbose_name))


def event_models() -> list[tuple[str, object]]:
    """(app_label.model, model) of the kinds of object the event log names."""
    types = ContentType.objects.filter(pk__in=Event.objects.values("content_type_id").distinct())
    found = [(f"{t.app_label}.{t.model}", t.model_class()) for t in types if t.model_class() is not None]
    return sorted(found, key=lambda pair: str(pair[1]._meta.verbose_name))


def events(filters: AuditFilters) -> QuerySet:
    """The events matching ``filters``, newest first."""
    rows = Event.objects.select_related("content_type", "department", "actor").order_by("-occurred_at", "-pk")
    if filters.who:
        rows = rows.filter(Q(actor__username__icontains=filters.who) | Q(actor_name__icontains=filters.who))
    if filters.verb:
        rows = rows.filter(verb__startswith=filters.verb)
    start, end = filters._bounds()
    if start:
        rows = rows.filter(occurred_at__gte=start)
    if end:
        rows = rows.filter(occurred_at__lte=end)
    if filters.model:
        app_label, model = filters.model.split(".")
        rows = rows.filter(content_type__app_label=app_label, content_type__model=model)
    if filters.object_id is not None:
        rows = rows.filter(object_id=filters.object_id)
    return rows


def history(filters: AuditFilters) -> QuerySet | None:
    """The history records of one kind of object (``filters.model``) matching ``filters``."""
    model = dict(history_models()).get(filters.model)
    if model is None:
        return None
    rows = model.history.select_related("history_user").order_by("-history_date", "-history_id")
    if filters.who:
        rows = rows.filter(
            Q(history_user__username__icontains=filters.who) | Q(history_user__first_name__icontains=filters.who)
        )
    start, end = filters._bounds()
    if start:
        rows = rows.filter(history_date__gte=start)
    if end:
        rows = rows.filter(history_date__lte=end)
    if filters.object_id is not None:
        rows = rows.filter(id=filters.object_id)
    return rows


EVENT_HEADERS = ["时间", "操作人", "操作", "对象类型", "对象编号", "原状态", "新状态", "部门", "意见", "详情"]
HISTORY_HEADERS = ["时间", "操作人", "类型", "对象类型", "对象编号", "对象", "说明"]


def event_row(event: Event) -> list:
    return [
        timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_name or (event.actor.username if event.actor else "系统"),
        event.verb,
        str(event.content_type.model_class()._meta.verbose_name) if event.content_type.model_class() else "",
        event.object_id,
        event.from_state,
        event.to_state,
        event.department.name if event.department else "",
        event.comment,
        ", ".join(f"{k}={v}" for k, v in (event.data or {}).items()),
    ]


def history_row(record) -> list:
    user = record.history_user
    return [
        timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M:%S"),
        (user.get_full_name() or user.username) if user else "系统",
        HISTORY_TYPES.get(record.history_type, record.history_type),
        str(record.instance_type._meta.verbose_name),
        record.id,
        str(record)[:200],
        record.history_change_reason or "",
    ]
