"""Uploads waiting for a person's confirmation, kept as files (never in the database, so that
nothing is written before the confirmation) under MEDIA_ROOT/staging/, readable only by the
user who uploaded them.

What the upload made of the file (the parsed plan, the read table) is kept beside it in the cache,
so that the preview pages do not parse the file again on every GET; when the cache has lost it
(a restart of a cache in memory), the caller parses once more and keeps it again."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

MAX_AGE_SECONDS = 24 * 3600


@dataclass
class StagedUpload:
    token: str
    filename: str
    data: bytes
    meta: dict


def _dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stage(*, user_id: int, filename: str, data: bytes, meta: dict) -> str:
    _sweep()
    token = secrets.token_urlsafe(16)
    (_dir() / f"{token}.bin").write_bytes(data)
    (_dir() / f"{token}.json").write_text(json.dumps({"user_id": user_id, "filename": filename, **meta}))
    return token


def load(token: str, *, user_id: int) -> StagedUpload | None:
    """The staged upload, or None when it is unknown, expired or someone else's."""
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    meta_path, data_path = _dir() / f"{token}.json", _dir() / f"{token}.bin"
    if not meta_path.exists() or not data_path.exists():
        return None
    meta = json.loads(meta_path.read_text())
    if meta.pop("user_id") != user_id:
        return None
    return StagedUpload(token, meta.pop("filename"), data_path.read_bytes(), meta)


def claim(token: str, *, user_id: int) -> StagedUpload | None:
    """Take the staged upload for its one confirmation: of two confirmations of the same upload
    (a double click, two tabs) only one gets it, the other None. The rename is atomic on one file
    system; the claimed files are removed by :func:`discard` or the sweep."""
    staged = load(token, user_id=user_id)
    if staged is None:
        return None
    try:
        (_dir() / f"{token}.json").rename(_dir() / f"{token}.claimed")
    except FileNotFoundError:
        return None  # another request claimed it a moment ago
    return staged


def is_gone(token: str) -> bool:
    """Whether nothing is staged under ``token`` any more (confirmed, cancelled or expired), as
    opposed to staged by someone else."""
    if not token.replace("-", "").replace("_", "").isalnum():
        return True
    return not any((_dir() / f"{token}{suffix}").exists() for suffix in (".json", ".claimed"))


def keep_result(token: str, result) -> None:
    """Keep what the upload made of the staged file (anything the cache can store)."""
    cache.set(_result_key(token), result, MAX_AGE_SECONDS)


def result(token: str):
    """What :func:`keep_result` kept for ``token`` (a fresh copy), or None. Call only after
    :func:`load` said the token is the user's."""
    return cache.get(_result_key(token))


def _result_key(token: str) -> str:
    return f"staging:result:{token}"


def discard(token: str) -> None:
    cache.delete(_result_key(token))
    for suffix in (".bin", ".json", ".claimed"):
        (_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def _sweep() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in _dir().iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
