"""The midterm evaluation as a Word document (python-docx), from ``reports.midterm`` data.

Offices edit the report further in Word: headings use the built-in "Heading 1/2" styles (so Word's
navigation pane and table of contents work), with the East Asian fonts set explicitly (黑体 for
headings, 宋体 for the body; Word substitutes what the machine has)."""

from __future__ import annotations

from reports.documents import centered, docx_bytes, draft_mark, official_document, title
from reports.documents import paragraph as _paragraph
from reports.documents import table as _table
from reports.midterm import MidtermReport

HEADINGS = ["一、评估工作开展情况", "二、总体评价", "三、分章实施情况", "四、存在的主要问题", "五、后半程对策建议"]


def _number(value) -> str:
    if value is None:
        return "—"
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def render_docx(report: MidtermReport, *, draft: bool) -> bytes:
    doc = official_document(f"{report.plan_title}中期评估报告" + ("（草稿）" if draft else ""))
    title(doc, report.plan_title + "\n中期评估报告")
    centered(doc, f"（数据截止{report.as_of_text}）")
    if draft:
        draft_mark(doc)

    doc.add_heading(HEADINGS[0], level=1)
    _paragraph(
        doc,
        f"根据规划{report.basis}的要求，区司法局组织开展规划实施中期评估。评估范围为规划确定的"
        f"{report.chapters_count}个部分、{report.clauses_count}条、{report.tasks_count}项任务，数据截止{report.as_of_text}。"
        f"评估以各责任单位报送并经审核通过的进展报告、年度目标和佐证材料为基础，参与评估的责任单位共"
        f"{len(report.participants)}家。",
    )
    if report.outside_voices:
        for v in report.outside_voices:
            when = f"{v.held_on:%Y年%m月}，" if v.held_on else ""
            count = f"（{v.participants}人次参与）" if v.participants else ""
            adopted = f"，采纳意见：{v.adopted}" if v.adopted else ""
            _paragraph(doc, f"{when}{v.name}开展{v.kind}{count}{adopted}。")
    else:
        _paragraph(doc, "第三方评估和公众意见：暂无记录。")

    doc.add_heading(HEADINGS[1], level=1)
    for para in (report.edited_summary or report.summary).splitlines():
        if para.strip():
            _paragraph(doc, para.strip())
    _table(
        doc,
        [c.label for c in report.categories] + ["合计", "完成率", "时间进度", "时间过半、任务过半"],
        [
            [str(c.count) for c in report.categories]
            + [
                str(report.tasks_count),
                f"{report.completion_percent}%",
                f"{report.elapsed_percent}%",
                "已实现" if report.half_time_half_work else "未实现",
            ]
        ],
    )
    _paragraph(
        doc,
        f"截止日前到期的节点{report.milestones_due}个，按期完成{report.milestones_met}个，未按期完成"
        f"{report.milestones_missed}个，{report.milestones_pending}个待核验。",
    )
    for m in report.plan_milestones:
        _paragraph(
            doc, f"{m.clause_label}{m.tasks[0].title}：{m.phrase}（{m.due_date:%Y年%m月%d日}），{m.state_label}。"
        )

    doc.add_heading(HEADINGS[2], level=1)
    for n, ch in enumerate(report.chapters, start=1):
        doc.add_heading(f"（{n}）{ch.label}{ch.heading}", level=2)
        counts = "，".join(f"{c.label}{c.count}项" for c in ch.categories if c.count)
        rate = "均为日常推进类任务" if ch.completion_percent is None else f"完成率{ch.completion_percent}%"
        _paragraph(doc, f"本部分共{ch.clauses}条{ch.tasks}项任务，其中{counts}；{rate}。")
        for i, p in enumerate(ch.practices, start=1):
            _paragraph(doc, f"典型做法{i}：{p.clause_label}（{p.department}，{p.period}）{p.text}")

    doc.add_heading(HEADINGS[3], level=1)
    if report.edited_problems:
        for para in report.edited_problems.splitlines():
            if para.strip():
                _paragraph(doc, para.strip())
    else:
        for n, problem in enumerate(report.problems, start=1):
            _paragraph(doc, f"（{n}）{problem.title}", indent=False, bold=True)
            _paragraph(doc, "".join(s.text + (f"[{s.footnote}]" if s.footnote else "") for s in problem.sentences))
            _paragraph(doc, problem.cause)
    for f in report.footnotes:
        names = "；".join(t.name for t in f.tasks)
        _paragraph(doc, f"[{f.number}] {f.text}：{names}。", indent=False, size=9)

    doc.add_heading(HEADINGS[4], level=1)
    if report.edited_recommendations:
        for para in report.edited_recommendations.splitlines():
            if para.strip():
                _paragraph(doc, para.strip())
    else:
        for n, rec in enumerate(report.recommendations, start=1):
            _paragraph(doc, f"（{n}）{rec.title}。{rec.text}")
    _paragraph(doc, f"关于规划内容调整：{report.adjustment}")

    doc.add_heading("六、部门履职和督察整改情况", level=1)
    _table(
        doc,
        ["单位", "牵头任务", "按时报送", "节点完成", "被退回", "督察问题按期整改", "督办单"],
        [
            [
                d.name,
                str(d.lead_tasks),
                f"{d.on_time_percent}%（{d.reports_on_time}/{d.reports_due}）",
                f"{d.milestones_met}/{d.milestones_due}",
                str(d.returned),
                d.findings,
                d.notices,
            ]
            for d in report.departments
        ],
    )
    doc.add_heading("口径说明", level=1)
    for n, note in enumerate(report.method_notes, start=1):
        _paragraph(doc, f"{n}. {note}", indent=False, size=10)

    doc.add_page_break()
    doc.add_heading("附件1　主要指标完成情况表", level=1)
    years = list(report.indicators[0].values) if report.indicators else []
    _table(
        doc,
        [
            "序号",
            "指标",
            "属性",
            "基数",
            *[f"{y}年" for y in years],
            "目标值",
            "序时目标",
            "完成进度",
            "评价",
            "趋势判断",
        ],
        [
            [
                str(i.number),
                f"{i.clause_label}{i.text}" + (f"（{i.unit}）" if i.unit else ""),
                i.kind,
                _number(i.baseline) + (f"（{i.baseline_year}年）" if i.baseline_year else ""),
                *[_number(i.values[y]) for y in years],
                _number(i.target),
                _number(i.pace_target),
                "—" if i.progress_percent is None else f"{i.progress_percent}%",
                i.rating,
                i.trend,
            ]
            for i in report.indicators
        ],
    )
    doc.add_heading("附件2　规划条款实施情况表", level=1)
    _table(
        doc,
        ["条款", "牵头／配合单位", "状态", "已到期节点", "佐证材料"],
        [
            [
                f"{c.label}{c.heading}",
                "、".join(c.lead) + (f"（配合：{'、'.join(c.support)}）" if c.support else ""),
                c.status,
                "；".join(c.milestones_due) or "—",
                "；".join(c.evidence) + (f"等{c.evidence_count}份" if c.evidence_count > len(c.evidence) else "")
                or "—",
            ]
            for c in report.clauses
        ],
    )
    doc.add_heading("附件3　第三方评估和公众意见情况", level=1)
    if report.outside_voices:
        _table(
            doc,
            ["方式", "组织或机构", "时间", "参与人次", "主要意见", "采纳情况"],
            [
                [
                    v.kind,
                    v.name,
                    f"{v.held_on:%Y-%m-%d}" if v.held_on else "—",
                    str(v.participants or "—"),
                    v.summary or "—",
                    v.adopted or "—",
                ]
                for v in report.outside_voices
            ],
        )
    else:
        _paragraph(doc, "暂无数据。")
    return docx_bytes(doc)
