"""The one upload check: size limits and file type decided by content, not by the name alone."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

from plans.parsing import sniff_utf16

# What each kind of file must start with (or, for text, decode as).
KIND_SUFFIXES = {
    "pdf": {".pdf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "docx": {".docx"},
    "doc": {".doc", ".wps"},
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
    "doc": "Word 97-2003 / WPS (.doc、.wps)",
    "xlsx": "Excel (.xlsx)",
    "txt": "文本 (.txt)",
    "csv": "CSV",
    "html": "网页 (.html)",
}


# A .docx or .xlsx is a zip: what it unpacks to is checked before any parser opens it, so that a
# small "zip bomb" is refused at once instead of costing minutes and gigabytes. Real documents of a
# plan's size unpack to a few MB, each member at most some tens of times its packed size.
MAX_ZIP_MEMBERS = 1000
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_MEMBER_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # small members may compress as well as they like


def zip_problem(data: bytes) -> str | None:
    """Why this zip must not be opened (in Chinese), or None. Reads only the directory: sizes are
    the declared ones, which zipfile (and so openpyxl and python-docx) never reads past."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # not a zip at all: the content check says so
    if len(members) > MAX_ZIP_MEMBERS:
        return f"压缩包内文件过多（{len(members)} 个，上限 {MAX_ZIP_MEMBERS} 个）"
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNZIPPED_BYTES:
            return f"解压后超过 {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB，疑为压缩炸弹"
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_FROM and ratio > MAX_MEMBER_RATIO:
            return f"其中“{member.filename[:60]}”的压缩比异常（{ratio:.0f} 倍），疑为压缩炸弹"
    return None


def _zip_has(data: bytes, member_prefix: str) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return any(name.startswith(member_prefix) for name in archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _looks_like_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 without a BOM (the README promises UTF-16): text in one byte order or the other.
        return (
            sniff_utf16(sample[: len(sample) // 2 * 2]) is not None
            or sniff_utf16(sample[: len(sample) // 2 * 2 - 2]) is not None
        )
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut by the sample's end is still text.
            if exc.start >= len(sample) - 4:
                return True
    return False


# Files people try that no kind accepts, with what to do instead.
SUFFIX_HINTS = {
    ".ofd": "暂不支持 OFD 版式文件，请用 OFD 阅读器将其另存或打印为 PDF 后上传。",
}
# Old Word and WPS documents are OLE2 compound files.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def content_matches(kind: str, data: bytes) -> bool:
    if kind == "pdf":
        return data.startswith(b"%PDF-")
    if kind == "doc":
        return data.startswith(OLE2_MAGIC)
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
        raise ValidationError(f"不支持的文件类型“{suffix or name}”，可上传：{allowed}。{SUFFIX_HINTS.get(suffix, '')}")
    if uploaded.size == 0:
        raise ValidationError(f"文件“{name}”是空文件（0 字节）。")
    if uploaded.size > max_bytes:
        raise ValidationError(f"文件“{name}”超过大小上限 {max_bytes // (1024 * 1024)} MB。")
    data = uploaded.read()
    if data.startswith(b"PK") and (problem := zip_problem(data)):
        raise ValidationError(f"文件“{name}”无法接受：{problem}。请检查文件后重新上传。")
    if not content_matches(kind, data):
        raise ValidationError(f"文件“{name}”的内容不是{KIND_LABELS[kind]}格式，请检查文件是否损坏或扩展名是否正确。")
    return kind, data
