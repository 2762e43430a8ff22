"""The one upload check: size limits and file type decided by content, not by the name alone."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

# What each kind of file must start with (or, for text, decode as).
KIND_SUFFIXES = {
    "pdf": {".pdf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "txt": {".txt"},
    "csv": {".csv"},
    "html": {".html", ".htm"},
}
KIND_LABELS = {
    "pdf": "PDF",
    "png": "PNG 图片",
    "jpeg": "JPEG 图片",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "txt": "文本 (.txt)",
    "csv": "CSV",
    "html": "网页 (.html)",
}


def _zip_has(data: bytes, member_prefix: str) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return any(name.startswith(member_prefix) for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _looks_like_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut by the sample's end is still text.
            if exc.start >= len(sample) - 4:
                return True
    return False


def content_matches(kind: str, data: bytes) -> bool:
    if kind == "pdf":
        return data.startswith(b"%PDF-")
    if kind == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpeg":
        return data.startswith(b"\xff\xd8\xff")
    if kind == "docx":
        return data.startswith(b"PK") and _zip_has(data, "word/")
    if kind == "xlsx":
        return data.startswith(b"PK") and _zip_has(data, "xl/")
    if kind in {"txt", "csv", "html"}:
        return _looks_like_text(data)
    return False


def check_upload(uploaded, *, kinds: set[str], max_bytes: int | None = None) -> tuple[str, bytes]:
    """Return (kind, content) of an acceptable upload or raise ValidationError in plain Chinese."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = PurePath(uploaded.name or "").name
    suffix = PurePath(name).suffix.lower()
    kind = next((k for k in kinds if suffix in KIND_SUFFIXES[k]), None)
    allowed = "、".join(KIND_LABELS[k] for k in sorted(kinds))
    if kind is None:
        raise ValidationError(f"不支持的文件类型“{suffix or name}”，可上传：{allowed}。")
    if uploaded.size == 0:
        raise ValidationError(f"文件“{name}”是空文件（0 字节）。")
    if uploaded.size > max_bytes:
        raise ValidationError(f"文件“{name}”超过大小上限 {max_bytes // (1024 * 1024)} MB。")
    data = uploaded.read()
    if not content_matches(kind, data):
        raise ValidationError(f"文件“{name}”的内容不是{KIND_LABELS[kind]}格式，请检查文件是否损坏或扩展名是否正确。")
    return kind, data
