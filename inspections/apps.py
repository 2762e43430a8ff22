from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "督察与整改"

    def ready(self):
        # The policies of this app's models (asked through plans.scoping), and the findings as
        # facts of the tasks they are attached to (tasks never imports this app).
        from inspections import policies  # noqa: F401
        from inspections.facts import overdue_findings
        from tasks.facts import register_fact_provider

        register_fact_provider("inspections", overdue_findings)
        # The 督办单 mail carries its PDF, rendered when the mail is sent.
        from inspections.feedback import notice_mail_file
        from notifications.attachments import register

        register("supervision_notice_pdf", notice_mail_file)
