"""督办单: the unit signs and replies, the supervisor returns or accepts; a returned reply moves the
matter up to 黄; each step is in the notice's record."""

import datetime

from inspections.escalation import escalate
from inspections.models import SupervisionNotice
from plans.models import Event
from tests.inspections.escalation_scenario import DUE, make_plan


def post(client, notice, **data):
    notice.refresh_from_db()
    return client.post(f"/inspections/notices/{notice.pk}/move/", {"version": notice.version, **data}, follow=True)


def test_sign_reply_return_reply_accept(client, actors, eager_celery):
    """The unit signs and replies; the supervisor returns it with a reason, the unit replies again,
    the supervisor accepts it; the page shows every step."""
    make_plan(actors)
    escalate(DUE + datetime.timedelta(days=1))
    notice = SupervisionNotice.objects.get(matter__kind="report")
    client.force_login(actors.market_staff)
    page = client.get("/inspections/notices/").content.decode()
    assert notice.number in page
    assert "已签收" in post(client, notice, to="signed").content.decode()
    assert "已反馈" in post(client, notice, to="replied", text="已于4月12日报送第一季度进展报告").content.decode()
    client.force_login(actors.supervisor)
    post(client, notice, to="returned", comment="未附报送凭证")
    notice.refresh_from_db()
    assert notice.state == "returned" and notice.review_comment == "未附报送凭证"

    # A rejected reply is a rule of the ladder: the matter goes up to 黄 the next day.
    issued = escalate(DUE + datetime.timedelta(days=2)).issued
    assert [(i.key.split(":")[0], i.rung) for i in issued] == [("report", "yellow")]

    client.force_login(actors.market_staff)
    post(client, notice, to="replied", text="补充报送凭证")
    client.force_login(actors.supervisor)
    page = post(client, notice, to="accepted").content.decode()
    notice.refresh_from_db()
    assert notice.state == "accepted" and notice.reply_text == "补充报送凭证"
    for label in ("签收督办单", "反馈办理情况", "退回反馈：未附报送凭证", "审结"):
        assert label in page
    verbs = list(
        Event.objects.filter(ref=f"notice:{notice.pk}", verb__startswith="notice.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["notice.sign", "notice.reply", "notice.return", "notice.reply", "notice.accept"]


def test_another_unit_cannot_see_or_answer_a_notice(client, actors, eager_celery):
    """A notice is read by its unit and the 司法局; another unit gets 404; a supervisor cannot reply for the unit."""
    make_plan(actors)
    escalate(DUE + datetime.timedelta(days=1))
    notice = SupervisionNotice.objects.get(matter__kind="report")
    client.force_login(actors.justice_staff)
    assert client.get(f"/inspections/notices/{notice.pk}/").status_code == 404
    client.force_login(actors.supervisor)
    post(client, notice, to="replied", text="代为反馈")
    notice.refresh_from_db()
    assert notice.state == "issued"


def test_the_unit_home_page_says_what_to_reply_by_when(client, actors, eager_celery):
    """The unit's home page lists its unanswered 督办单 with the reply deadline; the supervisor's
    lists the replies waiting for review."""
    make_plan(actors)
    escalate(DUE + datetime.timedelta(days=1))
    notice = SupervisionNotice.objects.get(matter__kind="report")
    client.force_login(actors.market_staff)
    page = client.get("/my/").content.decode()
    assert "蓝色督办单待反馈" in page and notice.number in page
    assert f"截止 {notice.reply_deadline:%Y-%m-%d}" in page
    post(client, notice, to="replied", text="已报送")
    client.force_login(actors.supervisor)
    page = client.get("/supervision/").content.decode()
    assert "督办单反馈待审核" in page and notice.number in page
