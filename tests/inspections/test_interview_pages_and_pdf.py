"""约谈 from its pages: a supervisor sees the unit's proposal, schedules it (who, by whom, when,
where, why), prints the 约谈通知书 whose appendix is the matters' whole escalation history, and
later records how it went; the unit sees it once scheduled; a leader reads but cannot decide."""

import datetime
import subprocess
from pathlib import Path

import pdfplumber

from inspections.actions import notice_move
from inspections.escalation import escalate
from inspections.models import Interview, SupervisionNotice
from plans.models import Event
from tests.inspections.escalation_scenario import DUE, make_plan

SCHEDULE = {
    "op": "schedule",
    "s-interviewee": "区市场监管局局长 张伟",
    "s-interviewer": "区司法局副局长 李强",
    "s-when": "2024-05-20T09:30",
    "s-place": "区司法局三楼会议室",
    "s-reason": "一年内两次红色督办单仍未办结",
}


def _history(actors):
    """The ladder to 红 and a 约谈 proposal, with a reply returned and answered again on the way."""
    make_plan(actors)
    escalate(DUE + datetime.timedelta(days=1))  # 蓝
    blue = SupervisionNotice.objects.get(matter__kind="report", colour="blue")
    notice_move(actor=actors.market_staff, notice=blue, to="replied", text="正在起草第一季度报告")
    notice_move(actor=actors.supervisor, notice=blue, to="returned", comment="未说明完成时限")
    day = DUE + datetime.timedelta(days=31)
    escalate(day)  # 红 for both matters
    escalate(day)  # two 红 notices: one 约谈 for the unit
    return Interview.objects.get()


def test_a_supervisor_schedules_prints_and_records_an_interview(client, actors, eager_celery, tmp_path, output_path):
    interview = _history(actors)
    url = f"/inspections/interviews/{interview.pk}/"

    client.force_login(actors.market_staff)
    assert interview.unit.name not in client.get("/inspections/interviews/").content.decode()  # only proposed
    assert client.get(url).status_code == 404

    client.force_login(actors.leader)
    page = client.get(url).content.decode()
    assert "宝法督〔2024〕1号" in page and 'data-testid="schedule"' not in page
    client.post(f"{url}move/", SCHEDULE)
    interview.refresh_from_db()
    assert interview.state == "proposed"  # a leader reads, never decides

    client.force_login(actors.supervisor)
    listing = client.get("/inspections/interviews/?state=proposed").content.decode()
    assert f'href="/inspections/interviews/{interview.pk}/"' in listing
    assert 'data-testid="schedule"' in client.get(url).content.decode()
    client.post(f"{url}move/", {**SCHEDULE, "version": interview.version})
    interview.refresh_from_db()
    assert (interview.state, interview.interviewee, interview.place) == (
        "scheduled",
        "区市场监管局局长 张伟",
        "区司法局三楼会议室",
    )
    assert Event.objects.filter(verb="interview.schedule", actor=actors.supervisor).count() == 1

    response = client.get(f"{url}notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "interview.pdf"
    pdf.write_bytes(response.content)
    with pdfplumber.open(pdf) as doc:
        first = "".join(doc.pages[0].extract_text().split())
        appendix = "".join("".join((p.extract_text() or "").split()) for p in doc.pages[1:])
    assert "约谈通知书" in first and "区市场监管局" in first
    assert "区市场监管局局长张伟" in first and "区司法局三楼会议室" in first and "2024年5月20日" in first
    assert "附件：督办事项督办记录" in appendix
    for number in ("宝法督〔2024〕1号", "宝法督〔2024〕2号", "宝法督〔2024〕3号", "宝法督〔2024〕4号"):
        assert number in appendix
    assert "蓝色" in appendix and "红色" in appendix and "红色督办单" in appendix
    assert "正在起草第一季度报告" in appendix and "退回反馈" in appendix and "未说明完成时限" in appendix
    assert "超过反馈期限" in appendix and "已逾期" in appendix
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DubanCJK" in fonts
    shots = Path(output_path)
    shots.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(shots / "interview")], check=True)

    client.force_login(actors.market_staff)
    assert "区司法局三楼会议室" in client.get(url).content.decode()  # the unit sees it once scheduled
    assert client.get(f"{url}notice.pdf").status_code == 200

    client.force_login(actors.supervisor)
    client.post(
        f"{url}move/",
        {
            "op": "record",
            "version": interview.version,
            "r-outcome": "局长作出书面承诺",
            "r-follow_up_deadline": "2024-06-30",
        },
    )
    interview.refresh_from_db()
    assert (interview.state, interview.outcome, str(interview.follow_up_deadline)) == (
        "held",
        "局长作出书面承诺",
        "2024-06-30",
    )
    page = client.get(url).content.decode()
    assert "记录约谈情况" in page and "局长作出书面承诺" in page


def test_a_supervisor_dismisses_a_proposal_with_a_reason(client, actors, eager_celery):
    interview = _history(actors)
    client.force_login(actors.supervisor)
    url = f"/inspections/interviews/{interview.pk}/"
    client.post(f"{url}move/", {"op": "dismiss", "d-reason": ""})
    interview.refresh_from_db()
    assert interview.state == "proposed"  # a reason is required
    client.post(f"{url}move/", {"op": "dismiss", "d-reason": "单位已书面说明，事项即将办结"})
    interview.refresh_from_db()
    assert (interview.state, interview.decision_reason) == ("dismissed", "单位已书面说明，事项即将办结")
    assert "不予约谈" in client.get(url).content.decode()
