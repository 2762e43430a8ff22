"""A plan saved as a web page from a government site: the site's banner and menus are not the
title, the metadata block (索引号, 发文字号, 成文日期 …) is kept as metadata and never sets the
title or the years; the units come from the block that holds them. Page layout and text from the
金昌市人民政府 page of 金昌市创建全国法治政府建设示范市实施方案 (fixtures/README.md)."""

from plans.parsing import parse_document

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>金昌市人民政府关于印发《金昌市创建全国法治政府建设示范市实施方案》的通知_金昌市人民政府</title></head>
<body>
<div class="top"><span>本站支持IPV6</span> <a href="#">无障碍浏览</a> <a href="#">长者模式</a> <a href="#">English</a></div>
<div class="banner"><h1>金昌市人民政府</h1><ul class="nav"><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></div>
<div class="crumbs">当前位置：首页 &gt; 政府信息公开 &gt; 政策文件</div>
<table class="meta">
<tr><td>索 引 号</td><td>11620300013909010R/2025-48086</td><td>主题分类</td><td>金政发</td></tr>
<tr><td>发文字号</td><td>金政发〔2025〕33号</td><td>发文机关</td><td>金昌市人民政府</td></tr>
<tr><td>成文日期</td><td>2025-06-13</td><td>发布日期</td><td>2025-06-30</td></tr>
<tr><td>标 题</td><td colspan="3">金昌市人民政府关于印发《金昌市创建全国法治政府建设示范市实施方案》的通知</td></tr>
</table>
<div class="article">
<div class="article-title">金昌市创建全国法治政府建设示范市实施方案</div>
<div class="article-content">
<p>为加快推进法治金昌建设，积极争创全国法治政府建设示范市，根据中共中央国务院《法治政府建设实施纲要（2021—2025年）》精神，结合金昌实际，制定本实施方案。</p>
<p>一、总体要求</p>
<p>坚持以习近平新时代中国特色社会主义思想为指导，认真践行习近平法治思想。</p>
<p>二、主要创建任务</p>
<p>（一）健全政府机构职能体系。全面实行政府权责清单制度，2025年9月底前完成权责清单动态调整。牵头单位：市委编办；配合单位：市政府各部门。</p>
<p>（二）健全依法行政制度体系。严格落实规范性文件合法性审核机制（市司法局牵头，各县区政府配合）。</p>
</div></div>
<div class="footer"><p>主办：金昌市人民政府办公室</p><p>网站标识码：6203000001</p><div>打印本页</div></div>
</body></html>"""


def test_web_page_title_units_and_metadata():
    """The title is the document's own title line; metadata is kept apart; units are read."""
    plan = parse_document(PAGE.encode("utf-8"), "通知.html")
    assert plan.title == "金昌市创建全国法治政府建设示范市实施方案"
    assert plan.metadata["发文机关"] == "金昌市人民政府"
    assert plan.metadata["文号"] == "金政发〔2025〕33号"
    assert plan.metadata["成文日期"] == "2025-06-13"
    assert plan.metadata["索引号"] == "11620300013909010R/2025-48086"
    assert [(u.level, u.label, u.heading) for u in plan.units] == [
        ("chapter", "一、", "总体要求"),
        ("chapter", "二、", "主要创建任务"),
        ("clause", "（一）", "健全政府机构职能体系"),
        ("clause", "（二）", "健全依法行政制度体系"),
    ]
    first, second = plan.units[2], plan.units[3]
    assert [d.phrase for d in first.deadlines] == ["2025年9月底前"]
    assert [(m.name, m.role) for m in first.departments] == [("市委编办", "lead"), ("市政府各部门", "support")]
    assert [(m.name, m.role) for m in second.departments] == [("市司法局", "lead"), ("各县区政府", "support")]
    # Nothing of the site's furniture reaches the plan's text.
    text = plan.title + plan.preamble + "".join(u.heading + u.body for u in plan.units)
    for furniture in ("IPV6", "无障碍", "政务服务", "网站标识码", "索引号", "金政发"):
        assert furniture not in text


def test_web_page_without_a_title_line_uses_h1_or_title():
    """Without a title line above the content, the page's <title> (site name removed) is used."""
    page = PAGE.replace('<div class="article-title">金昌市创建全国法治政府建设示范市实施方案</div>', "")
    plan = parse_document(page.encode("utf-8"), "通知.html")
    assert plan.title == "金昌市人民政府关于印发《金昌市创建全国法治政府建设示范市实施方案》的通知"
    assert "2025-06-13" not in plan.preamble and plan.metadata["成文日期"] == "2025-06-13"


def test_web_page_with_paragraphs_separated_by_line_breaks():
    """A content block written as lines separated by <br> is found; the banner is not read."""
    page = (
        "<html><head><title>依法行政工作要点_某区政府网</title></head><body>"
        '<div class="top">本站支持IPV6 无障碍浏览</div><div class="title">某区2023年依法行政工作要点</div>'
        '<div class="content">为做好工作，制定本要点。<br>一、完善制度体系<br>'
        "（一）加强规范性文件管理。牵头单位：区司法局。<br>（二）推进决策规范化。2023年底前完成。<br></div>"
        '<div class="foot">版权所有 某区人民政府</div></body></html>'
    )
    plan = parse_document(page.encode("utf-8"), "要点.html")
    assert plan.title == "某区2023年依法行政工作要点" and plan.years == (2023, 2023)
    assert [(u.label, u.heading) for u in plan.units] == [
        ("一、", "完善制度体系"),
        ("（一）", "加强规范性文件管理"),
        ("（二）", "推进决策规范化"),
    ]
    assert "IPV6" not in plan.preamble and "版权所有" not in plan.units[-1].body
