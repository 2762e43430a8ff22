"""Files sent with a mail, rendered when it is sent.

A delivery names its files as ``{"kind": ..., "id": ...}``; the app that owns the object registers
the renderer for its kind in ``AppConfig.ready`` (inspections registers the 督办单 PDF), so this app
never imports a higher one. Rendering at send time keeps the claiming transaction short, and a
retry renders the same file again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MailFile:
    filename: str
    content: bytes
    mimetype: str


RENDERERS: dict[str, Callable[[int], MailFile]] = {}


def register(kind: str, renderer: Callable[[int], MailFile]) -> None:
    RENDERERS[kind] = renderer


def render(attachments: list[dict]) -> list[MailFile]:
    """The files a delivery names; an unknown kind is an error (the delivery fails, said why)."""
    files = []
    for item in attachments or []:
        renderer = RENDERERS.get(item.get("kind", ""))
        if renderer is None:
            raise LookupError(f"No renderer for mail attachment {item!r}.")
        files.append(renderer(item["id"]))
    return files
