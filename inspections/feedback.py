"""The documents a unit receives: the 督察反馈意见书 (the findings at the unit, their requirements
and deadlines) and the 整改情况报告 (what the unit did about each). A generator builds plain data;
an HTML template renders it, and WeasyPrint turns that HTML into a PDF."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

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


# --- 约谈通知书 and its dossier ------------------------------------------------------------------


@dataclass
class NoticeStep:
    """One step of a 督办单's life: signed, replied (with the text), returned, accepted."""

    label: str
    at: datetime.datetime | None
    text: str = ""


@dataclass
class DossierNotice:
    notice: object
    steps: list[NoticeStep]
    missed: str  # the missed reply deadline, said in words; "" when answered in time


@dataclass
class DossierMatter:
    matter: object
    rungs: list  # EscalationStep rows, oldest first
    notices: list[DossierNotice]
    overdue_days: int | None  # days overdue on the day of the dossier, None once done


@dataclass
class InterviewDossier:
    interview: object
    matters: list[DossierMatter]
    today: datetime.date


STEP_LABELS = {"signed": "签收", "replied": "反馈", "returned": "退回反馈", "accepted": "审结"}


def _notice_steps(notice) -> list[NoticeStep]:
    """The moves a notice went through, from its history (each reply and return with its text)."""
    steps, previous = [], "issued"
    for record in notice.history.order_by("history_date", "history_id"):
        if record.state == previous:
            continue
        previous = record.state
        if record.state == "signed":
            steps.append(NoticeStep("签收", record.signed_at))
        elif record.state == "replied":
            steps.append(NoticeStep("反馈", record.replied_at, record.reply_text))
        elif record.state in {"returned", "accepted"}:
            steps.append(NoticeStep(STEP_LABELS[record.state], record.reviewed_at, record.review_comment))
    return steps


def _missed(notice, steps: list[NoticeStep], today: datetime.date) -> str:
    first_reply = next((s.at for s in steps if s.label == "反馈" and s.at), None)
    deadline = notice.reply_deadline
    if first_reply is not None:
        replied_on = timezone.localdate(first_reply)
        return f"逾期{(replied_on - deadline).days}天反馈" if replied_on > deadline else ""
    return f"超过反馈期限{(today - deadline).days}天未反馈" if today > deadline else ""


def interview_dossier(interview, *, today: datetime.date) -> InterviewDossier:
    """The escalation history of every matter a 约谈 covers: its rungs (colours, listing), its
    督办单 with their numbers, replies, returns and missed deadlines."""
    from inspections.models import SupervisionNotice

    matters = list(interview.matters.select_related("unit", "task", "finding").order_by("due_date", "pk"))
    if not matters:
        matters = [interview.matter]
    result = []
    for matter in matters:
        notices = []
        for notice in SupervisionNotice.objects.filter(matter=matter).order_by("year", "serial"):
            steps = _notice_steps(notice)
            notices.append(DossierNotice(notice, steps, _missed(notice, steps, today)))
        overdue = None if matter.resolved_on else max((today - matter.due_date).days, 0)
        result.append(DossierMatter(matter, list(matter.steps.order_by("issued_on", "pk")), notices, overdue))
    return InterviewDossier(interview, result, today)


def interview_pdf(interview, *, today: datetime.date) -> bytes:
    """约谈通知书 on page 1, the matters' whole escalation history as its appendix."""
    from inspections.actions import issuing_area

    return render_pdf(
        "inspections/interview_pdf.html",
        {
            "i": interview,
            "dossier": interview_dossier(interview, today=today),
            "issuing_office": issuing_area([interview.unit]).justice_bureau,
            "band": NOTICE_BANDS["red"],
            "bands": NOTICE_BANDS,
        },
    )
