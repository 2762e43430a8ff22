"""Bytes to text: decoding text files; .docx, .pdf, .html (and .doc/.wps) into one paragraph per line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from charset_normalizer import from_bytes

from plans.parsing.errors import PlanParseError
from plans.parsing.office import OFD_MESSAGE, convert_to_docx
from plans.parsing.pdf import pdf_lines
from plans.parsing.webpage import html_document
from plans.parsing.word import docx_lines


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _plausible_share(text: str) -> float:
    good = sum(
        1
        for ch in text
        if ch in "\n\t"
        or " " <= ch <= "~"
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
    )
    return good / max(len(text), 1)


def sniff_utf16(data: bytes) -> str | None:
    """Decode BOM-less UTF-16 when one byte order gives plausible Chinese or ASCII text."""
    if len(data) % 2:
        return None
    best, best_share = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(text)
        if "\x00" not in text and share > best_share:
            best, best_share = text, share
    return best if best_share >= 0.9 else None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file: strict UTF-8 (BOM or not), UTF-16 with BOM, GB18030, then charset-normalizer.

    Bytes containing NUL are first tried as BOM-less UTF-16, because Chinese UTF-16 is often
    also valid (but meaningless) UTF-8. Returns ``(text, encoding)`` with CRLF normalised to LF;
    raises :class:`PlanParseError` when no decoder fits.
    """
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Text never contains NUL, UTF-16 nearly always does (and may be "valid" UTF-8 too).
        sniffed = sniff_utf16(data)
        if sniffed is not None:
            return _normalise_newlines(sniffed), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _normalise_newlines(data[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return _normalise_newlines(data.decode("utf-8")), "utf-8"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalise_newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return _normalise_newlines(data.decode("gb18030")), "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return _normalise_newlines(str(best)), best.encoding
    except Exception:  # the last resort must not raise its own errors
        pass
    raise PlanParseError("无法识别文档编码")


_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
SUPPORTED = "请上传 .docx、.pdf、.txt 或 .html 文件"


@dataclass
class SourceText:
    """A document read into text: one paragraph per line, where each line came from, and metadata.

    ``origins[i]`` says where line ``i + 1`` came from ("第3页第5行", "表1第2行", "第12段"); empty for
    plain text, whose line numbers are the file's own. ``metadata`` holds what a web page's
    metadata block says (发文机关, 文号, 成文日期 …)."""

    text: str
    encoding: str
    origins: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def _from_lines(lines: list[tuple[str, str]], encoding: str, metadata: dict | None = None) -> SourceText:
    texts, origins = [], []
    for text, origin in lines:
        # A line never holds a line break: the parser numbers lines, and origins follow them.
        for part in text.split("\n"):
            texts.append(part)
            origins.append(origin)
    return SourceText("\n".join(texts), encoding, origins, metadata or {})


def load_document(data: bytes, filename: str) -> SourceText:
    """Read .txt / .docx / .pdf / .html / .htm (and .doc / .wps through LibreOffice) bytes.

    Raises :class:`PlanParseError` for anything unreadable or an unsupported file type, with a
    message that says what to do instead."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in {".doc", ".wps"}:
        return _from_lines(docx_lines(convert_to_docx(data, suffix)), "docx")
    if suffix == ".docx":
        return _from_lines(docx_lines(data), "docx")
    if suffix == ".pdf":
        return _from_lines(pdf_lines(data), "pdf")
    if suffix in {".html", ".htm"}:
        text, _encoding = decode_bytes(data)
        lines, metadata = html_document(text)
        return _from_lines(lines, "html", metadata)
    if suffix == ".ofd":
        raise PlanParseError(OFD_MESSAGE)
    if suffix in _TEXT_SUFFIXES:
        text, encoding = decode_bytes(data)
        return SourceText(text, encoding)
    raise PlanParseError(f"不支持的文件类型：{suffix}（{SUPPORTED}）")


def read_document(data: bytes, filename: str) -> tuple[str, str]:
    """Read a document into ``(text, encoding)`` with one paragraph per line (see load_document);
    encoding is the text codec, or "docx" / "pdf" / "html"."""
    source = load_document(data, filename)
    return source.text, source.encoding
