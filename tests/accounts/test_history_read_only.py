"""The history is a record: the admin shows a past version but never reverts to it."""

from plans.models import Department


def test_the_admin_shows_history_but_cannot_revert(client, actors):
    department = actors.market
    department.short_name = "市场局"
    department.save()
    old = department.history.order_by("history_id").first()
    client.force_login(actors.admin)
    url = f"/admin/plans/department/{department.pk}/history/{old.history_id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": department.name, "short_name": "市场监管局", "kind": department.kind})
    assert response.status_code == 403
    assert Department.objects.get(pk=department.pk).short_name == "市场局"
