"""挂牌督办 matters come first among the items needing a leader's coordination."""

import datetime

from inspections.models import EscalationMatter, MatterKind
from reports.digest import build_digest
from tests.reports.digest_scenario import TODAY, WEEK_END, make_digest_scenario


def test_a_listed_matter_heads_the_coordination_items_until_it_is_taken_off(actors):
    """A matter listed before the week's end leads section 5 with its days overdue; once taken off
    the list (摘牌) it is no longer there."""
    s = make_digest_scenario(actors)
    task = s.tasks[sorted(s.tasks)[0]]
    matter = EscalationMatter.objects.create(
        key="test:listed",
        kind=MatterKind.MILESTONE,
        task=task,
        unit=actors.justice,
        what="节点“2024年6月底前”逾期",
        due_date=datetime.date(2024, 5, 1),
        listed_on=datetime.date(2024, 7, 1),
    )
    [section] = build_digest(s.readers["whole"], today=TODAY).sections
    first = section.coordination[0]
    assert first.task == "【挂牌督办】节点“2024年6月底前”逾期" and first.unit == "区司法局"
    assert first.days_overdue == (WEEK_END - datetime.date(2024, 5, 1)).days
    assert len(section.coordination) == 3
    matter.delisted_on = datetime.date(2024, 7, 10)
    matter.save()
    [section] = build_digest(s.readers["whole"], today=TODAY).sections
    assert all("挂牌督办" not in line.task for line in section.coordination)
