"""The parser: lines to a tree of numbered units."""

from __future__ import annotations

import re
from collections.abc import Iterable

from plans.parsing.deadlines import _clean_years, _default_years, _scan_deadlines
from plans.parsing.departments import _find_departments, _known_set, _name_regex, lead_label_in
from plans.parsing.errors import DocumentTooLarge, PlanParseError
from plans.parsing.headings import _split_heading
from plans.parsing.indicators import _scan_indicators
from plans.parsing.lines import (
    _CHAPTER_RE,
    _CLAUSE_RE,
    _CN,
    _DATE_LINE_RE,
    _DIGITS,
    _NEAR_MARKER_RE,
    _ORG_LINE_RE,
    _RANK,
    _is_furniture,
    _Line,
    _match_marker,
)
from plans.parsing.reading import _normalise_newlines, load_document
from plans.parsing.results import Deadline, DepartmentMention, ParsedPlan, ParseWarning, Unit
from plans.parsing.text import _norm, _to_simplified
from plans.parsing.title import _title_from_line, _years_from_title

_INLINE_SPLIT_RE = re.compile(
    rf"[ \t\u3000]+(?=(?:[{_CN}]{{1,3}}、|[(（][{_CN}]{{1,3}}[)）]"
    rf"|[{_DIGITS}]{{1,2}}[.．、](?![{_DIGITS}])|[(（][{_DIGITS}]{{1,2}}[)）]))"
)


def _make_lines(raw_lines: list[tuple[int, str]]) -> list[_Line]:
    lines = [_Line(no, text.strip()) for no, text in raw_lines]
    has_chapters = any(_CHAPTER_RE.match(line.text) for line in lines)
    for line in lines:
        if not line.text:
            continue
        line.marker = _match_marker(line.text, allow_zhang=not has_chapters)
        if line.marker is None:
            if _is_furniture(line.text):
                line.furniture = True
            elif _NEAR_MARKER_RE.match(line.text) or _CHAPTER_RE.match(line.text) or _CLAUSE_RE.match(line.text):
                line.near_marker = True
    return lines


def _mark_signature(lines: list[_Line]) -> None:
    """A closing "宿城区人民政府 / 2020年12月28日" is a signature, not part of the last unit."""
    tail = [line for line in lines if line.text and not line.furniture]
    if not tail or tail[-1].marker or not _DATE_LINE_RE.fullmatch(_norm(tail[-1].text)):
        return
    tail[-1].signature = True
    for line in reversed(tail[:-1][-2:]):
        if line.marker or not _ORG_LINE_RE.fullmatch(line.text):
            break
        line.signature = True


def _numbering_warnings(units: list[tuple[Unit, int | None]]) -> list[ParseWarning]:
    """Gaps and repeats relative to the previous sibling, allowing restart-per-parent or continuous schemes."""
    warnings: list[ParseWarning] = []
    siblings: dict[tuple[str, int | None], tuple[int, set[int]]] = {}
    last_of_level: dict[str, int] = {}
    for unit, parent_index in units:
        key = (unit.level, parent_index)
        n = unit.number
        if key in siblings:
            prev, seen = siblings[key]
            if n in seen:
                warnings.append(
                    ParseWarning(unit.line, "numbering_duplicate", f"编号重复：{unit.label} 与前面的同级编号相同")
                )
            elif n > prev + 1:
                warnings.append(
                    ParseWarning(
                        unit.line, "numbering_gap", f"编号不连续：{unit.label} 之前缺少第 {prev + 1}–{n - 1} 号"
                    )
                )
            elif n < prev:
                warnings.append(
                    ParseWarning(unit.line, "numbering_gap", f"编号顺序异常：{unit.label} 排在第 {prev} 号之后")
                )
            seen.add(n)
            siblings[key] = (n, seen)
        else:
            last = last_of_level.get(unit.level)
            if n != 1 and (last is None or n != last + 1):
                if last is not None and n == last:
                    warnings.append(
                        ParseWarning(unit.line, "numbering_duplicate", f"编号重复：{unit.label} 与上一个同级编号相同")
                    )
                else:
                    expected = "第 1 号" if last is None else f"第 1 号或第 {last + 1} 号"
                    warnings.append(
                        ParseWarning(unit.line, "numbering_gap", f"编号不连续：{unit.label} 处应为{expected}")
                    )
            siblings[key] = (n, {n})
        last_of_level[unit.level] = n
    return warnings


# Bounds of the work one upload may cause: a real five-year plan is some 15,000 characters and a
# few hundred numbered units; ten and more times that is not a plan (and would cost seconds per parse).
MAX_TEXT_CHARS = 300_000
MAX_UNITS = 3_000


def _collect(
    raw_lines: list[tuple[int, str]],
    *,
    encoding: str,
    years: tuple[int, int] | None,
    known: set[str],
    title: str | None,
    inline: bool = False,
) -> ParsedPlan:
    lines = _make_lines(raw_lines)
    first_marker = next((i for i, line in enumerate(lines) if line.marker), None)
    if first_marker is None:
        raise PlanParseError("未找到编号条目")
    _mark_signature(lines)
    warnings: list[ParseWarning] = []
    for line in lines:
        if line.furniture:
            warnings.append(ParseWarning(line.no, "page_furniture", f"页面附属内容，未计入正文：{line.text[:40]}"))
        elif line.signature:
            warnings.append(ParseWarning(line.no, "page_furniture", f"文末落款或日期，未计入正文：{line.text[:40]}"))
        elif line.near_marker:
            warnings.append(
                ParseWarning(line.no, "unrecognised_text", f"疑似编号但无法识别层级，已并入上文：{line.text[:40]}")
            )

    # Title and preamble: unnumbered text before the first unit.
    head = [line for line in lines[:first_marker] if line.text and not line.furniture]
    found_title = ""
    if head:
        candidate = _title_from_line(head[0].text)
        # A long first paragraph (a report that starts with prose) is preamble, not a title.
        if len(candidate) <= 80 and "。" not in candidate.rstrip("。"):
            found_title = candidate
            head = head[1:]
    title = title if title is not None else found_title
    preamble = "\n".join(line.text for line in head if not line.text.startswith("|"))

    # Group each marker line with the unnumbered lines that follow it.
    groups: list[tuple[_Line, list[_Line]]] = []
    for line in lines[first_marker:]:
        if line.marker:
            groups.append((line, []))
        elif line.text and not line.furniture and not line.signature:
            groups[-1][1].append(line)
    if len(groups) > MAX_UNITS:
        raise DocumentTooLarge(f"编号条目过多（{len(groups):,} 条，上限 {MAX_UNITS:,} 条），请确认上传的文件是否正确")

    if years is None:
        years = _years_from_title(title)
    if years is None:
        found_years = sorted(
            d.date.year
            for marker_line, content in groups
            for line in [marker_line, *content]
            for d in _scan_deadlines(line.text, None, line.no, cell=False, explicit_only=True)
        )
        if found_years:
            start, end = found_years[0], found_years[-1]
            years = (start, end) if end - start <= 10 else (end, end)
        else:
            years = _default_years()

    name_re = _name_regex(known)
    units: list[Unit] = []
    parents: list[int | None] = []
    stack: list[int] = []
    for marker_line, content in groups:
        marker = marker_line.marker
        assert marker is not None
        rank = _RANK[marker.kind]
        while stack and _RANK[units[stack[-1]].level] >= rank:
            stack.pop()
        parent_index = stack[-1] if stack else None
        heading, first_body, body_lines, ran_on = _split_heading(marker, content, name_re, inline)
        if ran_on:
            warnings.append(
                ParseWarning(
                    marker_line.no,
                    "heading_no_full_stop",
                    f"标题后缺少句号，已在“{heading}”之后断开，请核对标题",
                )
            )
        body = "\n".join(([first_body] if first_body else []) + [line.text for line in body_lines])
        unit = Unit(
            level=marker.kind,
            number=marker.number,
            label=marker.label,
            parent=None if parent_index is None else _parent_numeral(units[parent_index]),
            heading=heading,
            body=body,
            line=marker_line.no,
            end_line=content[-1].no if content else marker_line.no,
        )
        mentions: list[DepartmentMention] = []
        seen: set[tuple[str, str]] = set()
        lead_seen = False  # a 牵头单位 line makes a later 责任单位 line name the supporters
        for line_no, text in [(marker_line.no, marker.rest)] + [(line.no, line.text) for line in content]:
            unit.deadlines.extend(_scan_deadlines(text, years, line_no, cell=False))
            unit.indicators.extend(_scan_indicators(text, line_no))
            found = _find_departments(text, known, line_no, lead_seen=lead_seen)
            lead_seen = lead_seen or lead_label_in(text)
            for _pos, mention in found:
                key = (mention.name, "named" if mention.role == "mentioned" else mention.role)
                if key not in seen:
                    seen.add(key)
                    mentions.append(mention)
        explicit = {m.name for m in mentions if m.role != "mentioned"}
        unit.departments = [m for m in mentions if m.role != "mentioned" or m.name not in explicit]
        unit.deadlines = _dedupe_deadlines(unit.deadlines)
        units.append(unit)
        parents.append(parent_index)
        stack.append(len(units) - 1)

    warnings.extend(_numbering_warnings(list(zip(units, parents, strict=True))))
    warnings.sort(key=lambda w: w.line)
    return ParsedPlan(title=title, encoding=encoding, years=years, units=units, warnings=warnings, preamble=preamble)


def _parent_numeral(parent: Unit) -> str:
    # The numeral as written ("十一", "3"), i.e. the label without brackets and punctuation.
    m = re.search(rf"[{_CN}{_DIGITS}]+", parent.label)
    return m.group(0) if m else parent.label


def _dedupe_deadlines(deadlines: list[Deadline]) -> list[Deadline]:
    seen: set[tuple] = set()
    result = []
    for d in deadlines:
        key = (d.date, d.recurring, d.needs_confirmation, d.phrase if d.recurring is None else "")
        if key not in seen:
            seen.add(key)
            result.append(d)
    return result


def parse_text(
    text: str,
    *,
    encoding: str = "utf-8",
    years: tuple[int, int] | None = None,
    department_names: Iterable[str] = (),
    title: str | None = None,
    origins: list[str] | None = None,
    metadata: dict[str, str] | None = None,
) -> ParsedPlan:
    """Parse decoded document text into a :class:`ParsedPlan`.

    ``years`` is the plan span; without it the title decides (十四五 → 2021–2025, "2021-2025",
    "2024年…" → 2024), else the deadlines found, else the current year. ``department_names`` are the
    names to look for in prose and to mark explicit names as known. Traditional characters are
    converted to simplified ones, so headings and bodies come back simplified. Line numbers are
    1-based lines of ``text``. Raises :class:`PlanParseError` for an empty document ("文档为空") or
    a document without numbered units ("未找到编号条目").
    """
    if not isinstance(text, str):
        raise PlanParseError("文档不是文本")
    text = _normalise_newlines(text)
    if not text.strip():
        raise PlanParseError("文档为空")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentTooLarge(
            f"文档过长（{len(text):,} 字，上限 {MAX_TEXT_CHARS:,} 字）；规划文档一般不超过数万字，请确认上传的文件是否正确"
        )
    try:
        known = _known_set(department_names)
        plan_years = _clean_years(years)
        raw, _converted = _to_simplified(text.split("\n"))
        numbered = list(enumerate(raw, start=1))
        try:
            plan = _collect(numbered, encoding=encoding, years=plan_years, known=known, title=title)
        except DocumentTooLarge:
            raise
        except PlanParseError:
            # A document pasted as one long line ("… 一、… (一)… 1.…") gets split at its markers.
            split = [(no, part) for no, line in numbered for part in _INLINE_SPLIT_RE.split(line)]
            if len(split) == len(numbered):
                raise
            plan = _collect(split, encoding=encoding, years=plan_years, known=known, title=title, inline=True)
        return _with_origins(plan, origins or [], metadata or {})
    except PlanParseError:
        raise
    except Exception as exc:  # the contract: nothing but PlanParseError for any document
        raise PlanParseError("文档解析失败") from exc


def parse_document(data: bytes, filename: str, **kwargs) -> ParsedPlan:
    """Read bytes with :func:`load_document` and parse them with :func:`parse_text` (same keyword arguments)."""
    source = load_document(data, filename)
    kwargs.setdefault("encoding", source.encoding)
    return parse_text(source.text, origins=source.origins, metadata=source.metadata, **kwargs)


def _with_origins(plan: ParsedPlan, origins: list[str], metadata: dict[str, str]) -> ParsedPlan:
    """Say where each unit came from (page and line, table row, or the text's line)."""
    for unit in plan.units:
        unit.source = origins[unit.line - 1] if 0 < unit.line <= len(origins) else f"第{unit.line}行"
    plan.metadata = dict(metadata)
    return plan
