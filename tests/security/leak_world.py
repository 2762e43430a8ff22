"""The URL table's world with private text planted in every kind of it, written through the named
actions (so that the event log holds what a real day would), and the cast widened by a leader who
is also a member of the lead department and by a supporting department."""

from __future__ import annotations

import datetime
import io
from urllib.parse import unquote

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections import actions as inspection_actions
from plans.models import Area, Department, Membership
from plans.roles import Role, ensure_role_groups
from reports.models import AnnualReport, DutyRecord
from tasks import actions
from tasks.models import Assignment, ProgressReport, YearlyTarget
from tests.test_url_table import PDF, ROLES, TABLE, World

LEAK_ROLES = (*ROLES, "sstaff", "shead")
MARKET = frozenset({"staff", "head"})
SUPPORT = frozenset({"sstaff", "shead"})
HANDED_IN = MARKET | {"sup", "lead", "admin"}


class LeakWorld(World):
    """``secrets`` maps each planted string to the roles that may read it; nobody else may."""

    def __init__(self, area: Area | None = None):
        super().__init__(area)
        groups = ensure_role_groups()
        # The case of the issue: the admin import gave every leader a department.
        Membership.objects.update_or_create(user=self.users["lead"], defaults={"department": self.market})
        at = {"area": area} if area is not None else {}
        self.support = Department.objects.create(name="区民政局", emails=["mzj@example.gov.cn"], **at)
        Assignment.objects.create(task=self.task, department=self.support, role=Assignment.Role.SUPPORT)
        for role, username, group in (("sstaff", "sstaff", Role.STAFF), ("shead", "shead", Role.HEAD)):
            user = type(self.users["staff"]).objects.create_user(username, f"{username}@example.gov.cn", "pw")
            user.groups.add(groups[group])
            Membership.objects.create(user=user, department=self.support)
            self.users[role] = user
        self.task.refresh_from_db()
        periods = list(self.plan.periods.order_by("start"))
        staff, head, sup = self.users["staff"], self.users["head"], self.users["sup"]
        self.secrets: dict[str, frozenset[str]] = {}

        def plant(text: str, readers: frozenset[str]) -> str:
            self.secrets[text] = readers
            return text

        # The table's draft and its evidence.
        ProgressReport.objects.filter(pk=self.draft_report.pk).update(narrative=plant("机密草稿DRAFT01", MARKET))
        self.draft_evidence.original_name = plant("内部材料EVID02.pdf", MARKET)
        self.draft_evidence.save()
        evidence = actions.evidence_add(
            actor=staff,
            report=self.draft_report,
            uploaded=SimpleUploadedFile(plant("上传材料EVID03.pdf", MARKET), PDF),
        )
        plant(f'/evidence/{evidence.pk}/"', MARKET)
        plant(f'/progress/{self.draft_report.pk}/"', MARKET)
        # A report the head returned inside the department, and one whose return comment was followed.
        returned = self._flow(staff, head, periods[10], "退回正文RET04", returns=("请补充", None))
        plant("退回正文RET04", MARKET)
        plant(f'/progress/{returned.pk}/"', MARKET)
        self._flow(staff, head, periods[9], "修改后正文", returns=(plant("负责人内部意见CMT05", MARKET), "confirm"))
        # Accepted work: read by whoever reads handed-in work, not by other departments.
        accepted = self._flow(staff, head, periods[8], plant("通过进展ACC06", HANDED_IN), returns=(None, "confirm"))
        actions.report_accept(actor=sup, report=accepted)
        # The supporting department: its head's internal return, and its draft beside the lead's pages.
        self._flow(
            self.users["sstaff"],
            self.users["shead"],
            self.period,
            "配合部门正文",
            returns=(plant("配合部门负责人意见SCMT07", SUPPORT), "confirm"),
        )
        support_draft = actions.report_save(
            actor=self.users["sstaff"],
            task=self.task,
            period=self.handed_report.period,
            data={"narrative": plant("配合部门草稿SDRAFT08", SUPPORT)},
            version=None,
        )
        plant(f'/progress/{support_draft.pk}/"', SUPPORT)
        # Yearly targets: the table's draft, and one the head returned.
        YearlyTarget.objects.filter(pk=self.draft_target.pk).update(targets=plant("目标草稿TGT09", MARKET))
        plant(f'/targets/{self.draft_target.pk}/"', MARKET)
        target = actions.target_save(
            actor=staff,
            task=self.task,
            year=2023,
            targets=plant("退回目标TGT10", MARKET),
            measures=plant("退回措施TGT11", MARKET),
            indicator_targets={},
            milestones=[actions.MilestoneInput(datetime.date(2023, 6, 30), plant("内部节点TGT12", MARKET))],
            version=None,
        )
        actions.target_submit(actor=staff, report=target)
        actions.target_return(actor=head, report=target, comment=plant("目标退回意见TGT13", MARKET))
        plant(f'/targets/{target.pk}/"', MARKET)
        # A supervisor's 催办 goes to the lead department.
        actions.task_urge(actor=sup, task=self.task, note=plant("催办内容URGE14", HANDED_IN))
        # 督察: the unit's 整改方案 and its 自查报告 wait for the head, so they are the unit's alone.
        inspection_actions.finding_plan_submit(
            actor=staff,
            finding=self.finding,
            measures=plant("整改方案草稿INSP15", MARKET),
            person="法规科",
            deadline=datetime.date(2026, 12, 31),
        )
        inspection_actions.self_report_submit(actor=staff, target=self.target, text=plant("自查报告草稿INSP16", MARKET))
        # 督办: a 约谈 proposed to 罗店镇 is read only by those who read everything; the unit's reply to
        # its notice, with its evidence, and its scheduled 约谈 by the unit and those readers.
        OVERSIGHT = frozenset({"sup", "lead", "admin"})
        self.proposed_interview.reason = plant("约谈建议理由IVW17", OVERSIGHT)
        self.proposed_interview.save()
        self.interview.decision_reason = plant("约谈事由IVW18", HANDED_IN)
        self.interview.save()
        inspection_actions.notice_move(
            actor=staff,
            notice=self.notice,
            to="replied",
            text=plant("督办反馈内容NTC19", HANDED_IN),
            files=[SimpleUploadedFile(plant("反馈佐证EVID20.pdf", HANDED_IN), PDF)],
        )
        # The department's annual report, still a draft: its rewritten section and 第一责任人履职 note.
        AnnualReport.objects.filter(pk=self.annual.pk).update(
            sections={"achievements": plant("年度报告草稿ANN17", MARKET)}
        )
        DutyRecord.objects.filter(report=self.annual).update(notes=plant("履职情况草稿ANN18", MARKET))
        # 延期申请: the supporting department's business with the 司法局, not the lead department's.
        extension = actions.extension_request(
            actor=self.users["sstaff"],
            task=self.task,
            original_due=datetime.date(2025, 12, 31),
            proposed_due=datetime.date(2026, 6, 30),
            reason=plant("延期理由EXT17", SUPPORT | {"sup", "lead", "admin"}),
        )
        plant(f'/extensions/{extension.pk}/"', SUPPORT | {"sup", "lead", "admin"})

    def _flow(self, staff, head, period, text, *, returns):
        """Save and submit; the head returns with ``returns[0]`` (then it is saved and submitted
        again), and finally ``returns[1]`` ("confirm") or nothing."""
        report = actions.report_save(actor=staff, task=self.task, period=period, data={"narrative": text}, version=None)
        actions.report_submit(actor=staff, report=report)
        first, then = returns
        if first:
            report = actions.report_return(actor=head, report=report, comment=first)
            if then:
                report = actions.report_save(
                    actor=staff, task=self.task, period=period, data={"narrative": text}, version=report.version
                )
                actions.report_submit(actor=staff, report=report)
        if then == "confirm":
            report = actions.report_confirm(actor=head, report=report)
        return report

    def forbidden(self, role: str, text: str) -> list[str]:
        """The planted strings in ``text`` that ``role`` may not read."""
        return sorted(secret for secret, readers in self.secrets.items() if role not in readers and secret in text)


# Pages of the table that give another file for a query string: the same rows in Excel, and the
# 各区比较 as of a day (its 督察 figures read the history).
EXPORT_VARIANTS = [
    ("reports:city", "?format=xlsx"),
    ("reports:city", "?format=xlsx&as_of=2023-06-30"),
    ("reports:city", "?as_of=2023-06-30"),
    ("reports:progress_ledger", "?format=xlsx"),
]


def swept_urls(world: World) -> dict[str, tuple[str, str]]:
    """Every URL a leak sweep opens: the table's, and its exports by query string — {url: (url
    name, target)}."""
    urls = {}
    for row in TABLE:
        urls.setdefault(reverse(row.name, kwargs=world.kwargs(row.target)), (row.name, row.target))
    for name, query in EXPORT_VARIANTS:
        urls[reverse(name) + query] = (name, "-")
    return urls


def readable_text(response) -> str:
    """Everything a user gets from a response: the page, the cells of a workbook, the text of a Word
    document, the file name."""
    parts = [unquote(value) for value in response.headers.values()]
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if body.startswith(b"PK") and b"word/document.xml" in body:
        doc = docx.Document(io.BytesIO(body))
        parts += [p.text for p in doc.paragraphs]
        parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
        parts += [p.text for section in doc.sections for p in section.header.paragraphs]
    elif body.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(body))
        parts += [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    else:
        parts.append(body.decode("utf-8", errors="replace"))
    return "\n".join(parts)
