"""The policies of tasks, assignments, periods, progress reports, evidence and yearly targets,
built on the capabilities of ``plans.policy`` (which says who is a supervisor, a head, a leader)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from plans.models import Plan
from plans.policy import ModelPolicy, actor_for, can, department_work_q, review_step
from plans.scoping import register_policy
from tasks.models import (
    HANDED_IN_STATES,
    Assignment,
    DeadlineExtension,
    Evidence,
    ProgressReport,
    ReportingPeriod,
    ReportState,
    Task,
    YearlyMilestone,
    YearlyTarget,
)


def _assigned(actor, task: Task, *, lead_only: bool = False) -> bool:
    """Whether the actor's department is on the task (as lead, with ``lead_only``); reads the
    prefetched assignments when a page has them."""
    if not actor.department_id:
        return False
    return any(
        a.department_id == actor.department_id and (not lead_only or a.role == Assignment.Role.LEAD)
        for a in task.assignments.all()
    )


class TaskPolicy(ModelPolicy):
    """Tasks are the plan's public content: every role reads them (archived ones are history).
    Supervisors and administrators assign departments and deadlines."""

    actions = frozenset(
        {
            "view",
            "edit",
            "urge",  # a manual 催办 to the lead departments
            "see_deliveries",  # the task's 催办 records
            "report",  # write the own department's progress report on it
            "set_targets",  # record the yearly targets: the lead department's job
            "request_extension",  # 延期申请: a department on the task asks to move a due date
        }
    )
    area_fields = ("plan__area",)

    def visible(self, user, queryset):
        return queryset.filter(plan__in=Plan.objects.visible_to(user), archived_at__isnull=True)

    def editable(self, user, queryset):
        return queryset.filter(plan__in=Plan.objects.editable_by(user))

    def allows(self, actor, action, task):
        if action == "urge":
            # 催办 goes to the lead departments: a task with none has nobody to press.
            return actor.reviews_work and any(a.role == Assignment.Role.LEAD for a in task.assignments.all())
        if action == "see_deliveries":
            return actor.follows_every_department or (actor.is_department_member and _assigned(actor, task))
        if action == "report":
            return actor.is_department_member and _assigned(actor, task)
        if action == "set_targets":
            return actor.is_department_member and _assigned(actor, task, lead_only=True)
        if action == "request_extension":
            return task.archived_at is None and actor.is_department_member and _assigned(actor, task)
        return super().allows(actor, action, task)


class PlanPartPolicy(ModelPolicy):
    """Assignments and reporting periods: read with their plan, changed by who manages plans."""

    actions = frozenset({"view", "edit"})

    def __init__(self, plan_field: str):
        self.plan_field = plan_field
        self.area_fields = (f"{plan_field}__area",)

    def visible(self, user, queryset):
        return queryset.filter(**{f"{self.plan_field}__in": Plan.objects.visible_to(user)})

    def editable(self, user, queryset):
        return queryset.filter(**{f"{self.plan_field}__in": Plan.objects.editable_by(user)})


class ReviewedWorkPolicy(ModelPolicy):
    """Department-owned work under review (progress reports, yearly targets).

    Staff write and submit their department's work, the head confirms it or returns it inside the
    department, a supervisor accepts, returns or reopens confirmed work. Until it is handed in it
    stays inside the department; a returned piece is being revised and is hidden again."""

    actions = frozenset({"view", "edit", "submit", "confirm", "return", "accept", "reopen", "withdraw"})
    area_fields = ("department__area",)
    # Work that has left its department.
    SUBMITTED = Q(state__in=HANDED_IN_STATES)

    def visible(self, user, queryset):
        actor = actor_for(user)
        q = department_work_q(actor, department_field="department_id", submitted=self.SUBMITTED)
        if actor.is_department_member and not actor.sees_all_submitted_work:
            # The lead department reads its supporting departments' submitted parts.
            led = Assignment.objects.filter(department_id=actor.department_id, role=Assignment.Role.LEAD)
            q |= self.SUBMITTED & Q(task__in=led.values("task_id"))
        return queryset.filter(q)

    def editable(self, user, queryset):
        """Rows the user may change in some way (write, confirm, review); the state decides which."""
        actor = actor_for(user)
        if actor.is_read_only:
            return queryset.none()
        q = Q(department_id=actor.department_id) if actor.is_department_member else Q(pk__in=[])
        if actor.reviews_work:
            q |= self.SUBMITTED
        return queryset.filter(q)

    def awaiting(self, user, queryset):
        """The work waiting for ``user``'s step, oldest first, or None for a user with no step."""
        actor = actor_for(user)
        # The queue is work to do: the user's own jurisdiction (a city supervisor reviews no district's).
        visible = self.in_own_jurisdiction(actor, self.visible_in_areas(actor, queryset))
        step = review_step(actor)
        if step == "accept":
            return visible.filter(state=ReportState.CONFIRMED).order_by("confirmed_at", "pk")
        if step == "confirm":
            return visible.filter(state=ReportState.SUBMITTED, department_id=actor.department_id).order_by(
                "submitted_at", "pk"
            )
        return None

    def may_write(self, actor, work) -> bool:
        return actor.acts_for(work.department_id)

    def allows(self, actor, action, work):
        if action in {"edit", "submit"}:
            return work.is_editable and self.may_write(actor, work)
        if action == "confirm":
            return work.state == ReportState.SUBMITTED and actor.heads(work.department_id)
        if action == "return":
            if work.state == ReportState.SUBMITTED:  # the head's, inside the department
                return actor.heads(work.department_id)
            return work.state == ReportState.CONFIRMED and actor.reviews_work
        if action == "accept":
            return work.state == ReportState.CONFIRMED and actor.reviews_work
        if action == "reopen":
            return work.state == ReportState.ACCEPTED and actor.reviews_work
        if action == "withdraw":
            # Before the next step acts: a member takes back a submission the head has not
            # confirmed; the head takes back a confirmation no supervisor has reviewed. The head
            # answers a member's submission by confirming or returning it (with a reason), never
            # by taking it back silently.
            if work.state == ReportState.SUBMITTED:
                return actor.acts_for(work.department_id) and not actor.heads(work.department_id)
            return work.state == ReportState.CONFIRMED and actor.heads(work.department_id)
        return super().allows(actor, action, work)


class ProgressReportPolicy(ReviewedWorkPolicy):
    def may_write(self, actor, work) -> bool:
        """Members of the department, for a task it is still assigned to."""
        return actor.acts_for(work.department_id) and (
            Assignment.objects.filter(task_id=work.task_id, department_id=work.department_id).exists()
        )


class YearlyTargetPolicy(ReviewedWorkPolicy):
    def visible(self, user, queryset):
        """As other reviewed work; and once approved, every department on the task reads the
        targets it is helping to meet."""
        actor = actor_for(user)
        visible = super().visible(actor, queryset)
        if not actor.is_department_member:  # a leader's membership grants nothing
            return visible
        assigned = Assignment.objects.filter(department_id=actor.department_id).values("task_id")
        return visible | queryset.filter(state=ReportState.ACCEPTED, task__in=assigned)

    def may_write(self, actor, work) -> bool:
        """Only the task's current lead department sets its targets."""
        return actor.acts_for(work.department_id) and (
            Assignment.objects.filter(
                task_id=work.task_id, department_id=work.department_id, role=Assignment.Role.LEAD
            ).exists()
        )


class EvidencePolicy(ModelPolicy):
    """Evidence is seen with its report; the department adds and removes it while it may edit the
    report: in an editable state, and while the department is still assigned to the task (as
    ProgressReportPolicy.may_write says for the report itself)."""

    actions = frozenset({"view", "edit"})
    area_fields = ("report__department__area",)

    def visible(self, user, queryset):
        """With its report; and a file that was accepted stays in view of those who read accepted
        work even while its report is reopened or after it was removed from it (the history)."""
        actor = actor_for(user)
        of_record = ProgressReport.objects.filter(
            department_work_q(actor, department_field="department_id", submitted=Q(pk__isnull=False))
        )
        return queryset.filter(
            Q(report__in=ProgressReport.objects.visible_to(user)) | Q(was_accepted=True, report__in=of_record)
        )

    def editable(self, user, queryset):
        actor = actor_for(user)
        if actor.is_read_only or not actor.is_department_member:
            return queryset.none()
        still_assigned = Assignment.objects.filter(
            task_id=OuterRef("report__task_id"), department_id=OuterRef("report__department_id")
        )
        return queryset.filter(
            Exists(still_assigned),
            report__department_id=actor.department_id,
            report__state__in=ProgressReport.EDITABLE_STATES,
        )


class YearlyMilestonePolicy(ModelPolicy):
    """The dated steps of a yearly target share its visibility; they change with its draft."""

    actions = frozenset({"view", "edit"})
    area_fields = ("target__department__area",)

    def visible(self, user, queryset):
        return queryset.filter(target__in=YearlyTarget.objects.visible_to(user))

    def editable(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_department_member:
            return queryset.none()
        return queryset.filter(
            target__department_id=actor.department_id, target__state__in=YearlyTarget.EDITABLE_STATES
        )


class DeadlineExtensionPolicy(ModelPolicy):
    """延期申请: the asking department and those who read all handed-in work see it (it is the
    department's business with the 司法局 from the start); a supervisor decides an open one."""

    actions = frozenset({"view", "decide"})
    area_fields = ("department__area",)

    def visible(self, user, queryset):
        actor = actor_for(user)
        if not actor.is_authenticated:
            return queryset.none()
        if actor.sees_all_submitted_work:
            return queryset.all()
        if actor.is_department_member:
            return queryset.filter(department_id=actor.department_id)
        return queryset.none()

    def allows(self, actor, action, extension):
        if action == "decide":
            return actor.reviews_work and extension.state == DeadlineExtension.State.REQUESTED
        return super().allows(actor, action, extension)


def workflow_moves(user, work) -> list[tuple[str, str]]:
    """(state, label) of the moves to offer ``user`` as buttons on a piece of reviewed work. An
    editable piece is submitted with its form (保存并提交), never apart from unsaved edits, so it
    gets no separate submit button."""
    return [
        (to, work.ACTION_LABELS[to])
        for (frm, to), action in work.TRANSITIONS.items()
        if frm == work.state and can(user, action, work) and not (action == "submit" and work.is_editable)
    ]


register_policy(Task._meta.label, TaskPolicy())
register_policy(Assignment._meta.label, PlanPartPolicy("task__plan"))
register_policy(ReportingPeriod._meta.label, PlanPartPolicy("plan"))
register_policy(ProgressReport._meta.label, ProgressReportPolicy())
register_policy(YearlyTarget._meta.label, YearlyTargetPolicy())
register_policy(Evidence._meta.label, EvidencePolicy())
register_policy(YearlyMilestone._meta.label, YearlyMilestonePolicy())
register_policy(DeadlineExtension._meta.label, DeadlineExtensionPolicy())
