"""督办周报 through a real Celery worker on Redis and a real SMTP server: one message per reader,
the reader's scope, exactly once, even when the mail server refuses the first attempt."""

import pytest

from notifications.models import Delivery
from reports.tasks import send_weekly_digests
from tests.reports.digest_scenario import TODAY, WEEK_END, make_digest_scenario
from tests.reports.test_digest_generator import expected_totals
from tests.tasks.test_reminders import deliveries_settled, wait_for

SUBJECT = "督办周报第1期（截至2024年7月14日）"
LABELS = ["任务总数", "已完成", "序时推进", "进展滞后", "其中逾期（红灯）"]


def parts(message):
    """The plain-text and HTML parts of a received message."""
    found = {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}
    return found["text/plain"], found["text/html"]


@pytest.mark.redis
def test_the_fan_out_through_a_real_worker_mails_each_reader_their_scope_once(
    live_actors, celery_worker_process, smtp_server
):
    """Five readers with different scopes get one digest each with the right figures, and a
    second fan-out the same week sends nothing."""
    s = make_digest_scenario(live_actors)
    assert send_weekly_digests.delay(TODAY.isoformat()).get(timeout=30) == 5
    assert wait_for(lambda: len(smtp_server.messages) == 5, timeout=60), smtp_server.messages
    by_reader = {m["To"].split("@")[0]: m for m in smtp_server.messages}
    assert set(by_reader) == {"whole", "chapters", "towns", "justice_ld", "carol"}
    users = {"whole": "whole", "chapters": "chapters", "towns": "towns", "justice_ld": "justice", "carol": "head"}
    for address, name in users.items():
        message = by_reader[address]
        assert str(message["Subject"]).strip() == SUBJECT
        text, html = parts(message)
        assert "<table" in html
        figures = expected_totals(s.readers[name], s.plan, WEEK_END)
        for label, figure in zip(LABELS, figures, strict=True):
            assert f"- {label}：{figure} /" in text, (address, label)
    towns_text, towns_html = parts(by_reader["towns"])
    for other in ("区市场监管局", "大场镇", "出台复议规则"):
        assert other not in towns_text and other not in towns_html

    assert send_weekly_digests.delay(TODAY.isoformat()).get(timeout=30) == 5
    assert wait_for(lambda: deliveries_settled(count=5))
    assert len(smtp_server.messages) == 5


@pytest.mark.redis
def test_a_refused_first_attempt_still_ends_with_one_digest_each(live_actors, celery_worker_process, smtp_server):
    """The mail server refuses the first attempt: the retry sends it, and each reader has one message."""
    make_digest_scenario(live_actors)
    smtp_server.refuse_next = 1
    assert send_weekly_digests.delay(TODAY.isoformat()).get(timeout=30) == 5
    assert wait_for(lambda: deliveries_settled(count=5), timeout=60)
    assert smtp_server.refused == 1
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(set(m["To"] for m in smtp_server.messages))
    assert len(smtp_server.messages) == 5
    assert sorted(Delivery.objects.values_list("attempts", flat=True)) == [1, 1, 1, 1, 2]
