"""Bytes to text: decoding text files, reading .docx and .html into one paragraph per line."""

from __future__ import annotations

import html.parser
import io
import zipfile
from pathlib import PurePath

from plans.parsing.errors import PlanParseError


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
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return _normalise_newlines(str(best)), best.encoding
    except Exception:  # the last resort must not raise its own errors
        pass
    raise PlanParseError("无法识别文档编码")


def _docx_lines(data: bytes) -> list[str]:
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    previous = None
                    for cell in row.cells:
                        if cell._tc is previous:  # a merged cell repeats across the row
                            continue
                        previous = cell._tc
                        lines.extend(cell.text.split("\n"))
            else:
                lines.extend(block.text.split("\n"))
        return lines
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanParseError("无法读取 .docx 文件（文件损坏或不是 Word 文档）") from exc
    except Exception as exc:  # python-docx raises many kinds of errors on broken packages
        raise PlanParseError("无法读取 .docx 文件") from exc


_HTML_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_HTML_SKIP = {"script", "style", "noscript", "template", "head", "title"}


class _HTMLText(html.parser.HTMLParser):
    """Collect text with one line per block element, dropping scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.pre = 0

    def _flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        if self.pre:
            self.lines.extend(part.strip() for part in text.split("\n"))
        else:
            self.lines.append(" ".join(text.split()))

    def handle_starttag(self, tag, attrs):
        if tag in _HTML_SKIP:
            self.skip += 1
        elif tag in _HTML_BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre += 1

    def handle_endtag(self, tag):
        if tag in _HTML_SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _HTML_BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)


def _html_lines(text: str) -> list[str]:
    try:
        parser = _HTMLText()
        parser.feed(text)
        parser.close()
        parser._flush()
    except Exception as exc:  # html.parser may assert on pathological markup
        raise PlanParseError("无法读取 HTML 文件") from exc
    # Drop runs of empty lines that block nesting creates, keep single blank separators.
    lines: list[str] = []
    for line in parser.lines:
        if line or (lines and lines[-1]):
            lines.append(line)
    return lines


_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


def read_document(data: bytes, filename: str) -> tuple[str, str]:
    """Read .txt / .docx / .html / .htm bytes into text with one paragraph per line.

    Returns ``(text, encoding)`` where encoding is the text codec, or "docx" / "html".
    Raises :class:`PlanParseError` for anything unreadable or an unsupported file type.
    """
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".docx":
        return "\n".join(_docx_lines(data)), "docx"
    if suffix in {".html", ".htm"}:
        text, _encoding = decode_bytes(data)
        return "\n".join(_html_lines(text)), "html"
    if suffix in _TEXT_SUFFIXES:
        return decode_bytes(data)
    raise PlanParseError(f"不支持的文件类型：{suffix}（请上传 .txt、.docx 或 .html 文件）")
