"""Times in the trainee's own time zone: a profile setting, activated on every page they see,
and named beside the times."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.factories import make_trainee
from tests.quiz_helpers import all_right, quiz_setting, start, submit

pytestmark = pytest.mark.django_db

SUBMITTED = datetime.datetime(2026, 7, 1, 10, 5, tzinfo=datetime.UTC)  # 12:05 in Berlin


def profile_form(client):
    return BeautifulSoup(client.get("/accounts/profile/").content, "html.parser")


def profile_data(**changes):
    return {"full_name": "Ada Trainee", "profession": "nurse", **changes}


def test_the_profile_sets_a_time_zone_and_defaults_to_the_sites(client):
    trainee = make_trainee()
    client.force_login(trainee)
    select = profile_form(client).select_one("select#id_time_zone")
    assert select.find("option", selected=True)["value"] == ""
    assert select.find("option", selected=True).get_text() == "The site's time zone (UTC)"
    assert select.find("option", value="Europe/Berlin") is not None
    response = client.post("/accounts/profile/", profile_data(time_zone="Europe/Berlin"))
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.time_zone == "Europe/Berlin"
    select = profile_form(client).select_one("select#id_time_zone")
    assert select.find("option", selected=True)["value"] == "Europe/Berlin"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../../etc/passwd", "x" * 500])
def test_an_unknown_time_zone_is_a_form_error_not_a_failure(client, zone):
    trainee = make_trainee()
    client.force_login(trainee)
    response = client.post("/accounts/profile/", profile_data(time_zone=zone))
    assert response.status_code == 200
    assert "Choose a time zone from the list." in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.time_zone == ""


def test_a_trainee_in_berlin_sees_a_submission_time_in_berlin_time(client):
    _course, _module, quiz, trainee, trainee_client = quiz_setting()
    attempt = start(trainee_client, quiz)
    attempt = submit(trainee_client, attempt, all_right(attempt))
    type(attempt).objects.filter(pk=attempt.pk).update(
        started_at=SUBMITTED - datetime.timedelta(minutes=20), submitted_at=SUBMITTED
    )
    result_url = f"/learning/attempts/{attempt.public_id}/"

    def shown(url):
        return BeautifulSoup(trainee_client.get(url).content, "html.parser").get_text(" ")

    assert "submitted 1 Jul 2026, 10:05 (UTC)" in " ".join(shown(result_url).split())
    trainee.time_zone = "Europe/Berlin"
    trainee.save()
    assert "submitted 1 Jul 2026, 12:05 (Europe/Berlin)" in " ".join(shown(result_url).split())
    quiz_page = " ".join(shown(quiz.url).split())
    assert "Started (Europe/Berlin)" in quiz_page and "1 Jul 2026, 11:45" in quiz_page
    assert "shown in your time zone, Europe/Berlin" in shown("/learning/")
    # Nothing leaks into the next request of someone else.
    assert timezone.get_current_timezone_name() == "UTC"
    other = make_trainee("other")
    client.force_login(other)
    assert "shown in your time zone, UTC" in BeautifulSoup(
        client.get("/learning/").content, "html.parser"
    ).get_text(" ")
