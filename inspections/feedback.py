"""The documents a unit receives: the 督察反馈意见书 (the findings at the unit, their requirements
and deadlines) and the 整改情况报告 (what the unit did about each). A generator builds plain data;
an HTML template renders it, and WeasyPrint turns that HTML into a PDF."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from inspections.models import DONE_STATES, CampaignTarget, Finding, RectificationEntry
from plans.policy import can

# WeasyPrint mixes CJK fonts (even Japanese glyph shapes) unless the font is named explicitly.
CJK_FONT_URL = "file:///usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@dataclass
class DocumentFinding:
    number: int
    finding: Finding
    plan_visible: bool
    entries: list[RectificationEntry] = field(default_factory=list)


@dataclass
class UnitDocument:
    target: CampaignTarget
    findings: list[DocumentFinding]
    today: datetime.date

    @property
    def campaign(self):
        return self.target.campaign

    @property
    def unit(self):
        return self.target.department

    @property
    def closed(self) -> int:
        return sum(1 for f in self.findings if f.finding.state in DONE_STATES)

    @property
    def open(self) -> int:
        return len(self.findings) - self.closed

    @property
    def overdue(self) -> int:
        return sum(1 for f in self.findings if f.finding.is_overdue(self.today))


def unit_document(user, target: CampaignTarget, *, today: datetime.date) -> UnitDocument:
    """The findings of a campaign at a unit, as ``user`` may read them."""
    findings = (
        Finding.objects.visible_to(user)
        .filter(campaign_id=target.campaign_id, unit_id=target.department_id)
        .select_related("clause")
        .prefetch_related("supporting_units")
        .order_by("pk")
    )
    entries: dict[int, list] = {}
    for entry in RectificationEntry.objects.visible_to(user).filter(finding__in=findings).order_by("entry_date", "pk"):
        entries.setdefault(entry.finding_id, []).append(entry)
    return UnitDocument(
        target=target,
        findings=[
            DocumentFinding(n, f, can(user, "see_plan", f), entries.get(f.pk, []))
            for n, f in enumerate(findings, start=1)
        ],
        today=today,
    )


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported on use: it loads Pango and friends

    html = render_to_string(template, {**context, "cjk_font_url": CJK_FONT_URL, "pdf": True})
    return HTML(string=html, base_url="/").write_pdf()


NOTICE_BANDS = {"blue": "#1f5fbf", "yellow": "#d4a106", "red": "#c8102e"}


def notice_pdf(notice) -> bytes:
    """The one-page A4 督办单 with its colour band, number, units, matter and reply deadline."""
    from django.conf import settings

    from inspections.workdays import holidays_known

    return render_pdf(
        "inspections/notice_pdf.html",
        {
            "n": notice,
            "units": list(notice.units.all()),
            "band": NOTICE_BANDS.get(notice.colour, "#1f5fbf"),
            "working_days": settings.ESCALATION_REPLY_WORKING_DAYS,
            "holidays_known": holidays_known(notice.reply_deadline),
        },
    )


def notice_mail_file(notice_id: int):
    """The 督办单 PDF as a mail attachment (notifications.attachments)."""
    from inspections.models import SupervisionNotice
    from notifications.attachments import MailFile

    notice = SupervisionNotice.objects.select_related("clause", "finding").get(pk=notice_id)
    return MailFile(f"{notice.number}.pdf", notice_pdf(notice), "application/pdf")
