"""督察 at /inspections/: campaigns, their units, findings, the 整改台账 and the coverage."""

from django.urls import path

from inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/move/", views.campaign_move, name="campaign_move"),
    path("<int:pk>/checklist/", views.checklist_edit, name="checklist_edit"),
    path("<int:pk>/import/", views.ledger_import, name="ledger_import"),
    path("<int:pk>/import/<str:token>/", views.ledger_import_preview, name="ledger_import_preview"),
    path("units/<int:pk>/", views.target_detail, name="target_detail"),
    path("units/<int:pk>/self-report/", views.self_report, name="self_report"),
    path("units/<int:pk>/self-report/move/", views.self_report_move, name="self_report_move"),
    path("units/<int:pk>/inspected/", views.inspection_record, name="inspection_record"),
    path("units/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path("units/<int:pk>/feedback.pdf", views.feedback_pdf, name="feedback_pdf"),
    path("units/<int:pk>/report/", views.rectification_report, name="rectification_report"),
    path("units/<int:pk>/report.pdf", views.rectification_report_pdf, name="rectification_report_pdf"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/plan/", views.finding_plan, name="finding_plan"),
    path("findings/<int:pk>/progress/", views.finding_progress, name="finding_progress"),
    path("findings/<int:pk>/close-request/", views.finding_close_request, name="finding_close_request"),
    path("findings/<int:pk>/move/", views.finding_move, name="finding_move"),
    path("progress/<int:pk>/confirm/", views.progress_confirm, name="progress_confirm"),
    path("files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("coverage/", views.coverage, name="coverage"),
    path("escalation/", views.escalation_overview, name="escalation_overview"),
    path("escalation.xlsx", views.escalation_export, name="escalation_export"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/lower/", views.matter_lower, name="matter_lower"),
    path("matters/<int:pk>/delist/", views.matter_delist, name="matter_delist"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/move/", views.notice_move, name="notice_move"),
    path("notices/<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/move/", views.interview_move, name="interview_move"),
    path("interviews/<int:pk>/notice.pdf", views.interview_pdf, name="interview_pdf"),
]
