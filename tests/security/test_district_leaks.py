"""A second district: the URL table's world with its planted text lives in 嘉定区; the people of 宝山区
(staff, head, supervisor, leader) walk every URL of the table and are refused every object of it and
shown none of its text; the city's supervisor and leader read exactly what was handed in and change
nothing in the district. One world for the whole walk, so that the second district costs one sweep."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.areas.cities import city_cast, district_cast, make_city
from tests.security.leak_world import LeakWorld, readable_text, swept_urls
from tests.test_url_table import TABLE, post_data

OTHER_DISTRICT = ("bstaff", "bhead", "bsup", "blead")
CITY = ("csup", "clead")
# Public whatever the district: the 政务公开 page and the published report; old addresses redirect.
PUBLIC = {("reports:public_plan", "plan"), ("reports:public_report_pdf", "public_pdf")}
PUBLIC |= {("reports:annual_download", "published_pdf"), ("tasks:old_task_pages", "old_task")}
# A user's own account and settings: changing them changes nothing of the district's.
OWN_ACCOUNT = {"logout", "reports:notification_settings", "reports:digest_pause", "reports:digest_robots"}


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    city, baoshan, jiading = make_city()
    # The other district's and the city's people exist before the district works, so that every
    # hand-off and mail of its day had the chance to reach them.
    people = {**district_cast(baoshan, "b"), **city_cast(city)}
    world = LeakWorld(jiading)
    for role in OTHER_DISTRICT + CITY:
        world.users[role] = people[role]
    world.baoshan_market = people["market"]
    return world


def test_another_district_is_refused_every_object_and_the_city_reads_only_handed_in_work(world):
    """Every page, export, PDF and Word file of the table (and the exports by query string, such as
    /city/?format=xlsx): 宝山's cast gets 403/404 for 嘉定's objects and reads none of its planted
    text; the city reads the handed-in text and no draft."""
    city_reads = {secret for secret, readers in world.secrets.items() if "lead" in readers}
    urls = swept_urls(world)
    leaks, opened, seen = {}, {}, {role: set() for role in CITY}
    for role in OTHER_DISTRICT + CITY:
        client = Client()
        client.force_login(world.users[role])
        for url, (name, target) in sorted(urls.items()):
            response = client.get(url)
            text = readable_text(response)
            found = {secret for secret in world.secrets if secret in text}
            if role in CITY:
                seen[role] |= found
                found -= city_reads
            if found:
                leaks[f"{role} GET {url}"] = sorted(found)
            refused = response.status_code in {403, 404, 405}
            if role in OTHER_DISTRICT and target != "-" and (name, target) not in PUBLIC and not refused:
                opened[f"{role} GET {name} {target}"] = response.status_code
    assert leaks == {}
    assert opened == {}
    # The city does read the district's handed-in work: all of it, on these pages.
    assert seen["csup"] == city_reads
    assert seen["clead"] == city_reads


def test_neither_another_district_nor_the_city_changes_anything_in_the_district(world):
    """Every POST of the table, by 宝山's cast and the city's: refused, and the world unchanged."""
    changed = {}
    for row in TABLE:
        if row.method != "POST" or row.name in OWN_ACCOUNT:
            continue
        url = reverse(row.name, kwargs=world.kwargs(row.target))
        for role in OTHER_DISTRICT + CITY:
            if role in CITY and row.name == "reports:digest_scope":
                continue  # the city reads the district's plan, so it may follow it in its own digest
            with transaction.atomic():
                client = Client(enforce_csrf_checks=True)
                client.force_login(world.users[role])
                before = world.snapshot()
                response = client.post(url, post_data(world, row, client))
                if world.snapshot() != before:
                    changed[f"{role} POST {row.name} {row.target}"] = response.status_code
                transaction.set_rollback(True)
    assert changed == {}


def test_no_mail_of_the_district_reaches_another_districts_people_or_the_city(
    db, settings, tmp_path, eager_celery, django_capture_on_commit_callbacks
):
    """The district's day — 催办, reminders, hand-offs — is mailed to its own people and units only."""
    from django.core import mail

    from plans.policy import SYSTEM
    from reports.handoff import send_due_handoffs
    from tasks.reminders import send_reminders

    settings.MEDIA_ROOT = tmp_path
    city, baoshan, jiading = make_city()
    people = {**district_cast(baoshan, "b"), **city_cast(city)}
    with django_capture_on_commit_callbacks(execute=True):
        world = LeakWorld(jiading)
        send_reminders(world.period.due_date - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):  # the hand-offs were noted on commit
        send_due_handoffs(actor=SYSTEM)
    outside = {people[role].email for role in OTHER_DISTRICT + CITY} | set(people["market"].emails)
    assert len(mail.outbox) >= 3  # the 催办, a reminder and the hand-offs of the district's own day
    addressed = {address for message in mail.outbox for address in (*message.to, *message.cc, *message.bcc)}
    assert addressed and not addressed & outside
    assert "sup@example.gov.cn" in addressed  # the district's own supervisor is told of confirmed work


def test_the_task_list_across_plans_shows_the_district_to_the_city_only(world):
    """/tasks/ and its export, every plan asked for: 宝山's cast finds none of 嘉定's tasks there, the
    city's supervisor and leader find them."""
    title = world.task.title
    for role in OTHER_DISTRICT + CITY:
        client = Client()
        client.force_login(world.users[role])
        for url in ("/tasks/?scope=all", f"/tasks/?scope=all&plan={world.plan.pk}", "/tasks/export.xlsx?scope=all"):
            assert (title in readable_text(client.get(url))) == (role in CITY), (role, url)
