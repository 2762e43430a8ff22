"""A deadline written in an item binds that item's task only."""

from plans.models import Plan
from tasks.models import Assignment, Task
from tasks.progress import generate_periods


def test_an_items_milestone_binds_only_that_items_task(actors):
    """A deadline written in one item binds that item's task, not its siblings."""
    import datetime

    from plans.models import Clause, Item, Milestone
    from tasks.status import statuses_for

    plan = Plan.objects.create(title="测试", start_year=2024, end_year=2024)
    generate_periods(plan)
    clause = Clause.objects.create(plan=plan, number=1, label="(一)", heading="加强培训", position=1)
    items = [
        Item.objects.create(plan=plan, clause=clause, number=n, label=f"{n}.", heading=f"项{n}", position=n + 1)
        for n in (1, 2)
    ]
    tasks = [
        Task.objects.create(
            plan=plan, clause=clause, item=i, code=f"1.{i.number}", title=i.heading, position=i.position
        )
        for i in items
    ]
    for task in tasks:
        Assignment.objects.create(task=task, department=actors.market, role="lead")
    Milestone.objects.create(
        plan=plan, clause=clause, item=items[1], due_date=datetime.date(2024, 1, 15), phrase="1月中旬前"
    )
    statuses = statuses_for(tasks, today=datetime.date(2024, 2, 1))
    assert [s.milestone.phrase for s in statuses[tasks[0].pk].milestones] == []
    assert [s.milestone.phrase for s in statuses[tasks[1].pk].milestones] == ["1月中旬前"]
