"""The weekly digest's generator: the week just ended, for each reader's scope, from the facts."""

import datetime

from notifications.emails import make_message
from plans.models import Clause
from reports.categories import COMPLETED, LAGGING, ON_SCHEDULE, CategoryCounts
from reports.digest import NOTHING_NEW, build_digest, mail_context, scopes_for, subject_for, week_ending_before
from tasks.facts import gather_facts
from tasks.status import Light
from tests.reports.digest_scenario import DRAFT_TEXT, TODAY, WEEK_END, WEEK_START, make_digest_scenario


class _T:
    def __init__(self, facts, task_id):
        self.status, self.is_ongoing = facts.status(task_id), facts.tasks[task_id].is_ongoing


def expected_totals(user, plan, day):
    """Section 1, computed straight from gather_facts for the reader's scope on ``day``."""
    [scope] = scopes_for(user)
    facts = gather_facts(plan, as_of=day)
    chapters = dict(Clause.objects.filter(plan=plan).values_list("id", "chapter_id"))
    ids = [t for t in facts.tasks if scope.covers(facts, t, chapters)]
    counts = CategoryCounts.of([_T(facts, t) for t in ids]).counts
    red = sum(1 for t in ids if facts.status(t).light == Light.RED)
    return [len(ids), counts[COMPLETED], counts[ON_SCHEDULE], counts[LAGGING], red]


def render(user, today=TODAY, number=1):
    data = build_digest(user, today=today)
    subject = subject_for(week_ending_before(today)[1], number)
    message = make_message("digest", [user.email], mail_context(data, subject=subject, manual=number is None))
    return data, message, message.alternatives[0][0]


def test_the_week_is_monday_to_sunday_just_ended():
    """The digest of a Monday covers the seven days before it; any later day, the same week."""
    assert week_ending_before(TODAY) == (WEEK_START, WEEK_END)
    assert week_ending_before(datetime.date(2024, 7, 21)) == (WEEK_START, WEEK_END)
    assert subject_for(WEEK_END, 3) == "督办周报第3期（截至2024年7月14日）"
    assert subject_for(WEEK_END, None) == "督办周报（补发）（截至2024年7月14日）"


def test_section_one_equals_the_facts_for_each_scope(actors):
    """Totals this week and last week are gather_facts' categories for the reader's scope."""
    s = make_digest_scenario(actors)
    for user in s.readers.values():
        [section] = build_digest(user, today=TODAY).sections
        assert [t.now for t in section.totals] == expected_totals(user, s.plan, WEEK_END), user
        before = expected_totals(user, s.plan, WEEK_START - datetime.timedelta(days=1))
        assert [t.before for t in section.totals] == before, user


def test_the_whole_plan_shows_what_turned_red_and_what_is_new(actors):
    """A whole-plan reader sees the task that went red this week with its days overdue, the new task,
    the late reports and the longest red items for coordination."""
    s = make_digest_scenario(actors)
    [section] = build_digest(s.readers["whole"], today=TODAY).sections
    turned = {(line.unit, line.task, line.light, line.days_overdue) for line in section.turned}
    assert ("区司法局", "2 出台复议规则", Light.RED, 4) in turned
    assert section.new_items == 1 and section.newly_overdue == 3
    assert {line.unit for line in section.late_reports} == {"区司法局", "罗店镇", "大场镇"}
    assert len(section.coordination) == 3
    assert [line.unit for line in section.returned_reports] == ["罗店镇"]
    assert section.links["red"].endswith(f"/plans/{s.plan.pk}/tasks/?light=red")


def test_an_out_of_scope_department_never_appears(actors):
    """A leader in charge of 罗店镇 reads 罗店镇 only; a chapter reader reads the chapter only."""
    s = make_digest_scenario(actors)
    _data, message, html = render(s.readers["towns"])
    for text in (message.body, html):
        assert "罗店镇" in text
        for other in ("区市场监管局", "区司法局", "大场镇", "出台复议规则"):
            assert other not in text
    _data, message, html = render(s.readers["chapters"])
    assert "出台复议规则" in message.body and "罗店镇" not in message.body and "罗店镇" not in html


def test_a_department_head_reads_their_department(actors):
    """A department head with no scope of their own gets their department's tasks of the current plan."""
    s = make_digest_scenario(actors)
    [section] = build_digest(s.readers["head"], today=TODAY).sections
    assert section.scope_label == "本部门：区市场监管局"
    assert section.totals[0].now == 2  # A (lead) and D (support)


def test_the_mail_has_a_chinese_subject_html_tables_and_a_text_part(actors):
    """The email: numbered subject, HTML with inline CSS and tables and no outside resource, plain text."""
    s = make_digest_scenario(actors)
    _data, message, html = render(s.readers["whole"], number=7)
    assert message.subject == "督办周报第7期（截至2024年7月14日）"
    assert "<table" in html and "style=" in html and "<link" not in html and "<img" not in html
    assert "一、总体情况" in message.body and "六、督察发现问题" in message.body
    assert "http://" in message.body and "/tasks/" in html


def test_a_digest_never_shows_a_department_draft(actors):
    """Drafts and department-only events stay out of every reader's digest."""
    s = make_digest_scenario(actors)
    for user in s.readers.values():
        _data, message, html = render(user)
        assert DRAFT_TEXT not in message.body and DRAFT_TEXT not in html


def test_a_quiet_week_says_so(actors):
    """Nothing happened in a February week: the digest says 本周无新增事项."""
    s = make_digest_scenario(actors)
    data, message, html = render(s.readers["chapters"], today=datetime.date(2024, 2, 19))
    assert not data.has_news
    assert NOTHING_NEW in message.body and NOTHING_NEW in html
