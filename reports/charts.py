"""Small SVG charts for the printed reports, with Chinese labels.

WeasyPrint draws inline SVG but does not apply the page's CSS to its text, so each ``<svg>`` names
its font itself (the embedded sans subset, with the system fonts as a fallback)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.midterm import MidtermReport

FONT = "'Duban Sans', 'Noto Sans CJK SC', sans-serif"
COLOURS = {
    "completed": "#1d4e89",
    "on_schedule": "#2e8540",
    "lagging": "#c0392b",
    "not_started": "#8a8f98",
    "ongoing": "#6c8ebf",
}


def _svg(width: int, height: int, body: list[str], label: str) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{escape(FONT)}" font-size="11" role="img" aria-label="{escape(label)}">'
        + "".join(body)
        + "</svg>"
    )


def category_bars(report: MidtermReport) -> SafeString:
    """Task counts by category: one horizontal bar each."""
    width, row, left = 460, 24, 70
    top = max([c.count for c in report.categories] + [1])
    body = []
    for i, c in enumerate(report.categories):
        y = 8 + i * row
        w = round((width - left - 60) * c.count / top, 1)
        body.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end" fill="#333">{escape(c.label)}</text>')
        body.append(f'<rect x="{left}" y="{y}" width="{w}" height="16" fill="{COLOURS[c.key]}"/>')
        body.append(f'<text x="{left + w + 6}" y="{y + 13}" fill="#333">{c.count}项</text>')
    return _svg(width, 16 + row * len(report.categories), body, "任务状态分布")


def chapter_completion(report: MidtermReport) -> SafeString:
    """Completion of each chapter's tasks (ongoing duties left out), against the time elapsed."""
    width, row, left = 480, 22, 90
    span = width - left - 70
    body = []
    for i, ch in enumerate(report.chapters):
        y = 8 + i * row
        w = round(span * (ch.completion_percent or 0) / 100, 1)
        name = f"第{ch.label.rstrip('、')}章" if ch.label else "未分章"
        body.append(f'<text x="{left - 8}" y="{y + 12}" text-anchor="end" fill="#333">{escape(name)}</text>')
        body.append(f'<rect x="{left}" y="{y}" width="{span}" height="14" fill="#e9edf2"/>')
        body.append(f'<rect x="{left}" y="{y}" width="{w}" height="14" fill="#1d4e89"/>')
        shown = "日常推进" if ch.completion_percent is None else f"{ch.completion_percent}%"
        body.append(f'<text x="{left + span + 6}" y="{y + 12}" fill="#333">{shown}</text>')
    height = 8 + row * len(report.chapters)
    x = left + round(span * report.elapsed_percent / 100, 1)
    body.append(f'<line x1="{x}" y1="2" x2="{x}" y2="{height}" stroke="#c0392b" stroke-dasharray="4 2"/>')
    body.append(
        f'<text x="{x}" y="{height + 14}" text-anchor="middle" fill="#c0392b">时间进度{report.elapsed_percent}%</text>'
    )
    return _svg(width, height + 20, body, "各章完成情况")


def indicator_progress(report: MidtermReport) -> SafeString:
    """Each indicator's 完成进度 against the elapsed share (the 序时 line)."""
    rows = [i for i in report.indicators if i.progress_percent is not None]
    if not rows:
        return mark_safe("")
    width, row, left = 460, 22, 70
    span = width - left - 60
    body = []
    for n, ind in enumerate(rows):
        y = 8 + n * row
        shown = max(0, min(ind.progress_percent, 100))
        colour = "#c0392b" if ind.rating == "滞后于预期" else "#1d4e89"
        body.append(f'<text x="{left - 8}" y="{y + 12}" text-anchor="end" fill="#333">指标{ind.number}</text>')
        body.append(f'<rect x="{left}" y="{y}" width="{span}" height="14" fill="#e9edf2"/>')
        body.append(f'<rect x="{left}" y="{y}" width="{round(span * shown / 100, 1)}" height="14" fill="{colour}"/>')
        body.append(f'<text x="{left + span + 6}" y="{y + 12}" fill="#333">{ind.progress_percent}%</text>')
    height = 8 + row * len(rows)
    x = left + round(span * report.elapsed_percent / 100, 1)
    body.append(f'<line x1="{x}" y1="2" x2="{x}" y2="{height}" stroke="#c0392b" stroke-dasharray="4 2"/>')
    body.append(f'<text x="{x}" y="{height + 14}" text-anchor="middle" fill="#c0392b">序时进度</text>')
    return _svg(width, height + 20, body, "主要指标完成进度")
