"""The training panel on the admin dashboard: shown only to those who administer training,
with the last 30 days' enrolments and completions as a chart drawn on the server (and as
figures), and the cohorts with trainees behind their due date."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.learning.activity import daily_activity
from courses.learning.models import Cohort, CohortMembership, CourseCompletion, Enrolment
from courses.learning.services.enrolment import unenrol_trainee
from tests.factories import make_trainee
from tests.training_admin_helpers import World, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def panel(client):
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    return soup.find(id="training-section")


def complete_course(enrolment, when):
    CourseCompletion.objects.create(
        enrolment=enrolment,
        user=enrolment.user,
        course_id=enrolment.course_id,
        course_title=enrolment.course_title,
        ce_hours=2,
        completed_at=when,
    )


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_the_panel_is_for_training_administrators_only(world):
    assert panel(signed_in(world.admin)) is not None
    assert panel(signed_in(world.author)) is None


def test_the_chart_counts_enrolments_and_completions_per_day(world):
    now = timezone.now()
    for n in range(3):
        trainee = make_trainee(f"t{n}", enrolled_in=world.course)
        Enrolment.objects.filter(user=trainee).update(enrolled_at=now - timedelta(days=2))
    old = make_trainee("old", enrolled_in=world.course)
    Enrolment.objects.filter(user=old).update(enrolled_at=now - timedelta(days=45))
    complete_course(Enrolment.objects.get(user=old), now - timedelta(days=1))
    today = timezone.localdate()
    days = daily_activity(today)
    assert len(days) == 30 and days[-1].day == today
    by_day = {day.day: day for day in days}
    assert by_day[today - timedelta(days=2)].enrolments == 3
    assert by_day[today].enrolments == 1  # the world's trainee
    assert by_day[today - timedelta(days=1)].completions == 1
    assert sum(day.enrolments for day in days) == 4  # the one 45 days ago is left out

    shown = panel(signed_in(world.admin))
    assert "4 enrolments and 1 course completion" in text(shown)
    chart = shown.find("svg", class_="training-chart")
    assert chart["role"] == "img" and chart.find("title").get_text()
    heights = {
        rect.find("title").get_text(): float(rect["height"]) for rect in chart.find_all("rect")
    }
    busiest = f"{today - timedelta(days=2):%d %b}: 3 enrolments"
    assert heights[busiest] == 120  # the tallest bar: the busiest day
    assert heights[f"{today:%d %b}: 1 enrolment"] == 40
    assert heights[f"{today:%d %b}: 0 completions"] == 0
    figures = shown.find("details").find("table")
    assert len(figures.find("tbody").find_all("tr")) == 30


def test_cohorts_past_due_list_their_trainees_behind(world):
    today = timezone.localdate()
    world.cohort.due_on = today - timedelta(days=1)
    world.cohort.save()
    done = make_trainee("done", enrolled_in=world.course)
    complete_course(Enrolment.objects.get(user=done), timezone.now())
    left = make_trainee("left", enrolled_in=world.course)
    unenrol_trainee(Enrolment.objects.get(user=left), reason="Left", by=world.admin)
    for trainee in (done, left):
        CohortMembership.objects.create(cohort=world.cohort, user=trainee)
    future = Cohort.objects.create(
        name="Later cohort", course_id=world.course.pk, due_on=today + timedelta(days=9)
    )
    CohortMembership.objects.create(cohort=future, user=make_trainee("later"))
    shown = text(panel(signed_in(world.admin)))
    # Ana has not completed; "done" completed and "left" was unenrolled: 1 of 3 behind.
    assert "Spring cohort (Foundations): 1 of 3 not completed" in shown
    assert "Later cohort" not in shown


def test_the_dashboard_costs_the_same_whatever_the_number_of_trainees(world):
    world.cohort.due_on = timezone.localdate() - timedelta(days=1)
    world.cohort.save()
    client = signed_in(world.admin)

    def count():
        client.get(reverse("wagtailadmin_home"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("wagtailadmin_home"))
        return len(queries)

    few = count()
    for n in range(15):
        trainee = make_trainee(f"many-{n}", enrolled_in=world.course)
        CohortMembership.objects.create(cohort=world.cohort, user=trainee)
    assert count() == few
