"""Web pages (.html) as government sites publish them: the block with the numbered units is the
document; the site's banner, menus and footer are not. The title is the document's own title line
(or its ``<h1>``); the metadata block (索引号, 发文机关, 文号, 成文日期 …) is kept as metadata and
never read as the title or the plan's years.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from plans.parsing.errors import PlanParseError
from plans.parsing.lines import _is_furniture, _match_marker
from plans.parsing.tables import Cell, table_lines

_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "td", "th", "tr", "ul", "center",
}  # fmt: skip
# Elements that can hold a whole document (a paragraph or a table cell cannot).
_CONTAINERS = {"body", "div", "article", "section", "main", "td", "center", "form", "blockquote", "font", "span"}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "select", "button", "iframe", "object"}
# Metadata labels of government sites' document pages, by the key they are kept under.
_METADATA = {
    "索引号": "索引号",
    "发文机关": "发文机关",
    "发布机构": "发文机关",
    "发文单位": "发文机关",
    "文号": "文号",
    "发文字号": "文号",
    "成文日期": "成文日期",
    "发文日期": "成文日期",
    "发布日期": "发布日期",
    "公开日期": "发布日期",
    "主题分类": "主题分类",
    "主题词": "主题词",
    "公文种类": "公文种类",
    "有效性": "有效性",
    "标题": "标题",
    "名称": "标题",
}
_METADATA_RE = re.compile(
    r"(?P<label>" + "|".join(sorted(_METADATA, key=len, reverse=True)) + r")\s*[:：]\s*(?P<value>[^:：]*?)"
    r"(?=\s+(?:" + "|".join(_METADATA) + r")\s*[:：]|\s*$)"
)
_METADATA_LABEL_RE = re.compile(r"(?:" + "|".join(_METADATA) + r")\s*[:：]?")
_TITLE_WORDS_RE = re.compile(r"规划|方案|意见|计划|要点|纲要|通知|决定|办法|实施|措施|任务|清单")
_BANNER_RE = re.compile(r"IPV6|无障碍|登录|注册|网站地图|English|繁體|简体|设为首页|加入收藏|政务服务|网站导航", re.I)


def _text(element) -> str:
    return " ".join((element.text_content() or "").split())


def _grid(table) -> list[list[Cell]]:
    """A table with its rowspan/colspan cells expanded on a grid (continuations marked)."""
    grid: list[list[Cell]] = []
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
    for tr in table.iter("tr"):
        row: list[Cell] = []
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in {"td", "th"}]
        column = 0
        for cell in [*cells, None]:
            while column in pending:
                left, text = pending[column]
                row.append(Cell(text, above=True))
                pending[column] = (left - 1, text)
                if left - 1 <= 0:
                    del pending[column]
                column += 1
            if cell is None:
                break
            text = "\n".join(line for line in (" ".join(part.split()) for part in _cell_text(cell)) if line)
            span = min(_int(cell.get("colspan")), 50)
            down = min(_int(cell.get("rowspan")), 500)
            for offset in range(span):
                row.append(Cell(text, left=offset > 0))
                if down > 1:
                    pending[column] = (down - 1, text)
                column += 1
        grid.append(row)
    return grid


def _cell_text(cell) -> list[str]:
    out = _Lines()
    out.walk(cell)
    return [text for text, _origin in out.finish()]


def _int(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


class _Lines:
    """Linearise an element tree: one line per block element; tables through tables.table_lines."""

    def __init__(self, main=None) -> None:
        self.lines: list[tuple[str, str]] = []
        self.current: list[str] = []
        self.tables = 0
        # Where the main content's lines start and end in ``lines``.
        self.main = main
        self.span = (0, 0)

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.lines.append((text, f"正文第{len(self.lines) + 1}段"))

    def walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        if tag == "table":
            self.flush()
            self.tables += 1
            self.lines.extend(table_lines(_grid(element), f"表{self.tables}"))
            return
        block = tag in _BLOCKS or element is self.main
        if block:
            self.flush()
        start = len(self.lines)
        if element.text:
            self.current.append(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self.current.append(child.tail)
        if block:
            self.flush()
        if element is self.main:
            self.span = (start, len(self.lines))

    def finish(self) -> list[tuple[str, str]]:
        self.flush()
        return self.lines


def _marker_counts(root) -> dict:
    """For each element, how many numbered paragraphs (一、 （一） 1.) it holds."""
    counts: dict = {}
    for element in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "span", "font"):
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS and c.tag != "br" for c in element):
            continue  # only the innermost blocks: their text is the paragraph
        # A block of lines separated by <br> holds several paragraphs.
        lines = _Lines()
        lines.walk(element)
        found = sum(1 for text, _origin in lines.finish() if _match_marker(text, allow_zhang=True))
        if found:
            counts[element] = counts.get(element, 0) + found
            for ancestor in element.iterancestors():
                counts[ancestor] = counts.get(ancestor, 0) + found
    return counts


def _main_content(root):
    """The deepest element holding nearly all numbered paragraphs of the page."""
    counts = _marker_counts(root)
    if not counts:
        return root
    best = max(counts.values())
    candidates = [e for e, n in counts.items() if n >= 0.8 * best and e.tag in _CONTAINERS]
    return max(candidates, key=lambda e: sum(1 for _ in e.iterancestors()))


def _metadata(lines: list[str]) -> tuple[dict[str, str], set[int]]:
    """Metadata pairs found in ``lines`` and the indexes of the lines they took."""
    found: dict[str, str] = {}
    used: set[int] = set()
    for index, line in enumerate(lines):
        if len(line) > 200:
            continue
        pairs = list(_METADATA_RE.finditer(line))
        if pairs and pairs[0].start() == 0:
            for m in pairs:
                key = _METADATA[m.group("label")]
                value = m.group("value").strip()
                if not value and index + 1 < len(lines) and not _METADATA_LABEL_RE.match(lines[index + 1]):
                    value = lines[index + 1].strip()
                    used.add(index + 1)
                if value:
                    found.setdefault(key, value)
            used.add(index)
        elif (label := "".join(line.split()).strip("：:")) in _METADATA and index + 1 < len(lines):
            # Table layout: "索 引 号" in one cell, its value in the next.
            value = lines[index + 1].strip()
            if value and "".join(value.split()).strip("：:") not in _METADATA:
                found.setdefault(_METADATA[label], value)
                used.update({index, index + 1})
    return found, used


def _title_like(text: str) -> bool:
    return (
        6 <= len(text) <= 80
        and not any(mark in text for mark in "。，；,;")
        and not _BANNER_RE.search(text)
        and not _is_furniture(text)
        and not _METADATA_LABEL_RE.match(text)
        and not re.fullmatch(r"[\d\s年月日:：\-./]+", text)
    )


def _strip_site(title: str) -> str:
    # "……规划_宝山区人民政府" / "……规划 - 某某网": the site's name follows the document's.
    return re.split(r"\s*(?:_|\||｜|--|—\s|-\s)\s*", title, maxsplit=1)[0].strip()


def html_document(text: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The page's title line and content lines with origins, and its metadata."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses a str with an encoding declaration
    if not text.strip():
        raise PlanParseError("文档为空")
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise PlanParseError("无法读取 HTML 文件") from exc
    main = _main_content(root)
    page = _Lines(main)
    page.walk(root)
    page_lines = page.finish()
    start, end = page.span
    metadata, used = _metadata([line for line, _origin in page_lines])
    # Outside the content only what is recognisably page furniture stays (reported, not read);
    # the site's banner and menus go.
    before = [pair for i, pair in enumerate(page_lines[:start]) if i not in used and _is_furniture(pair[0])]
    after = [pair for i, pair in enumerate(page_lines[end:], start=end) if i not in used and _is_furniture(pair[0])]
    lines = [pair for i, pair in enumerate(page_lines[start:end], start=start) if i not in used]

    first_marker = next((i for i, (line, _o) in enumerate(lines) if _match_marker(line, allow_zhang=True)), len(lines))
    title = ""
    title_index = None
    for index in range(first_marker):
        line = lines[index][0]
        if _title_like(line) and _TITLE_WORDS_RE.search(line):
            title, title_index = line, index
            break
    if not title:
        # The title sits above the content block: the nearest title line before it on the page.
        for line, _origin in reversed(page_lines[:start]):
            if _title_like(line) and _TITLE_WORDS_RE.search(line):
                title = line
                break
    if not title:
        heads = [m.get("content", "") for m in root.iter("meta") if (m.get("name") or "").lower() == "articletitle"]
        heads += [_text(h) for h in root.iter("h1")]
        heads += [_strip_site(_text(t)) for t in root.iter("title")]
        title = next((h for h in heads if _title_like(h)), "") or metadata.get("标题", "")
    if title_index is not None:
        del lines[title_index]
    head = [(title, "标题")] if title else []
    return before + head + lines + after, metadata
