from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "报告与总览"

    def ready(self):
        # Registers the policies of this app's models (the models ask it through plans.scoping).
        from plans.events import event_recorded
        from plans.models import Event
        from reports import policies  # noqa: F401

        event_recorded.connect(_on_event, sender=Event, dispatch_uid="reports-todo-and-handoff")


# Events that never change what waits for anyone (messages sent, settings saved): the cached
# to-do counts stay valid — the hand-off beat job records one every few minutes.
NO_WORK_VERBS = ("handoff.", "digest.", "robot.")


def _on_event(sender, event, **kwargs) -> None:
    """After a move commits: the to-do counts are stale, and whoever's turn it is gets told."""
    from reports.city import note_event
    from reports.handoff import queue_handoff
    from reports.todo import bump_generation

    if not event.verb.startswith(NO_WORK_VERBS):
        bump_generation()
        note_event(event)
    queue_handoff(event)
