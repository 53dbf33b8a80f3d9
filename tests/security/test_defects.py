"""Defects the security suites found, each pinned by a test of its own."""

import pytest

from courses.learning.models import Enrolment
from tests.security.world import World, client_for, records

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("course", [str(2**64), "-5", "9" * 40, "1.5", "١٢"])
def test_enrolling_a_trainee_in_an_impossible_course_id_is_a_form_error_not_a_500(course):
    """The training administrator's enrol form took any number as the course: one too large
    for the database's integer answered 500 (OverflowError on SQLite)."""
    world = World()
    before = records()
    response = client_for(world.training_admin).post(
        f"/admin/training/trainees/{world.ana.user.pk}/enrol/",
        {"course": course, "reason": "Testing"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert records() == before
    assert Enrolment.objects.filter(user=world.ana.user, course_id=world.practice.pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/training-reports/progress/",
        "/admin/training-reports/quiz-results/",
        "/admin/training-reports/item-analysis/",
        "/admin/training/certificates/",
        "/admin/training/trainees/",
    ],
)
def test_report_filters_take_an_id_beyond_the_database_without_a_500(url):
    """The reports' and the trainee list's course, quiz and cohort filters looked any number
    up: one beyond a 64-bit integer answered 500."""
    world = World()
    client = client_for(world.training_admin)
    for name in ("course", "quiz", "cohort"):
        response = client.get(url, {name: str(2**63)})
        assert response.status_code == 200, (name, response.status_code)
    # A real id still filters.
    assert client.get(url, {"course": world.course.pk}).status_code == 200


def test_a_cohort_for_a_course_id_beyond_the_database_is_a_form_error_not_a_500():
    """The cohort form's course choice looked any number up: one beyond a 64-bit integer
    answered 500 on SQLite, adding a cohort or editing one."""
    from courses.learning.models import Cohort

    world = World()
    client = client_for(world.training_admin)
    before = records()
    form = {"name": "Spring group", "course": str(2**63), "starts_on": "", "due_on": ""}
    for url in ("/admin/training/cohorts/new/", f"/admin/training/cohorts/edit/{world.cohort.pk}/"):
        response = client.post(url, form)
        assert response.status_code in (200, 400), (url, response.status_code)
        assert "Select a valid choice" in response.content.decode()
    assert records() == before
    assert Cohort.objects.get(pk=world.cohort.pk).name == world.cohort.name
