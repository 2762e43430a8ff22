"""Uploads waiting for a person's confirmation, kept as files (never in the database, so that
nothing is written before the confirmation) under staging/ in Django's default storage (the
local MEDIA_ROOT, or an S3-compatible store shared by every app server), readable only by the user
who uploaded them: the preview may be answered by another app server than the upload.

What the upload made of the file (the parsed plan, the read table) is kept beside it in the cache,
so that the preview pages do not parse the file again on every GET; when the cache has lost it
(a restart of a cache in memory), the caller parses once more and keeps it again."""

from __future__ import annotations

import datetime
import json
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

MAX_AGE_SECONDS = 24 * 3600


@dataclass
class StagedUpload:
    token: str
    filename: str
    data: bytes
    meta: dict


FOLDER = "staging"


def _name(token: str, suffix: str) -> str:
    return f"{FOLDER}/{token}{suffix}"


def _read(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except (FileNotFoundError, OSError):
        return None


def stage(*, user_id: int, filename: str, data: bytes, meta: dict) -> str:
    _sweep()
    token = secrets.token_urlsafe(16)
    default_storage.save(_name(token, ".bin"), ContentFile(data))
    meta_json = json.dumps({"user_id": user_id, "filename": filename, **meta}).encode()
    default_storage.save(_name(token, ".json"), ContentFile(meta_json))
    return token


def load(token: str, *, user_id: int) -> StagedUpload | None:
    """The staged upload, or None when it is unknown, expired or someone else's."""
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    meta_json, data = _read(_name(token, ".json")), _read(_name(token, ".bin"))
    if meta_json is None or data is None:
        return None
    meta = json.loads(meta_json)
    if meta.pop("user_id") != user_id:
        return None
    return StagedUpload(token, meta.pop("filename"), data, meta)


def claim(token: str, *, user_id: int) -> StagedUpload | None:
    """Take the staged upload for its one confirmation: of two confirmations of the same upload
    (a double click, two tabs) only one gets it, the other None. The claim is an atomic add in the
    cache (Redis, shared by every app server); the files are removed by :func:`discard` or the sweep."""
    staged = load(token, user_id=user_id)
    if staged is None:
        return None
    if not cache.add(_claim_key(token), user_id, MAX_AGE_SECONDS):
        return None  # another request claimed it a moment ago
    return staged


def is_gone(token: str) -> bool:
    """Whether nothing is staged under ``token`` any more (confirmed, cancelled or expired), as
    opposed to staged by someone else."""
    if not token.replace("-", "").replace("_", "").isalnum():
        return True
    return not default_storage.exists(_name(token, ".json")) and cache.get(_claim_key(token)) is None


def keep_result(token: str, result) -> None:
    """Keep what the upload made of the staged file (anything the cache can store)."""
    cache.set(_result_key(token), result, MAX_AGE_SECONDS)


def result(token: str):
    """What :func:`keep_result` kept for ``token`` (a fresh copy), or None. Call only after
    :func:`load` said the token is the user's."""
    return cache.get(_result_key(token))


def _claim_key(token: str) -> str:
    return f"staging:claim:{token}"


def _result_key(token: str) -> str:
    return f"staging:result:{token}"


def discard(token: str) -> None:
    cache.delete_many([_result_key(token), _claim_key(token)])
    for suffix in (".bin", ".json"):
        default_storage.delete(_name(token, suffix))


def staged_names() -> set[str]:
    """The names of every staged file (what an upload that must stage nothing is checked against)."""
    try:
        return set(default_storage.listdir(FOLDER)[1])
    except FileNotFoundError:
        return set()


def _sweep() -> None:
    """Delete staged files older than a day (uploads never confirmed nor cancelled)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=MAX_AGE_SECONDS)
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for name in files:
        try:
            if default_storage.get_modified_time(f"{FOLDER}/{name}") < cutoff:
                default_storage.delete(f"{FOLDER}/{name}")
        except FileNotFoundError:  # another app server swept it first
            pass
