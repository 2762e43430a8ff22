"""Department roles from every label in use, collectives kept whole, leaders recorded as leaders,
and duty notes in brackets — as real plans write them (fixtures/README.md)."""

from plans.parsing import find_departments, parse_text, split_department_list


def roles(text: str) -> list[tuple[str, str]]:
    return [(m.name, m.role) for m in find_departments(text, [])]


def test_labels_give_lead_and_supporting_roles():
    """牵头责任单位 leads; 协同责任单位, 配合单位 and a 责任单位 under a lead support; 责任单位 alone leads."""
    assert roles("牵头责任单位：市司法局；协同责任单位：市发展改革委、市财政局") == [
        ("市司法局", "lead"),
        ("市发展改革委", "support"),
        ("市财政局", "support"),
    ]
    assert roles("牵头单位：市发展改革委。责任单位：各县、市、区政府") == [
        ("市发展改革委", "lead"),
        ("各县、市、区政府", "support"),
    ]
    assert roles("责任单位：区司法局、区财政局") == [("区司法局", "lead"), ("区财政局", "lead")]
    assert roles("参与单位：区法院") == [("区法院", "support")]


def test_a_responsible_line_under_a_lead_line_supports():
    """In a unit, 责任单位 on the line after 牵头单位 names the supporting departments."""
    plan = parse_text("某市法治政府建设方案\n（一）加强行政复议工作。\n牵头单位：市司法局\n责任单位：市政府各部门\n")
    assert [(m.name, m.role) for m in plan.units[0].departments] == [("市司法局", "lead"), ("市政府各部门", "support")]


def test_collectives_stay_whole():
    """各县、市、区政府 and 各县（市、区） are one name each, not bogus fragments."""
    assert split_department_list("各县、市、区政府，市司法局") == ["各县、市、区政府", "市司法局"]
    assert split_department_list("各县（市、区）人民政府、市财政局") == ["各县（市、区）人民政府", "市财政局"]
    assert split_department_list("区司法局、区发展改革委，各街镇") == ["区司法局", "区发展改革委", "各街镇"]


def test_leaders_are_recorded_as_leaders():
    """牵头负责领导 names a person: role "leader", never known as a department."""
    [leader, lead] = find_departments("牵头负责领导：张副市长。牵头单位：市司法局", ["张副市长", "市司法局"])
    assert (leader.name, leader.role, leader.known) == ("张副市长", "leader", False)
    assert (lead.name, lead.role) == ("市司法局", "lead")


def test_duty_notes_in_brackets_keep_their_meaning():
    """（市政府各部门负责） leads; （市司法局牵头，市财政局配合） leads and supports."""
    assert roles("健全依法决策机制（市政府各部门负责）。") == [("市政府各部门", "lead")]
    assert roles("推进综合执法（市司法局牵头，市财政局配合）。") == [("市司法局", "lead"), ("市财政局", "support")]
    assert roles("完善制度（2023年底前）。") == []
