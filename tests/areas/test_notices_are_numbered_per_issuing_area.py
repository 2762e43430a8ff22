"""督办单 are numbered per issuing area, each with its own 代字 and office: 宝山's first of the year is
宝法督〔2025〕1号, 嘉定's own first is 嘉法督〔2025〕1号."""

import datetime

from inspections.actions import notice_issue

DAY = datetime.date(2025, 3, 3)


def test_each_district_numbers_its_own_notices(districts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        baoshan = [
            notice_issue(
                actor=districts.users["bsup"],
                colour="blue",
                units=[districts.baoshan_market],
                subject=f"宝山事项{n}",
                requirement="请办理",
                today=DAY,
            )
            for n in (1, 2)
        ]
        jiading = notice_issue(
            actor=districts.users["sup"],
            colour="blue",
            units=[districts.world.market],
            subject="嘉定事项",
            requirement="请办理",
            today=DAY,
        )
    assert [n.number for n in baoshan] == ["宝法督〔2025〕1号", "宝法督〔2025〕2号"]
    assert jiading.number == "嘉法督〔2025〕1号"
    assert (baoshan[0].area, jiading.area) == (districts.baoshan, districts.jiading)
    assert (baoshan[0].issuing_office, jiading.issuing_office) == ("宝山区司法局", "嘉定区司法局")
