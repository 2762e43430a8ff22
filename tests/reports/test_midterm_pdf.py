"""The printed midterm evaluation: its title, every clause, embedded Chinese fonts, pages to look at."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from tests.reports.conftest import page_png

pytestmark = pytest.mark.django_db  # the session-wide report needs the test database

CLAUSE_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


def chinese_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CLAUSE_NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else CLAUSE_NUMERALS[ones - 1])


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_title_cut_off_and_every_clause_can_be_read_from_the_pdf(midterm_2023):
    """The PDF's text names the plan, says 中期评估 and the cut-off, and lists all 58 clauses."""
    pages = pdf_text(midterm_2023.pdf)
    text = re.sub(r"\s+", "", "".join(pages))
    assert "宝山区全面推进法治政府建设“十四五”规划" in text
    assert "中期评估" in re.sub(r"\s+", "", pages[0])
    assert "数据截止2023年12月31日" in text
    for n in range(1, 59):
        assert f"({chinese_number(n)})" in text, n
    for heading in [
        "一、评估工作开展情况",
        "二、总体评价",
        "三、分章实施情况",
        "四、存在的主要问题",
        "五、后半程对策建议",
    ]:
        assert heading in text
    assert "第2页共" in text  # 第X页 共Y页


def test_the_pdf_embeds_the_chinese_fonts_it_names_and_stays_small(midterm_2023):
    """The serif and sans subsets are embedded; the file stays under 3 MB."""
    fonts = subprocess.run(["pdffonts", str(midterm_2023.pdf_path)], capture_output=True, text=True, check=True)
    embedded = [line for line in fonts.stdout.splitlines()[2:] if " yes " in line]
    names = " ".join(line.split()[0] for line in embedded)
    assert "Duban-Serif" in names and "Duban-Sans" in names
    assert len(midterm_2023.pdf) < 3 * 1024 * 1024


def test_the_cover_and_a_table_page_are_rendered_for_a_person_to_look_at(midterm_2023):
    """Page 1 and the first page of 附件2 are kept as PNGs under test-results/midterm/."""
    pages = pdf_text(midterm_2023.pdf)
    table_page = next(
        i for i, text in enumerate(pages, start=1) if "规划条款实施情况表" in re.sub(r"\s+", "", text) and i > 2
    )
    cover = page_png(midterm_2023.pdf_path, 1, "page-1-cover")
    table = page_png(midterm_2023.pdf_path, table_page, "page-clause-table")
    assert cover.stat().st_size > 10_000 and table.stat().st_size > 10_000
