"""Every URL, every role, written down by hand: the answer each user gets.

The table below is not computed from the policy: it is what a district would expect, so a change
to the policy or a view that alters who gets what fails here. Columns, in order:

    anon   not signed in                    admin  系统管理员 (no department)
    none   signed in, no role               sup    司法局督察员 (区司法局)
    staff  部门填报员 of 区市场监管局        lead   区领导 (no department)
    head   部门负责人 of 区市场监管局        ostaff / ohead  填报员 / 负责人 of 罗店镇, another department

"Own" objects belong to 区市场监管局 (the lead department of the task); 罗店镇 has no part in it.
POST-only views are posted to with the real CSRF token; ``changes`` names the roles whose POST
really changed something (the others were refused or told why not).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from inspections.ledger import export_xlsx
from inspections.models import (
    Attachment,
    Campaign,
    CampaignTarget,
    ChecklistItem,
    EscalationMatter,
    Finding,
    Interview,
    RectificationEntry,
    SupervisionNotice,
)
from notifications.models import Delivery, Robot
from plans.excel import xlsx_bytes
from plans.models import Area, Department, DepartmentKind, Indicator, Membership, Plan
from plans.roles import Role, ensure_role_groups
from reports.models import (
    AnnualReport,
    Digest,
    DigestScope,
    DigestSettings,
    DutyRecord,
    EvaluationSource,
    MidtermEvaluation,
    PublicPage,
)
from tasks import staging
from tasks.breakdown import export_breakdown
from tasks.models import (
    Assignment,
    DeadlineExtension,
    Evidence,
    ProgressReport,
    ReportState,
    Task,
    YearlyTarget,
)
from tasks.progress import generate_periods

ROLES = ("anon", "none", "staff", "head", "sup", "lead", "admin", "ostaff", "ohead")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PLAN_TEXT = "宝山区测试规划\n一、总体要求\n(一)推进复议体制改革。区司法局牵头，2022年年底前完成。\n".encode()


@dataclass(frozen=True)
class Row:
    name: str  # namespace:url_name
    target: str  # which object of the world the URL points at (see World.kwargs)
    expected: str  # one answer per role, in ROLES order
    method: str = "GET"
    data: tuple = ()
    changes: str = ""  # roles whose POST changed the world (see World.changed)


# fmt: off
TABLE = [
    #    url name                      target           anon none staff head sup  lead admin ostaff ohead
    Row("healthz",                     "-",             "200  200  200  200  200  200  200  200  200"),
    Row("login",                       "-",             "200  302  302  302  302  302  302  302  302"),
    Row("logout",                      "-",             "302  302  302  302  302  302  302  302  302", "POST"),
    Row("password_change",             "-",             "302  200  200  200  200  200  200  200  200"),
    Row("password_change_done",        "-",             "302  200  200  200  200  200  200  200  200"),
    # The home pages
    Row("reports:home",                "-",             "302  200  302  302  302  302  302  302  302"),
    Row("reports:department_home",     "-",             "302  403  200  200  200  403  403  200  200"),
    Row("reports:supervision_home",    "-",             "302  403  403  403  200  403  200  403  403"),
    Row("reports:overview",            "-",             "302  403  403  403  200  200  200  403  403"),
    # 各区比较: a single-district install has no city to compare (tests/reports/test_city_*.py: two districts)
    Row("reports:city",                "-",             "302  403  403  403  403  403  403  403  403"),
    # 待办, and how hand-offs reach each user (an own-account setting)
    Row("reports:todo",                "-",             "302  200  200  200  200  200  200  200  200"),
    Row("reports:notification_settings", "-",           "302  200  200  200  200  200  200  200  200"),
    Row("reports:notification_settings", "-",           "302  302  302  302  302  302  302  302  302", "POST",
        (("returned", "none"),), changes="none staff head sup lead admin ostaff ohead"),
    # The midterm evaluation (中期评估): read by who reads all handed-in work, made by supervisors
    Row("reports:midterm_list",        "-",             "302  403  403  403  200  200  200  403  403"),
    Row("reports:midterm_list",        "-",             "302  403  403  403  302  403  403  403  403", "POST",
        (("as_of", "2023-12-31"),), changes="sup"),
    Row("reports:midterm_detail",      "midterm",       "302  404  404  404  200  200  200  404  404"),
    Row("reports:midterm_detail",      "midterm",       "302  403  404  404  302  403  403  404  404", "POST",
        (("summary", "督察员改写的综述"), ("problems", ""), ("recommendations", "")), changes="sup"),
    Row("reports:midterm_progress",    "midterm",       "302  404  404  404  200  200  200  404  404"),
    Row("reports:midterm_finalize",    "midterm",       "302  403  404  404  302  403  403  404  404", "POST"),
    Row("reports:midterm_download",    "midterm_pdf",   "302  404  404  404  200  200  200  404  404"),
    Row("reports:midterm_source_add",  "-",             "302  403  403  403  302  403  403  403  403", "POST",
        (("kind", "questionnaire"), ("name", "区统计局"), ("held_on", "2023-10-15"), ("participants", "1200")),
        changes="sup"),
    Row("reports:midterm_source_file", "source",        "302  404  404  404  200  200  200  404  404"),
    Row("reports:indicator_edit",      "indicator",     "302  403  403  403  302  403  403  403  403", "POST",
        (("baseline", "60"), ("baseline_year", "2020"), ("kind", "binding")), changes="sup"),
    # The annual 法治政府建设年度报告: a department writes its own (the head confirms), the 司法局
    # reads what was handed in and writes the district's; published ones are read by every role
    Row("reports:annual_list",         "-",             "302  403  200  200  200  200  200  200  200"),
    Row("reports:annual_list",         "-",             "302  403  302  302  302  403  403  302  302", "POST",
        (("year", "2023"),), changes="staff head sup"),
    Row("reports:annual_detail",       "annual",        "302  404  200  200  404  404  404  404  404"),
    Row("reports:annual_detail",       "annual",        "302  403  302  302  404  403  404  404  404", "POST",
        (("version", "1"), ("achievements", "本部门改写的成效")), changes="staff head"),
    Row("reports:annual_move",         "annual",        "302  403  403  302  404  403  404  404  404", "POST",
        (("to", "confirm"),), changes="head"),
    Row("reports:annual_download",     "annual_docx",   "302  404  200  200  404  404  404  404  404"),
    Row("reports:annual_download",     "published_pdf", "302  404  200  200  200  200  200  200  200"),
    Row("reports:public_switch",       "plan",          "302  403  403  403  302  403  403  403  403", "POST",
        (("enabled", "0"),), changes="sup"),
    # 政务公开: the one page without login (switched on for the world's plan)
    Row("reports:public_plan",         "plan",          "200  200  200  200  200  200  200  200  200"),
    Row("reports:public_report_pdf",   "public_pdf",    "200  200  200  200  200  200  200  200  200"),
    # Ledgers: the progress reports one may read, the dashboards' department table
    Row("reports:progress_ledger",     "-",             "302  404  200  200  200  200  200  200  200"),
    Row("reports:department_ledger",   "-",             "302  403  403  403  200  200  200  403  403"),
    # The weekly digest (督办周报): each reader their own; pausing is an own-account setting;
    # administrators preview anyone's and send by hand (补发)
    Row("reports:digest",              "-",             "302  200  200  200  200  200  200  200  200"),
    Row("reports:digest_archive",      "-",             "302  200  200  200  200  200  200  200  200"),
    Row("reports:digest_detail",       "digest",        "302  404  404  404  404  200  200  404  404"),
    Row("reports:digest_pause",        "-",             "302  302  302  302  302  302  302  302  302", "POST",
        (("paused", "1"),), changes="none staff head sup lead admin ostaff ohead"),
    Row("reports:digest_scope",        "plan",          "302  404  302  302  302  302  302  302  302", "POST",
        (("kind", "plan"),), changes="staff head sup lead admin ostaff ohead"),
    Row("reports:digest_preview",      "-",             "302  403  403  403  403  403  200  403  403"),
    Row("reports:digest_send",         "-",             "302  403  403  403  403  403  302  403  403", "POST",
        (("user", "leader"), ("today", "2024-07-15")), changes="admin"),
    # Group robots: a leader's own, a head's department's; administrators all
    Row("reports:digest_robots",       "-",             "302  200  200  200  200  200  200  200  200"),
    Row("reports:digest_robots",       "-",             "302  403  403  302  403  302  302  403  302", "POST",
        (("kind", "wecom"), ("name", "工作群"), ("webhook", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")),
        changes="head lead admin ohead"),
    Row("reports:digest_robot_remove", "robot",         "302  404  404  404  404  302  302  404  404", "POST",
        changes="lead admin"),
    # Departments and their people
    Row("plans:department_list",       "-",             "302  200  200  200  200  200  200  200  200"),
    Row("plans:department_detail",     "own_dept",      "302  404  200  200  200  200  200  404  404"),
    Row("plans:department_edit",       "own_dept",      "302  404  403  200  403  403  200  404  404"),
    Row("plans:department_edit",       "own_dept",      "302  403  403  302  403  403  302  404  404", "POST",
        (("emails_text", "new@example.gov.cn"),), changes="head admin"),
    Row("plans:member_detail",         "own_member",    "302  404  200  200  200  200  200  404  404"),
    # Plans, import and the 任务分解表
    Row("tasks:plan_list",             "-",             "302  200  200  200  200  200  200  200  200"),
    Row("tasks:plan_import",           "-",             "302  403  403  403  200  403  200  403  403"),
    Row("tasks:plan_import_preview",   "plan_token",    "302  403  403  403  200  403  404  403  403"),
    Row("tasks:plan_detail",           "plan",          "302  404  200  200  200  200  200  200  200"),
    Row("tasks:plan_mark_current",     "plan",          "302  403  403  403  302  403  302  403  403", "POST",
        changes="sup admin"),
    Row("tasks:plan_archive",          "plan",          "302  403  403  403  302  403  302  403  403", "POST",
        changes="sup admin"),
    Row("tasks:task_list",             "plan",          "302  404  200  200  200  200  200  200  200"),
    Row("tasks:breakdown_export",      "plan",          "302  404  200  200  200  200  200  200  200"),
    Row("tasks:ledger_export",         "plan",          "302  404  200  200  200  200  200  200  200"),
    Row("tasks:breakdown_upload",      "plan",          "302  404  403  403  200  403  200  403  403"),
    Row("tasks:breakdown_preview",     "table_token",   "302  404  403  403  200  403  404  403  403"),
    # Tasks and the work reported on them
    Row("tasks:task_search",           "-",             "302  200  200  200  200  200  200  200  200"),
    Row("tasks:task_search_export",    "-",             "302  200  200  200  200  200  200  200  200"),
    Row("tasks:my_tasks",              "-",             "302  403  200  200  200  403  403  200  200"),
    Row("tasks:task_detail",           "task",          "302  404  200  200  200  200  200  200  200"),
    Row("tasks:task_urge",             "task",          "302  403  403  403  302  403  403  403  403", "POST",
        (("note", "请尽快报送"),), changes="sup"),
    Row("tasks:report_edit",           "task_period",   "302  404  200  200  403  403  403  403  403"),
    Row("tasks:target_edit",           "task_year",     "302  404  200  200  403  403  403  403  403"),
    Row("tasks:review_queue",          "-",             "302  403  403  200  200  403  403  403  200"),
    # 批量审核通过: a supervisor's; a head has no acceptance to give (told so), others are refused
    Row("tasks:review_accept_many",    "-",             "302  403  403  302  302  403  403  403  302", "POST",
        (("report", "@handed_report"), ("comment", "同意")), changes="sup"),
    Row("tasks:report_detail",         "draft_report",  "302  404  302  302  404  404  404  404  404"),
    Row("tasks:report_detail",         "handed_report", "302  404  200  200  200  200  200  404  404"),
    Row("tasks:report_move",           "handed_report", "302  403  302  302  302  403  403  404  404", "POST",
        (("to", "accepted"),), changes="sup"),
    Row("tasks:report_move",           "draft_report",  "302  403  302  302  404  403  404  404  404", "POST",
        (("to", "submitted"),), changes="staff head"),
    Row("tasks:evidence_download",     "draft_evidence", "302  404  200  200  404  404  404  404  404"),
    Row("tasks:evidence_download",     "handed_evidence", "302  404  200  200  200  200  200  404  404"),
    Row("tasks:evidence_preview",      "draft_evidence", "302  404  200  200  404  404  404  404  404"),
    Row("tasks:evidence_preview",      "handed_evidence", "302  404  200  200  200  200  200  404  404"),
    # 延期申请: the department on the task asks, a supervisor decides
    Row("tasks:extension_request",     "task",          "302  403  302  302  403  403  403  403  403", "POST",
        (("original_due", "2025-12-31"), ("proposed_due", "2026-06-30"), ("reason", "需协调市级部门")),
        changes="staff head"),
    Row("tasks:extension_detail",      "extension",     "302  404  200  200  200  200  200  404  404"),
    Row("tasks:extension_decide",      "extension",     "302  403  403  403  302  403  403  404  404", "POST",
        (("decision", "grant"),), changes="sup"),
    Row("tasks:evidence_delete",       "draft_evidence", "302  403  302  302  404  403  404  404  404", "POST",
        changes="staff head"),
    Row("tasks:evidence_delete",       "handed_evidence", "302  403  403  403  403  403  403  404  404", "POST"),
    Row("tasks:target_detail",         "draft_target",  "302  404  302  302  404  404  404  404  404"),
    Row("tasks:target_detail",         "handed_target", "302  404  200  200  200  200  200  404  404"),
    Row("tasks:target_move",           "handed_target", "302  403  302  302  302  403  403  404  404", "POST",
        (("to", "returned"), ("comment", "目标需量化")), changes="sup"),
    # Addresses of the first release answer with the new ones
    Row("tasks:old_my_tasks",          "-",             "302  301  301  301  301  301  301  301  301"),
    Row("tasks:old_review_queue",      "-",             "302  301  301  301  301  301  301  301  301"),
    Row("tasks:old_task_pages",        "old_task",      "302  301  301  301  301  301  301  301  301"),
    Row("tasks:old_task_pages",        "old_task",      "302  403  308  308  308  403  308  308  308", "POST"),
    # The Django admin: its own staff and model permissions (every admin URL is under this namespace)
    # 督察 (inspections): one opened campaign of 区市场监管局 with a finding; 罗店镇 is not inspected
    Row("inspections:campaign_list",   "-",             "302  403  200  200  200  200  200  200  200"),
    Row("inspections:campaign_create", "-",             "302  403  403  403  200  403  403  403  403"),
    Row("inspections:campaign_detail", "campaign",      "302  404  200  200  200  200  200  404  404"),
    Row("inspections:campaign_edit",   "campaign",      "302  404  403  403  200  403  403  404  404"),
    Row("inspections:campaign_move",   "campaign",      "302  403  403  403  302  403  403  404  404", "POST",
        (("to", "closed"),), changes="sup"),
    Row("inspections:checklist_edit",  "campaign",      "302  404  403  403  200  403  403  404  404"),
    Row("inspections:checklist_edit",  "campaign",      "302  403  403  403  302  403  403  404  404", "POST",
        (("item_text", "是否建立案卷评查制度"), ("item_unit", ""), ("item_clause", "")), changes="sup"),
    Row("inspections:ledger_import",   "campaign",      "302  404  403  403  200  403  403  404  404"),
    Row("inspections:ledger_import_preview", "ledger_token", "302  404  403  403  200  403  403  404  404"),
    Row("inspections:target_detail",   "target",        "302  404  200  200  200  200  200  404  404"),
    Row("inspections:self_report",     "target",        "302  403  302  302  302  403  403  404  404", "POST",
        (("text", "已开展自查"),), changes="staff head"),
    Row("inspections:self_report_move", "target",       "302  403  302  302  302  403  403  404  404", "POST",
        (("to", "confirmed"),)),
    Row("inspections:inspection_record", "target",      "302  403  302  302  302  403  403  404  404", "POST",
        (("inspected_on", "2024-05-01"),), changes="sup"),
    Row("inspections:finding_create",  "target",        "302  404  403  403  200  403  403  404  404"),
    Row("inspections:feedback_pdf",    "target",        "302  404  200  200  200  200  200  404  404"),
    Row("inspections:rectification_report", "target",   "302  404  200  200  200  200  200  404  404"),
    Row("inspections:rectification_report_pdf", "target", "302  404  200  200  200  200  200  404  404"),
    Row("inspections:finding_detail",  "finding",       "302  404  200  200  200  200  200  404  404"),
    Row("inspections:finding_plan",    "finding",       "302  403  302  302  302  403  403  404  404", "POST",
        (("measures", "逐卷补正"), ("person", "张三"), ("deadline", "2024-08-31")), changes="staff head"),
    Row("inspections:finding_progress", "finding",      "302  403  302  302  302  403  403  404  404", "POST",
        (("entry_date", "2024-05-01"), ("text", "已补正"))),
    Row("inspections:finding_close_request", "finding", "302  403  302  302  302  403  403  404  404", "POST",
        (("summary", "已完成"),)),
    Row("inspections:finding_move",    "finding",       "302  403  302  302  302  403  403  404  404", "POST",
        (("to", "closed"),)),
    Row("inspections:progress_confirm", "draft_entry",  "302  403  302  302  404  403  404  404  404", "POST",
        changes="head"),
    Row("inspections:attachment_download", "finding_file", "302  404  200  200  200  200  200  404  404"),
    Row("inspections:ledger",          "-",             "302  403  200  200  200  200  200  200  200"),
    Row("inspections:ledger_export",   "-",             "302  403  200  200  200  200  200  200  200"),
    Row("inspections:coverage",        "-",             "302  403  403  403  200  200  200  403  403"),
    # 督办单: a blue notice to 区市场监管局; the unit signs and replies, the supervisor reviews
    Row("inspections:escalation_overview", "-",         "302  403  403  403  200  200  200  403  403"),
    Row("inspections:escalation_export", "-",           "302  403  403  403  200  200  200  403  403"),
    Row("inspections:matter_detail",   "matter",        "302  404  200  200  200  200  200  404  404"),
    Row("inspections:matter_lower",    "matter",        "302  403  302  302  302  403  302  404  404", "POST",
        (("rung", "blue"), ("reason", "已补报，系统补录中")), changes="sup"),
    Row("inspections:matter_delist",   "listed_matter",        "302  403  302  302  302  403  302  404  404", "POST",
        changes="sup"),
    Row("inspections:notice_list",     "-",             "302  403  200  200  200  200  200  200  200"),
    Row("inspections:notice_detail",   "notice",        "302  404  200  200  200  200  200  404  404"),
    Row("inspections:notice_pdf",      "notice",        "302  404  200  200  200  200  200  404  404"),
    Row("inspections:notice_move",     "notice",        "302  403  302  302  302  403  403  404  404", "POST",
        (("to", "signed"),), changes="staff head"),
    Row("inspections:attachment_download", "notice_file", "302  404  200  200  200  200  200  404  404"),
    # 领导批示件: a supervisor issues a 督办单 by hand
    Row("inspections:notice_create",   "-",             "302  403  403  403  200  403  403  403  403"),
    Row("inspections:notice_create",   "-",             "302  403  403  403  302  403  403  403  403", "POST",
        (("subject", "区领导批示：加快复议规则出台"), ("source", "区长批示"), ("requirement", "请两周内报送进展"),
         ("colour", "yellow"), ("units", "{market}"), ("reply_deadline", "2099-01-10")), changes="sup"),
    # 约谈: proposed to 罗店镇 (only those who read everything see it), scheduled with 区市场监管局
    Row("inspections:interview_list",  "-",             "302  403  200  200  200  200  200  200  200"),
    Row("inspections:interview_detail", "interview",    "302  404  200  200  200  200  200  404  404"),
    Row("inspections:interview_detail", "proposed_interview", "302  404  404  404  200  200  200  404  404"),
    Row("inspections:interview_pdf",   "interview",     "302  404  200  200  200  200  200  404  404"),
    Row("inspections:interview_move",  "proposed_interview", "302  403  404  404  302  403  302  404  404", "POST",
        (("op", "dismiss"), ("d-reason", "已书面说明")), changes="sup"),
    # Plans and tasks managed in the UI (issue 20): a revision from a new text, a task's departments,
    # deadline and weight; a head's own 填报员 accounts ("own_member" is 区市场监管局's staff)
    Row("tasks:plan_revise",           "plan",          "302  404  403  403  200  403  200  403  403"),
    Row("tasks:plan_revise",           "plan",          "302  403  403  403  200  403  200  403  403", "POST"),
    Row("tasks:plan_revise_preview",   "revise_token",  "302  404  403  403  200  403  404  403  403"),
    # The supervisor's confirmation uses the staged file up (files are not rolled back with the
    # database), so the administrator after them is told it was confirmed; their GET above is a 404.
    Row("tasks:plan_revise_preview",   "revise_token",  "302  403  403  403  302  403  302  403  403", "POST",
        (("confirm", "1"),), changes="sup"),
    Row("tasks:task_edit",             "task",          "302  404  403  403  200  403  200  403  403"),
    Row("tasks:task_edit",             "task",          "302  403  403  403  302  403  302  403  403", "POST",
        (("lead", "town"), ("support", "market"), ("weight", "2"), ("deadline", "2024-06-30"), ("version", "1")),
        changes="sup admin"),
    Row("plans:member_add",            "own_dept",      "302  404  403  200  403  403  200  404  404"),
    Row("plans:member_add",            "own_dept",      "302  403  403  200  403  403  200  404  404", "POST",
        (("username", "newstaff"), ("full_name", "新同事")), changes="head admin"),
    Row("plans:member_password",       "own_member",    "302  404  403  200  403  403  200  404  404"),
    Row("plans:member_password",       "own_member",    "302  403  403  200  403  403  200  404  404", "POST",
        changes="head admin"),
    Row("plans:member_deactivate",     "own_member",    "302  403  403  302  403  403  302  404  404", "POST",
        changes="head admin"),
    Row("plans:member_reactivate",     "inactive_member", "302  403  403  302  403  403  302  404  404", "POST",
        changes="head admin"),
    Row("admin:index",                 "-",             "302  302  302  302  302  302  200  302  302"),
    Row("admin:plans_department_changelist", "-",       "302  302  302  302  302  302  200  302  302"),
    # The audit page: the audit administrator's alone (tests/accounts/test_audit_page.py), even
    # the system administrator is refused (三员分立)
    Row("audit:log",                   "-",             "302  403  403  403  403  403  403  403  403"),
    Row("audit:export",                "-",             "302  403  403  403  403  403  403  403  403"),
]
# fmt: on


class World:
    """A plan with one task led by 区市场监管局, its work in two states, and the cast.

    ``area`` puts the whole world in one district (its departments, plan, campaign, 督办单 and its
    leader's membership); None is the first district, as a single-district install has it."""

    def __init__(self, area: Area | None = None):
        groups = ensure_role_groups()
        self.area = area
        at = {"area": area} if area is not None else {}
        self.justice = Department.objects.create(name="区司法局", short_name="司法局", **at)
        self.market = Department.objects.create(name="区市场监管局", emails=["scjg@example.gov.cn"], **at)
        self.town = Department.objects.create(name="罗店镇", kind=DepartmentKind.SUBDISTRICT, **at)

        def make(username, role=None, department=None, **extra):
            user = get_user_model().objects.create_user(username, f"{username}@example.gov.cn", "pw", **extra)
            if role:
                user.groups.add(groups[role])
            if department:
                Membership.objects.create(user=user, department=department)
            elif role == Role.LEADER and area is not None:
                Membership.objects.create(user=user, area=area)  # a district's leader reads that district
            return user

        self.users = {
            "anon": None,
            "none": make("nobody"),
            "staff": make("staff", Role.STAFF, self.market),
            "head": make("head", Role.HEAD, self.market),
            "sup": make("sup", Role.SUPERVISOR, self.justice),
            "lead": make("leader", Role.LEADER),
            "admin": make("admin", Role.ADMIN, is_staff=True),
            "ostaff": make("ostaff", Role.STAFF, self.town),
            "ohead": make("ohead", Role.HEAD, self.town),
        }
        self.plan = Plan.objects.create(title="测试规划", start_year=2021, end_year=2025, **at)
        periods = generate_periods(self.plan)
        self.task = Task.objects.create(
            plan=self.plan, code="1", title="推进复议体制改革", position=1, deadline=datetime.date(2025, 12, 31)
        )
        Assignment.objects.create(task=self.task, department=self.market, role=Assignment.Role.LEAD)
        self.extension = DeadlineExtension.objects.create(
            task=self.task,
            department=self.market,
            original_due=datetime.date(2024, 12, 31),
            proposed_due=datetime.date(2025, 3, 31),
            reason="等待市级方案",
            requested_by=self.users["staff"],
        )
        self.period = periods[12]
        self.draft_report = ProgressReport.objects.create(
            task=self.task, department=self.market, period=periods[12], narrative="草稿：尚未提交的内部文字"
        )
        self.handed_report = ProgressReport.objects.create(
            task=self.task, department=self.market, period=periods[11], narrative="已确认", state=ReportState.CONFIRMED
        )
        self.draft_evidence = self._evidence(self.draft_report)
        self.handed_evidence = self._evidence(self.handed_report)
        self.draft_target = YearlyTarget.objects.create(
            task=self.task, department=self.market, year=2025, targets="草稿目标"
        )
        self.handed_target = YearlyTarget.objects.create(
            task=self.task, department=self.market, year=2024, targets="已确认目标", state=ReportState.CONFIRMED
        )
        self.plan_token = staging.stage(
            user_id=self.users["sup"].pk, filename="plan.txt", data=PLAN_TEXT, meta={"title": "", "years": None}
        )
        self.revise_token = staging.stage(
            user_id=self.users["sup"].pk,
            filename="plan-v2.txt",
            data=PLAN_TEXT,
            meta={"plan": self.plan.pk, "version": self.plan.version, "years": [2021, 2025]},
        )
        self.inactive = make("retired", Role.STAFF, self.market, is_active=False)
        self.indicator = Indicator.objects.create(plan=self.plan, text="全覆盖", target=100, unit="%")
        self.midterm = MidtermEvaluation.objects.create(plan=self.plan, as_of=datetime.date(2023, 12, 31))
        self.digest = Digest.objects.create(
            user=self.users["lead"],
            week_start=datetime.date(2024, 7, 8),
            number=1,
            subject="督办周报第1期（截至2024年7月14日）",
            context={"subject": "督办周报第1期（截至2024年7月14日）", "sections": [], "has_news": False},
            delivery_key="digest:test",
        )
        self.robot = Robot.objects.create(
            kind=Robot.Kind.DINGTALK,
            name="区领导群",
            webhook="https://oapi.dingtalk.com/robot/send?access_token=t",
            secret="SEC-world",
            user=self.users["lead"],
        )
        self.midterm.pdf.save("midterm.pdf", ContentFile(PDF))
        self.annual = AnnualReport.objects.create(plan=self.plan, year=2022, department=self.market)
        DutyRecord.objects.create(report=self.annual)
        self.published = AnnualReport.objects.create(
            plan=self.plan,
            year=2022,
            state="published",
            published_at=datetime.datetime(2023, 3, 20, tzinfo=datetime.UTC),
        )
        self.published.pdf.save("annual.pdf", ContentFile(PDF))
        PublicPage.objects.create(plan=self.plan, enabled=True)
        self.source = EvaluationSource.objects.create(
            plan=self.plan, kind="third_party", name="某大学法学院", held_on=datetime.date(2023, 11, 1)
        )
        self.source.file.save("source.pdf", ContentFile(PDF))
        table = xlsx_bytes(export_breakdown([self.task]), sheet_title="任务分解表", title="测试规划任务分解表")
        self.table_token = staging.stage(
            user_id=self.users["sup"].pk, filename="table.xlsx", data=table, meta={"plan": self.plan.pk}
        )
        self._inspections()

    def _inspections(self):
        """An opened campaign inspecting 区市场监管局 (not 罗店镇), a finding there with the
        supervisor's photo, and a progress entry its head has not yet confirmed."""
        sup = self.users["sup"]
        self.campaign = Campaign.objects.create(
            name="2024年度法治督察",
            year=2024,
            start_date=datetime.date(2024, 3, 1),
            end_date=datetime.date(2024, 6, 30),
            state=Campaign.State.OPEN,
            plan=self.plan,
            area=self.plan.area,
        )
        self.target = CampaignTarget.objects.create(campaign=self.campaign, department=self.market)
        self.finding = Finding.objects.create(
            campaign=self.campaign,
            unit=self.market,
            description="案卷未载明听证告知",
            deadline=datetime.date(2024, 9, 30),
        )
        self.finding_file = Attachment(
            purpose=Attachment.Purpose.FINDING,
            finding=self.finding,
            department=self.justice,
            handed_in=True,
            original_name="现场照片.pdf",
            kind="pdf",
            size=len(PDF),
            uploaded_by=sup,
        )
        self.finding_file.file.save("现场照片.pdf", ContentFile(PDF), save=False)
        self.finding_file.save()
        self.draft_entry = RectificationEntry.objects.create(
            finding=self.finding, department=self.market, entry_date=datetime.date(2024, 4, 1), text="草稿进展"
        )
        self.notice = SupervisionNotice.objects.create(
            year=2024,
            serial=1,
            area=self.plan.area,
            prefix=self.plan.area.notice_prefix,
            colour="blue",
            task=self.task,
            subject="推进复议体制改革 · 2024年第一季度进展报告",
            requirement="请于反馈期限前办结并书面反馈办理情况。",
            reply_deadline=datetime.date(2024, 4, 18),
            issuing_office=self.plan.area.justice_bureau,
            issued_on=datetime.date(2024, 4, 11),
        )
        self.notice.units.set([self.market])
        self.matter = EscalationMatter.objects.create(
            key=f"report:{self.task.pk}:{self.market.pk}:1",
            kind="report",
            task=self.task,
            unit=self.market,
            what="推进复议体制改革 · 2024年第一季度进展报告",
            due_date=datetime.date(2024, 4, 10),
            rung="red",
        )
        self.notice_file = Attachment(
            purpose="notice_reply",
            notice=self.notice,
            department=self.market,
            handed_in=True,
            original_name="反馈佐证.pdf",
            kind="pdf",
            size=len(PDF),
        )
        self.notice_file.file.save("反馈佐证.pdf", ContentFile(PDF), save=False)
        self.notice_file.save()
        self.interview = Interview.objects.create(
            matter=self.matter,
            unit=self.market,
            reason="一年内两次红色督办单",
            state="scheduled",
            proposed_on=datetime.date(2024, 5, 11),
            scheduled_for=datetime.datetime(2024, 5, 20, 1, 30, tzinfo=datetime.UTC),
            interviewee="局长",
            interviewer="副局长",
            place="三楼会议室",
            decision_reason="两次红色督办单",
        )
        self.interview.matters.set([self.matter])
        self.listed_matter = EscalationMatter.objects.create(
            key=f"finding:{self.finding.pk}",
            kind="finding",
            finding=self.finding,
            unit=self.market,
            what="2024年度法治督察 · 案卷未载明听证告知",
            due_date=datetime.date(2024, 9, 30),
            rung="listed",
            listed_on=datetime.date(2024, 6, 10),
            resolved_on=datetime.date(2024, 6, 20),
        )
        town_matter = EscalationMatter.objects.create(
            key=f"report:{self.task.pk}:{self.town.pk}:1",
            kind="report",
            task=self.task,
            unit=self.town,
            what="推进复议体制改革 · 罗店镇2024年第一季度进展报告",
            due_date=datetime.date(2024, 4, 10),
            rung="listed",
            listed_on=datetime.date(2024, 5, 1),
        )
        self.proposed_interview = Interview.objects.create(
            matter=town_matter, unit=self.town, reason="挂牌督办超过30天", proposed_on=datetime.date(2024, 6, 1)
        )
        self.proposed_interview.matters.set([town_matter])
        ledger = export_xlsx([])
        self.ledger_token = staging.stage(
            user_id=sup.pk, filename="台账.xlsx", data=ledger, meta={"campaign": self.campaign.pk}
        )

    def _evidence(self, report):
        evidence = Evidence(
            report=report, original_name="材料.pdf", kind="pdf", size=len(PDF), uploaded_by=self.users["staff"]
        )
        evidence.file.save("材料.pdf", ContentFile(PDF), save=False)
        evidence.save()
        return evidence

    def kwargs(self, target: str) -> dict:
        return {
            "-": {},
            "own_dept": {"pk": self.market.pk},
            "own_member": {"pk": self.users["staff"].membership.pk},
            "inactive_member": {"pk": self.inactive.membership.pk},
            "revise_token": {"pk": self.plan.pk, "token": self.revise_token},
            "plan": {"pk": self.plan.pk},
            "plan_token": {"token": self.plan_token},
            "table_token": {"pk": self.plan.pk, "token": self.table_token},
            "task": {"pk": self.task.pk},
            "task_period": {"task_pk": self.task.pk, "period_pk": self.period.pk},
            "task_year": {"task_pk": self.task.pk, "year": 2025},
            "draft_report": {"pk": self.draft_report.pk},
            "handed_report": {"pk": self.handed_report.pk},
            "draft_evidence": {"pk": self.draft_evidence.pk},
            "handed_evidence": {"pk": self.handed_evidence.pk},
            "draft_target": {"pk": self.draft_target.pk},
            "handed_target": {"pk": self.handed_target.pk},
            "old_task": {"rest": f"tasks/{self.task.pk}/"},
            "campaign": {"pk": self.campaign.pk},
            "ledger_token": {"pk": self.campaign.pk, "token": self.ledger_token},
            "target": {"pk": self.target.pk},
            "finding": {"pk": self.finding.pk},
            "draft_entry": {"pk": self.draft_entry.pk},
            "finding_file": {"pk": self.finding_file.pk},
            "notice": {"pk": self.notice.pk},
            "matter": {"pk": self.matter.pk},
            "listed_matter": {"pk": self.listed_matter.pk},
            "notice_file": {"pk": self.notice_file.pk},
            "interview": {"pk": self.interview.pk},
            "proposed_interview": {"pk": self.proposed_interview.pk},
            "annual": {"pk": self.annual.pk},
            "annual_docx": {"pk": self.annual.pk, "kind": "docx"},
            "published_pdf": {"pk": self.published.pk, "kind": "pdf"},
            "public_pdf": {"pk": self.plan.pk, "report_pk": self.published.pk},
            "midterm": {"pk": self.midterm.pk},
            "midterm_pdf": {"pk": self.midterm.pk, "kind": "pdf"},
            "source": {"pk": self.source.pk},
            "indicator": {"pk": self.indicator.pk},
            "digest": {"pk": self.digest.pk},
            "robot": {"pk": self.robot.pk},
            "extension": {"pk": self.extension.pk},
        }[target]

    def snapshot(self) -> tuple:
        """Everything a POST in the table could change."""
        return (
            tuple(ProgressReport.objects.order_by("pk").values_list("state", flat=True)),
            tuple(YearlyTarget.objects.order_by("pk").values_list("state", flat=True)),
            Evidence.objects.count(),
            tuple(Department.objects.get(pk=self.market.pk).emails),
            Delivery.objects.count(),
            tuple(Campaign.objects.order_by("pk").values_list("state", flat=True)),
            ChecklistItem.objects.count(),
            tuple(CampaignTarget.objects.order_by("pk").values_list("self_report_state", "inspected_on")),
            tuple(Finding.objects.order_by("pk").values_list("state", "version")),
            tuple(RectificationEntry.objects.order_by("pk").values_list("handed_in", flat=True)),
            tuple(SupervisionNotice.objects.order_by("pk").values_list("state", flat=True)),
            tuple(EscalationMatter.objects.order_by("pk").values_list("rung", "delisted_on")),
            tuple(Interview.objects.order_by("pk").values_list("state", flat=True)),
            tuple(MidtermEvaluation.objects.order_by("pk").values_list("state", "summary")),
            EvaluationSource.objects.count(),
            tuple(Indicator.objects.order_by("pk").values_list("baseline", "kind")),
            tuple(Plan.objects.order_by("pk").values_list("is_current", "archived_at")),
            tuple(
                DigestSettings.objects.order_by("user_id").values_list(
                    "user_id", "paused", "handoff_submitted", "handoff_confirmed", "handoff_returned"
                )
            ),
            tuple(DeadlineExtension.objects.order_by("pk").values_list("state", "original_due")),
            tuple(Task.objects.order_by("pk").values_list("due_overrides", flat=True)),
            Digest.objects.count(),
            tuple(Robot.objects.order_by("pk").values_list("is_active", flat=True)),
            tuple(DigestScope.objects.order_by("pk").values_list("user_id", "plan_id", "kind")),
            tuple(AnnualReport.objects.order_by("pk").values_list("department_id", "year", "state", "sections")),
            tuple(PublicPage.objects.order_by("pk").values_list("enabled", flat=True)),
            tuple(Plan.objects.order_by("pk").values_list("version", flat=True)),
            tuple(Task.objects.order_by("pk").values_list("deadline", "weight", "version", "archived_at")),
            tuple(Assignment.objects.order_by("pk").values_list("task_id", "department_id", "role")),
            tuple(get_user_model().objects.order_by("pk").values_list("username", "is_active", "password")),
        )


def url_names() -> set[str]:
    """Every named pattern of the URLconf, as namespace:name."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                assert pattern.name or namespace == "admin", f"unnamed URL pattern {pattern.pattern}"
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_the_table_names_every_url_of_the_site():
    """A new URL cannot ship without a line in this table (the admin is one namespace)."""
    in_table = {row.name for row in TABLE}
    site = {name for name in url_names() if not name.startswith("admin:")}
    assert site - in_table == set(), "URLs missing from the table"
    assert {n for n in in_table if not n.startswith("admin:")} - site == set(), "the table names URLs that are gone"


def _csrf_token(client: Client) -> str:
    client.get("/accounts/login/")  # renders a form, so the CSRF cookie is set
    if "csrftoken" not in client.cookies:
        client.get("/accounts/password/")
    return client.cookies["csrftoken"].value


def post_data(world: World, row: Row, client: Client) -> dict:
    """The form a row posts, with the world's ids filled in and the client's CSRF token."""
    # "@name": the pk of that object of the world
    values = {k: world.kwargs(v[1:])["pk"] if v.startswith("@") else v for k, v in row.data}
    data = {"csrfmiddlewaretoken": _csrf_token(client), **values}
    data = {k: v.format(market=world.market.pk) if isinstance(v, str) else v for k, v in data.items()}
    for name in ("lead", "support"):  # department ids, known once the world is made
        if data.get(name) in {"town", "market"}:
            data[name] = str(getattr(world, data[name]).pk)
    if row.target.endswith(("report", "target")):
        data["version"] = ""
    return data


@pytest.mark.parametrize("row", TABLE, ids=lambda row: f"{row.method} {row.name} {row.target}")
def test_every_role_gets_the_answer_in_the_table(row, db, settings, tmp_path):
    """Each role's answer to each URL is the hand-written one; POSTs change only what they may."""
    settings.MEDIA_ROOT = tmp_path
    world = World()
    url = reverse(row.name, kwargs=world.kwargs(row.target))
    answers, changed = {}, set()
    for role in ROLES:
        with transaction.atomic():
            client = Client(enforce_csrf_checks=True)
            if world.users[role]:
                client.force_login(world.users[role])
            before = world.snapshot()
            response = client.post(url, post_data(world, row, client)) if row.method == "POST" else client.get(url)
            answers[role] = str(response.status_code)
            if world.snapshot() != before:
                changed.add(role)
            transaction.set_rollback(True)
    expected_row = dict(zip(ROLES, row.expected.split(), strict=True))
    assert answers == expected_row
    if row.method == "POST":
        assert changed == set(row.changes.split())


def test_a_leader_changes_their_own_password_but_nothing_else(db):
    """Read-only users may change their own account: the one exception to "leaders change nothing"."""
    world = World()
    client = Client()
    client.force_login(world.users["lead"])
    response = client.post(
        "/accounts/password/",
        {"old_password": "pw", "new_password1": "Xy9-long-enough-pass", "new_password2": "Xy9-long-enough-pass"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/accounts/password/done/")
    world.users["lead"].refresh_from_db()
    assert world.users["lead"].check_password("Xy9-long-enough-pass")
    refused = client.post(f"/targets/{world.handed_target.pk}/move/", {"to": "accepted"})
    assert refused.status_code == 403


def test_old_addresses_lead_to_the_new_pages(db):
    """Bookmarks of the first release still work."""
    world = World()
    client = Client()
    client.force_login(world.users["staff"])
    assert client.get("/plans/mine/?plan=1")["Location"] == "/tasks/mine/?plan=1"
    assert client.get("/plans/review/")["Location"] == "/review/"
    assert (
        client.get(f"/plans/progress/{world.handed_report.pk}/")["Location"] == f"/progress/{world.handed_report.pk}/"
    )
    target_edit = f"/plans/tasks/{world.task.pk}/targets/2025/"
    assert client.get(target_edit)["Location"] == f"/tasks/{world.task.pk}/targets/2025/"
    assert client.get(f"/tasks/{world.task.pk}/").status_code == 200
