"""A finding goes from the supervisor's record through the unit's plan, its head's confirmation,
progress and a close request to 销号 — every step an event, every change in the history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.actions import (
    finding_close_request,
    finding_move,
    finding_plan_submit,
    progress_add,
    progress_confirm,
)
from inspections.models import Finding, FindingState, InspectionError
from plans.models import Event
from tests.inspections.conftest import PDF


def verbs(finding):
    return list(
        Event.objects.filter(ref=f"finding:{finding.pk}", verb__startswith="finding.")
        .order_by("occurred_at", "pk")
        .values_list("verb", flat=True)
    )


def test_a_finding_is_closed_after_plan_confirmation_progress_and_a_verified_request(actors, finding):
    """Staff write the plan, the head confirms, progress and a 销号申请 follow, the supervisor closes it."""
    finding = finding_plan_submit(
        actor=actors.market_staff,
        finding=finding,
        measures="逐卷补正",
        person="张三",
        deadline=datetime.date(2024, 8, 31),
    )
    assert finding.state == FindingState.PLAN_SUBMITTED
    finding = finding_move(actor=actors.market_head, finding=finding, to=FindingState.RECTIFYING)
    entry = progress_add(
        actor=actors.market_staff, finding=finding, entry_date=datetime.date.today(), text="已补正12卷"
    )
    assert not entry.handed_in
    progress_confirm(actor=actors.market_head, entry=entry)
    evidence = SimpleUploadedFile("整改佐证.pdf", PDF, "application/pdf")
    finding = finding_close_request(actor=actors.market_staff, finding=finding, summary="全部补正", files=[evidence])
    assert finding.state == FindingState.CLOSE_SUBMITTED
    assert not finding.attachments.get().handed_in
    finding = finding_move(actor=actors.market_head, finding=finding, to=FindingState.CLOSE_REQUESTED)
    assert finding.attachments.get().handed_in
    finding = finding_move(
        actor=actors.supervisor, finding=finding, to=FindingState.CLOSED, closed_on=datetime.date(2024, 9, 20)
    )
    assert finding.state == FindingState.CLOSED and finding.closed_on == datetime.date(2024, 9, 20)
    assert verbs(finding) == [
        "finding.record",
        "finding.submit_plan",
        "finding.confirm",
        "finding.progress",
        "finding.progress_confirm",
        "finding.request_close",
        "finding.confirm",
        "finding.close",
    ]
    states = list(
        Finding.history.filter(id=finding.pk).order_by("history_date", "history_id").values_list("state", flat=True)
    )
    assert states[0] == FindingState.RECORDED and states[-1] == FindingState.CLOSED
    assert FindingState.CLOSE_REQUESTED in states


def test_a_returned_close_request_goes_back_to_the_unit_with_the_reason(actors, finding):
    """The supervisor's return needs a reason and lets the unit ask again."""
    finding = finding_plan_submit(
        actor=actors.market_head, finding=finding, measures="补正", person="李四", deadline=datetime.date(2024, 8, 31)
    )
    assert finding.state == FindingState.RECTIFYING  # the head's own plan is confirmed as it goes
    finding = finding_close_request(actor=actors.market_head, finding=finding, summary="已完成")
    assert finding.state == FindingState.CLOSE_REQUESTED
    with pytest.raises(InspectionError):
        finding_move(actor=actors.supervisor, finding=finding, to=FindingState.RETURNED)
    finding = finding_move(actor=actors.supervisor, finding=finding, to=FindingState.RETURNED, comment="佐证不足")
    assert finding.state == FindingState.RETURNED and finding.review_comment == "佐证不足"
    finding = finding_close_request(actor=actors.market_staff, finding=finding, summary="补充佐证")
    assert finding.state == FindingState.CLOSE_SUBMITTED


def test_only_the_responsible_unit_answers_and_only_supervisors_close(actors, finding):
    """Another unit, a leader or the supervisor cannot write the plan; the head cannot close."""
    for someone in (actors.supervisor, actors.leader, actors.justice_staff):
        with pytest.raises(PermissionDenied):
            finding_plan_submit(
                actor=someone, finding=finding, measures="x", person="y", deadline=datetime.date(2024, 8, 1)
            )
    finding = finding_plan_submit(
        actor=actors.market_head, finding=finding, measures="补正", person="李四", deadline=datetime.date(2024, 8, 31)
    )
    finding = finding_close_request(actor=actors.market_head, finding=finding, summary="已完成")
    with pytest.raises(PermissionDenied):
        finding_move(actor=actors.market_head, finding=finding, to=FindingState.CLOSED)


def test_a_long_term_finding_closes_to_the_long_term_state(actors, finding):
    """长期坚持 items are closed to 长期坚持, not 已销号, and still take yearly updates."""
    Finding.objects.filter(pk=finding.pk).update(rectification_type="long_term")
    finding.refresh_from_db()
    finding = finding_plan_submit(
        actor=actors.market_head,
        finding=finding,
        measures="常态化评查",
        person="李四",
        deadline=datetime.date(2024, 8, 31),
    )
    finding = finding_close_request(actor=actors.market_head, finding=finding, summary="机制已建立")
    with pytest.raises(InspectionError):
        finding_move(actor=actors.supervisor, finding=finding, to=FindingState.CLOSED)
    finding = finding_move(actor=actors.supervisor, finding=finding, to=FindingState.LONG_TERM)
    assert finding.state == FindingState.LONG_TERM and finding.closed_on is not None
    entry = progress_add(actor=actors.market_head, finding=finding, entry_date=datetime.date.today(), text="年度更新")
    assert entry.handed_in
