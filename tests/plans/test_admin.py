"""The administrator edits departments in plain lines, and cannot give away another's name."""

from plans.models import Department


def test_aliases_and_emails_are_edited_one_per_line(client, actors):
    """In the admin, a department's aliases and email addresses are edited one per line."""
    client.force_login(actors.admin)
    page = client.get(f"/admin/plans/department/{actors.market.pk}/change/").content.decode()
    assert "市场监管" in page and '["' not in page.split('name="aliases"')[1][:200]
    response = client.post(
        f"/admin/plans/department/{actors.market.pk}/change/",
        {
            "name": "区市场监管局",
            "short_name": "市场监管局",
            "aliases": "市场监管\n区市监局",
            "kind": "district",
            "emails": "a@baoshan.example.gov.cn\nb@baoshan.example.gov.cn",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    actors.market.refresh_from_db()
    assert actors.market.aliases == ["市场监管", "区市监局"]
    assert actors.market.emails == ["a@baoshan.example.gov.cn", "b@baoshan.example.gov.cn"]


def test_an_alias_of_another_department_is_refused(client, actors):
    """The admin refuses an alias that already names another department."""
    client.force_login(actors.admin)
    response = client.post(
        f"/admin/plans/department/{actors.market.pk}/change/",
        {
            "name": "区市场监管局",
            "short_name": "市场监管局",
            "aliases": "司法局",
            "kind": "district",
            "emails": "",
            "is_active": "on",
        },
    )
    assert "别名已被其他部门使用：司法局" in response.content.decode()
    assert Department.objects.get(pk=actors.market.pk).aliases == ["市场监管"]
