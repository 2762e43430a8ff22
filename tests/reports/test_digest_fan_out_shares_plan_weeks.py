"""The weekly fan-out builds each plan's week once (its facts at the end of the week and of the
week before, the week's events) and every reader of that plan reuses it; each reader's digest is
still their own: their scope, and the findings they may see through the policy."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.digest import DigestRun, build_digest
from tasks.facts import invalidate_plan_facts
from tests.reports.digest_scenario import TODAY, make_digest_scenario


def _plan_week_reads(fn) -> int:
    """Queries of what a plan's week is made of: the as-of facts (history of tasks and reports)
    and the week's events. The findings are counted per reader and not included."""
    with CaptureQueriesContext(connection) as queries:
        fn()
    return sum(1 for q in queries if "tasks_historical" in q["sql"] or '"plans_event"' in q["sql"])


def test_readers_of_one_plan_share_its_week_and_each_gets_the_digest_built_alone(actors):
    """After the first reader, the others of the same plan read neither its history nor its week's
    events again, and every digest equals the one built for that reader alone."""
    s = make_digest_scenario(actors)
    run = DigestRun()
    readers = list(s.readers.values())
    assert _plan_week_reads(lambda: build_digest(readers[0], today=TODAY, run=run)) > 0
    for user in readers[1:]:
        assert _plan_week_reads(lambda user=user: build_digest(user, today=TODAY, run=run)) == 0, user
    for user in readers:
        shared = build_digest(user, today=TODAY, run=run).as_context()
        assert shared == build_digest(user, today=TODAY).as_context(), user


def test_a_change_to_the_plan_during_the_fan_out_is_not_hidden_by_the_shared_week(actors):
    """When the plan's facts change (a new version), the next reader's week is built again."""
    s = make_digest_scenario(actors)
    run = DigestRun()
    build_digest(s.readers["whole"], today=TODAY, run=run)
    invalidate_plan_facts(s.plan.pk)
    assert _plan_week_reads(lambda: build_digest(s.readers["whole"], today=TODAY, run=run)) > 0
