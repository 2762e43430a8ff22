import pytest

from tests.areas.cities import city_cast, district_cast, make_city


class TwoDistricts:
    """The URL table's world in 嘉定区 (its people keep the table's names: staff, head, sup, lead),
    宝山区's own 区司法局 and 区市场监管局 with their people (bstaff, bhead, bsup, blead), and the
    city's supervisor and leader (csup, clead)."""

    def __init__(self):
        from tests.test_url_table import World

        self.city, self.baoshan, self.jiading = make_city()
        people = {**district_cast(self.baoshan, "b"), **city_cast(self.city)}
        self.baoshan_justice, self.baoshan_market = people.pop("justice"), people.pop("market")
        self.city_bureau = people.pop("bureau")
        self.world = World(self.jiading)
        self.users = {**self.world.users, **people}


@pytest.fixture
def districts(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return TwoDistricts()
