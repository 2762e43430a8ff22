"""Backfill the event log from the history of an installation that ran before it existed: one event
per recorded change of state of a progress report or a yearly target, and one per plan import, so
that an upgraded database has its timelines too. Objects that already have events are left alone."""

from django.db import migrations

# The workflow's moves and their actions, as tasks.models.ReviewedWork.TRANSITIONS had them when
# this migration was written (a migration must not follow later edits of the app's code).
TRANSITIONS = {
    ("draft", "submitted"): "submit",
    ("returned", "submitted"): "submit",
    ("submitted", "confirmed"): "confirm",
    ("submitted", "returned"): "return",
    ("confirmed", "accepted"): "accept",
    ("confirmed", "returned"): "return",
    ("accepted", "returned"): "reopen",
}
SYSTEM_NAME = "系统"


def _name(user) -> str:
    return (f"{user.first_name} {user.last_name}".strip() or user.username) if user else ""


def _work_events(apps, model_name: str, kind: str, Event, content_type, users, departments, tasks):
    Historical = apps.get_model("tasks", f"Historical{model_name}")
    Period = apps.get_model("tasks", "ReportingPeriod")
    periods = {p.pk: p.label for p in Period.objects.all()} if kind == "report" else {}
    done = set(Event.objects.filter(content_type=content_type).values_list("object_id", flat=True))
    records = Historical.objects.exclude(id__in=done).order_by("id", "history_date", "history_id").iterator()
    events, last = [], {}
    for record in records:
        previous = last.get(record.id)
        last[record.id] = record.state
        if record.history_type == "-" or previous == record.state:
            continue
        if previous is None:
            verb, action, from_state = f"{kind}.draft", "draft", ""
        else:
            action = TRANSITIONS.get((previous, record.state), "state")
            verb, from_state = f"{kind}.{action}", previous
        internal = action == "draft" or (action == "return" and previous == "submitted")
        task = tasks.get(record.task_id)
        data = {"task": task.code if task else ""}
        if kind == "report":
            data["period"] = periods.get(record.period_id, "")
        else:
            data["year"] = record.year
        user = users.get(record.history_user_id)
        events.append(
            Event(
                content_type=content_type,
                object_id=record.id,
                verb=verb,
                actor_id=user.pk if user else None,
                # Work recorded without an account (imported history) is credited to its department.
                actor_name=_name(user) or departments.get(record.department_id, SYSTEM_NAME),
                from_state=from_state,
                to_state=record.state,
                comment=record.review_comment if action in {"return", "reopen", "accept"} else "",
                occurred_at=record.history_date,
                plan_id=task.plan_id if task else None,
                department_id=record.department_id,
                ref=f"task:{record.task_id}",
                audience="department" if internal else "oversight",
                data=data,
            )
        )
    Event.objects.bulk_create(events, batch_size=1000)


def backfill(apps, schema_editor):
    Event = apps.get_model("plans", "Event")
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model("auth", "User")
    users = {u.pk: u for u in User.objects.all()}
    departments = dict(apps.get_model("plans", "Department").objects.values_list("pk", "name"))
    tasks = {t.pk: t for t in apps.get_model("tasks", "Task").objects.only("pk", "code", "plan_id")}
    for model_name, kind in (("ProgressReport", "report"), ("YearlyTarget", "target")):
        content_type, _ = ContentType.objects.get_or_create(app_label="tasks", model=model_name.lower())
        _work_events(apps, model_name, kind, Event, content_type, users, departments, tasks)
    plan_type, _ = ContentType.objects.get_or_create(app_label="plans", model="plan")
    imported = set(Event.objects.filter(content_type=plan_type).values_list("object_id", flat=True))
    Event.objects.bulk_create(
        Event(
            content_type=plan_type,
            object_id=plan.pk,
            verb="plan.import",
            actor_name=SYSTEM_NAME,
            occurred_at=plan.created_at,
            plan_id=plan.pk,
            audience="everyone",
            data={"source": plan.source_name},
        )
        for plan in apps.get_model("plans", "Plan").objects.exclude(pk__in=imported)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("plans", "0005_event_log"),
        ("tasks", "0007_clock_set_by_actions"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
