"""Dashboards read from a replica when ``DATABASE_REPLICA_URL`` is set.

The views named in ``settings.REPLICA_VIEWS`` (the dashboards: many reads, no writes, and a few
seconds of replication lag do not matter to a figure of the day) run with the replica chosen for
the domain apps' reads; sessions, accounts and every write stay on the primary, so a login or a
change is never lost to lag. Without the setting the router is not installed at all."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
# Read from the replica only the product's rows; auth, sessions and contenttypes stay on the primary.
REPLICA_APPS = frozenset({"plans", "tasks", "inspections", "reports", "notifications"})

_use_replica: ContextVar[bool] = ContextVar("duban_use_replica", default=False)


@contextmanager
def reading_replica():
    """Inside this block the domain apps' reads go to the replica (when one is configured)."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and model._meta.app_label in REPLICA_APPS and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary; it is never migrated itself


class ReplicaReadsMiddleware:
    """Runs the views in ``settings.REPLICA_VIEWS`` (``namespace:name``) inside :func:`reading_replica`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in settings.REPLICA_VIEWS:
            return None
        with reading_replica():
            response = view_func(request, *view_args, **view_kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            return response
