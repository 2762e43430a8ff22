"""Upgrading a database from before the event log: the backfill writes one event per recorded
change of state, the same events the actions write today."""

import importlib

from django.apps import apps

from plans.models import Event

backfill = importlib.import_module("tasks.migrations.0008_backfill_events").backfill

FIELDS = ("object_id", "verb", "actor_id", "actor_name", "from_state", "to_state", "comment", "occurred_at")
FIELDS += ("plan_id", "department_id", "ref", "audience", "data")


def workflow_events():
    return sorted(
        Event.objects.filter(verb__regex=r"^(report|target)\.").values_list(*FIELDS),
        key=lambda row: (row[0], row[1], row[7]),
    )


def test_the_backfill_rebuilds_the_timeline_the_actions_wrote(demo_data):
    """On a copy of the demo database with its events removed, the backfill writes one event per
    recorded state change, identical (who, when, from → to, comment, audience) to the actions' own."""
    written = workflow_events()
    assert len(written) > 5000
    Event.objects.all().delete()
    backfill(apps, schema_editor=None)
    assert workflow_events() == written
    assert Event.objects.filter(verb="plan.import").count() == 1


def test_the_backfill_leaves_objects_that_have_events_alone(demo_data):
    """Running the backfill on a database that has its events adds nothing."""
    count = Event.objects.count()
    backfill(apps, schema_editor=None)
    assert Event.objects.count() == count
