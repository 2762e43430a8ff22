"""Resolving department names as people write them."""

from plans.departments import DepartmentDirectory


def test_names_short_names_and_aliases_resolve(actors):
    """A department is found by its full name, short name or any alias."""
    directory = DepartmentDirectory()
    assert directory.resolve("区司法局").departments == [actors.justice]
    assert directory.resolve("司法局").departments == [actors.justice]
    assert directory.resolve(" 司法 ").departments == [actors.justice]
    assert directory.resolve("宝山区市场监管局").departments == [actors.market]


def test_collective_names(actors):
    """ "各街镇" means every subdistrict, while "各有关部门" asks the user to choose."""
    directory = DepartmentDirectory()
    assert set(directory.resolve("各街镇").departments) == {actors.town, actors.town2}
    choose = directory.resolve("各有关部门")
    assert choose.needs_choice and choose.known and choose.departments == []


def test_unknown_names_are_reported_not_guessed(actors):
    """An unknown department name is reported, never matched to a near guess."""
    resolution = DepartmentDirectory().resolve("区火星事务局")
    assert not resolution.known
    assert resolution.departments == []
