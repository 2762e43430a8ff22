"""Optimistic locking, written once: a save that someone else's save overtook is refused."""

from __future__ import annotations


class StaleError(Exception):
    """Someone else saved the object since this user read it; nothing was overwritten."""


def check_version(obj, version: int | None, message: str, *, required: bool = False) -> None:
    """Refuse when the version the user read is not the stored one. ``None`` means the caller did
    not say: allowed for a workflow step under a row lock, refused for a save over a text
    (``required``), which would overwrite what the user never saw."""
    if (version is not None or required) and version != obj.version:
        raise StaleError(message)


def save_if_version(obj, *, version: int, fields: list[str], message: str) -> None:
    """Write ``fields`` of ``obj`` (changed in memory and validated) only if the stored version is
    still ``version``: the check is in the UPDATE itself, so that a racing save cannot slip through.
    Bumps the version and writes the history record of the change."""
    model = type(obj)
    values = {name: getattr(obj, name) for name in fields}
    if model._default_manager.filter(pk=obj.pk, version=version).update(**values, version=version + 1) != 1:
        raise StaleError(message)
    obj.version = version + 1
    obj.save(update_fields=["version"])  # QuerySet.update writes no history: this save records it
