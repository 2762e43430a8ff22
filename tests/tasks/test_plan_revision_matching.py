"""Revising a plan with a new text: what was stored keeps its identity where the text still has it,
and nothing reported is lost."""

import pytest

from plans.models import Chapter, Clause, Indicator, Item, Milestone, Plan
from tasks.actions import report_save
from tasks.models import ProgressReport, Task
from tasks.plan_import import SourceDocument, import_plan, parse_source, revise_plan

TITLE = "2024年重点工作任务分解\n"
LEAD = "牵头单位:区司法局\n"


def source(text: str) -> SourceDocument:
    return SourceDocument(name="plan.txt", text=text, encoding="utf-8")


def import_text(text: str) -> Plan:
    return import_plan(parse_source(source(text)), source(text))


def revise(plan: Plan, text: str):
    return revise_plan(plan, parse_source(source(text)), source(text))


def report_on(task: Task, actors) -> ProgressReport:
    key = dict(task=task, period=task.plan.periods.first())
    return report_save(**key, actor=actors.justice_staff, data={"narrative": f"{task.title}已推进"}, version=None)


def kinds(changes) -> dict[str, str]:
    return {c.heading or c.old_heading: c.kind for c in changes}


@pytest.fixture
def two_clauses(actors) -> Plan:
    return import_text(TITLE + f"(一)加强队伍培训。\n{LEAD}(二)清理规范性文件。\n{LEAD}")


def test_a_renumbered_clause_with_the_same_heading_keeps_its_task_and_reports(actors, two_clauses):
    training = Task.objects.get(plan=two_clauses, title="加强队伍培训")
    report = report_on(training, actors)

    changes = revise(
        two_clauses, TITLE + f"(一)建立法律顾问制度。\n{LEAD}(二)加强队伍培训。\n{LEAD}(三)清理规范性文件。\n{LEAD}"
    )

    training.refresh_from_db()
    assert (training.code, training.archived_at) == ("2", None)
    assert training.lead_departments == [actors.justice]
    assert ProgressReport.objects.get(task=training) == report
    assert kinds(changes) == {"建立法律顾问制度": "added", "加强队伍培训": "changed", "清理规范性文件": "changed"}
    assert Task.objects.get(plan=two_clauses, code="1").title == "建立法律顾问制度"


def test_a_slightly_reworded_item_keeps_its_row_and_task(actors):
    plan = import_text(TITLE + f"(一)加强队伍培训。\n1.组织全员轮训。\n{LEAD}2.开展执法考试。\n{LEAD}")
    item = Item.objects.get(plan=plan, heading="组织全员轮训")
    task = Task.objects.get(item=item)

    revise(plan, TITLE + f"(一)加强队伍培训。\n1.组织全员集中轮训。\n{LEAD}2.开展执法考试。\n{LEAD}")

    item.refresh_from_db()
    task.refresh_from_db()
    assert item.heading == "组织全员集中轮训"
    assert (task.item_id, task.title, task.code) == (item.pk, "组织全员集中轮训", "1.1")
    assert Item.objects.filter(plan=plan).count() == 2


def test_a_removed_clause_archives_its_task_whether_reported_on_or_not(actors):
    plan = import_text(TITLE + f"(一)加强队伍培训。\n{LEAD}(二)清理规范性文件。\n{LEAD}(三)编制权责清单。\n{LEAD}")
    cleanup = Task.objects.get(plan=plan, title="清理规范性文件")
    report = report_on(cleanup, actors)
    listing = Task.objects.get(plan=plan, title="编制权责清单")

    changes = revise(plan, TITLE + f"(一)加强队伍培训。\n{LEAD}")

    cleanup.refresh_from_db()
    assert cleanup.archived_at is not None
    assert ProgressReport.objects.get(task=cleanup) == report
    listing.refresh_from_db()
    assert listing.archived_at is not None  # nothing reported, but its record (催办, 督办单) may be
    assert list(Clause.objects.filter(plan=plan).values_list("heading", flat=True)) == ["加强队伍培训"]
    assert kinds(changes) == {"加强队伍培训": "unchanged", "清理规范性文件": "removed", "编制权责清单": "removed"}


def test_clauses_numbered_afresh_in_each_chapter_match_within_their_chapter(actors):
    text = (
        TITLE
        + f"一、法治政府建设\n(一)推进公共法律服务体系建设。\n{LEAD}(二)清理规范性文件。\n{LEAD}"
        + f"二、法治社会建设\n(一)深化普法宣传教育工作。\n{LEAD}(二)加强人民调解。\n{LEAD}"
    )
    plan = import_text(text)
    tasks = {t.code: t.pk for t in Task.objects.filter(plan=plan)}
    assert set(tasks) == {"C1.1", "C1.2", "C2.1", "C2.2"}

    # Alike enough to stay clause (一) of chapter 二 under its number, not enough to be found by
    # heading alone: only the chapter-scoped number keeps it.
    changes = revise(plan, text.replace("深化普法宣传教育工作", "深化普法和依法治理工作"))

    assert {t.code: t.pk for t in Task.objects.filter(plan=plan)} == tasks
    assert Task.objects.get(pk=tasks["C2.1"]).title == "深化普法和依法治理工作"
    assert [c.kind for c in changes].count("changed") == 1
    assert "added" not in {c.kind for c in changes}


def test_an_indicator_keeps_its_identity_across_a_revision(actors):
    plan = import_text(TITLE + f"(一)加强队伍培训。\n1.组织轮训。每人不少于60学时。\n{LEAD}")
    indicator = Indicator.objects.get(plan=plan, text="不少于60学时")

    revise(plan, TITLE + f"(一)加强法治队伍培训。\n1.组织轮训。每人不少于60学时。\n{LEAD}2.开展考试。\n{LEAD}")

    assert list(Indicator.objects.filter(plan=plan).values_list("pk", flat=True)) == [indicator.pk]


def test_revising_with_the_same_text_changes_nothing(actors):
    text = (
        TITLE
        + f"一、法治队伍建设\n(一)加强培训。\n1.组织轮训。每人不少于60学时。2024年6月底前完成。\n{LEAD}"
        + f"2.开展考试。\n{LEAD}(二)清理文件。\n{LEAD}"
    )
    plan = import_text(text)

    def stored():
        return {
            model.__name__: sorted(model.objects.filter(plan=plan).values_list("pk", flat=True))
            for model in (Chapter, Clause, Item, Indicator, Task)
        }

    before = stored()
    milestones = Milestone.objects.filter(plan=plan).count()

    for _ in range(2):
        changes = revise(plan, text)
        assert {c.kind for c in changes} == {"unchanged"}
        assert stored() == before
        assert Milestone.objects.filter(plan=plan).count() == milestones
        assert not Task.objects.filter(plan=plan, archived_at__isnull=False).exists()
