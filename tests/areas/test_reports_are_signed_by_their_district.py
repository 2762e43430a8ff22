"""A district's midterm evaluation is signed by its own 司法局 (the cover), whichever district the
install started with."""

import datetime

from plans.models import Area, Plan, default_area_id
from reports import midterm
from reports.midterm_pdf import render_html
from tasks.progress import generate_periods
from tests.areas.cities import make_city


def test_each_district_s_midterm_cover_names_its_own_justice_bureau(db):
    baoshan = Area.objects.get(pk=default_area_id())
    assert baoshan.issuer == "上海市宝山区司法局"  # a single-district install, as before

    city, _, jiading = make_city()
    plan = Plan.objects.create(area=jiading, title="嘉定区法治政府建设规划", start_year=2021, end_year=2025)
    generate_periods(plan)

    report = midterm.build(plan, as_of=datetime.date(2023, 12, 31))

    assert report.issuer == "上海市嘉定区司法局"
    assert Area.objects.get(pk=baoshan.pk).issuer == "上海市宝山区司法局"
    assert city.issuer == "上海市司法局"
    assert "上海市嘉定区司法局" in render_html(report, draft=True)
